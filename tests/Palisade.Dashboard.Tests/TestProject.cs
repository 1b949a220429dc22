namespace Palisade.Dashboard.Tests;

/// <summary>A project made for one test: its default group, a network and a subnet whose addresses start with <see cref="Prefix"/>.</summary>
public sealed record TestProject(string Id, string Name, string DefaultGroupId, string NetworkId, string SubnetId, string Prefix);
