using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Model;
using Palisade.Core.Policy;
using Palisade.Server.Apis;
using Palisade.Server.Documents;
using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>Reads everything that decides traffic, at one revision, into Core's snapshot.</summary>
internal static class SnapshotReader
{
    /// <remarks>
    /// A rule belongs to the group whose document holds it: Cloud Foundry groups stored by
    /// earlier versions carry the literal group id "cf" in their rules, and the renderer keeps one chain per group id.
    /// </remarks>
    public static async Task<PolicySnapshot> ReadAsync(IStoreSession session, CancellationToken cancellationToken)
    {
        var projects = await session.ListAsync<ProjectDocument>(Kinds.Project, null, cancellationToken);
        var groups = await session.GroupsWithRulesAsync(null, cancellationToken);
        var subnets = await session.ListAsync<SubnetDocument>(Kinds.Subnet, null, cancellationToken);
        var ports = await session.ListAsync<PortDocument>(Kinds.Port, null, cancellationToken);
        var bindings = await session.ListAsync<BindingDocument>(Kinds.Binding, null, cancellationToken);
        var platformPolicies = await session.ListAsync<PlatformPolicyDocument>(Kinds.PlatformPolicy, null, cancellationToken);
        var addressGroups = await session.ListAsync<AddressGroupDocument>(Kinds.AddressGroup, null, cancellationToken);

        return new PolicySnapshot(
            [.. projects.Select(p => new Project(p.Id, p.Name, p.GroupsManagedBy == "platform" ? GroupsManagedBy.Platform : GroupsManagedBy.Project))],
            [.. groups.Select(g => new SecurityGroup(g.Id, g.ProjectId, g.Name, [.. g.Rules.Select(r => RuleMapping.ToRule(r with { SecurityGroupId = g.Id }))], g.Description,
                g.Status == "disabled" ? GroupStatus.Disabled : GroupStatus.Enabled, g.Stateful))],
            [.. ports.Select(ToPort)],
            [.. subnets.Select(s => new Subnet(s.Id, s.NetworkId, IPNetwork.Parse(s.Cidr), s.IntraSubnetAllowed))],
            [.. ports.SelectMany(p => p.SecurityGroups.Select(g => new Binding(g, BindingScope.Port, p.Id))).Concat(bindings.Select(ToBinding))],
            [.. platformPolicies.Select(PlatformPoliciesApi.ToModel)],
            session.Revision)
        {
            AddressGroups = [.. addressGroups.Select(g => new AddressGroup(g.Id, g.ProjectId, [.. g.Addresses.Select(IPNetwork.Parse)]))],
        };
    }

    private static Binding ToBinding(BindingDocument binding) => new(
        binding.GroupId,
        binding.Scope switch { "instance" => BindingScope.Instance, "project" => BindingScope.Project, _ => BindingScope.Global },
        binding.TargetId,
        ParsePhase(binding.Phase));

    private static PortPhase ParsePhase(string phase) => phase switch { "staging" => PortPhase.Staging, "running" => PortPhase.Running, _ => PortPhase.None };

    private static Port ToPort(PortDocument port) => new(
        port.Id,
        port.ProjectId,
        port.NetworkId,
        [.. port.FixedIps.Select(ip => new FixedIp(ip.SubnetId, IPAddress.Parse(ip.IpAddress)))],
        port.MacAddress,
        port.InstanceId,
        port.Host,
        ParsePhase(port.Phase),
        port.PortSecurityEnabled,
        [.. port.AllowedAddressPairs.Select(p => new AllowedAddressPair(IPNetwork.Parse(p.IpAddress), p.MacAddress))],
        LogDrops: port.LogDrops);
}
