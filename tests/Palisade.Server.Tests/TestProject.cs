namespace Palisade.Server.Tests;

/// <summary>A project made for one test: ids, its name, and the first three octets of its subnet.</summary>
public sealed record TestProject(string Id, string Name, string DefaultGroupId, string NetworkId, string SubnetId, string Prefix)
{
    public string Address(int host) => $"{Prefix}.{host}";
}
