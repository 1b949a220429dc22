using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Net;
using Palisade.Core.Model;

namespace Palisade.Core.Policy;

/// <summary>
/// A snapshot indexed once so that the effective policy of every port of a host costs
/// O(ports + bindings + rules + members) instead of a scan of the snapshot per port. It is
/// immutable once built and safe to share between threads: the server builds one per revision and
/// answers every host's feed from it.
/// </summary>
public sealed class PolicyIndex
{
    private readonly FrozenDictionary<string, SecurityGroup> groups;
    private readonly FrozenDictionary<string, Subnet> subnets;
    private readonly FrozenDictionary<string, Port> ports;
    private readonly ILookup<string, Port> portsByHost;
    private readonly ILookup<string, string> portBindings;
    private readonly ILookup<string, string> instanceBindings;
    private readonly ILookup<(string Project, PortPhase Phase), string> projectBindings;
    private readonly ILookup<PortPhase, string> globalBindings;
    private readonly ImmutableArray<PlatformPolicy> platformPolicies;
    private readonly Lazy<FrozenDictionary<string, ImmutableArray<IPNetwork>>> membersByGroup;
    private readonly FrozenDictionary<string, AddressGroup> addressGroups;

    public PolicyIndex(PolicySnapshot snapshot)
    {
        Snapshot = snapshot;
        groups = snapshot.Groups.ToFrozenDictionary(g => g.Id);
        subnets = snapshot.Subnets.ToFrozenDictionary(s => s.Id);
        ports = snapshot.Ports.ToFrozenDictionary(p => p.Id);
        portsByHost = snapshot.Ports.Where(p => p.Host is not null).OrderBy(p => p.Id, StringComparer.Ordinal).ToLookup(p => p.Host!, StringComparer.Ordinal);
        portBindings = Targets(snapshot, BindingScope.Port).ToLookup(b => b.TargetId!, b => b.GroupId);
        instanceBindings = Targets(snapshot, BindingScope.Instance).ToLookup(b => b.TargetId!, b => b.GroupId);
        projectBindings = Targets(snapshot, BindingScope.Project).ToLookup(b => (b.TargetId!, b.Phase), b => b.GroupId);
        globalBindings = snapshot.Bindings.Where(b => b.Scope == BindingScope.Global).ToLookup(b => b.Phase, b => b.GroupId);
        platformPolicies = [.. snapshot.PlatformPolicies.Where(p => p.Enabled).OrderBy(p => p.Id, StringComparer.Ordinal)];
        membersByGroup = new(BuildMembers);
        addressGroups = snapshot.AddressGroups.ToFrozenDictionary(g => g.Id);
    }

    public PolicySnapshot Snapshot { get; }

    /// <summary>The ports bound to <paramref name="host"/>, in port id order.</summary>
    public IEnumerable<Port> PortsOn(string host) => portsByHost[host];

    /// <summary>
    /// The ids of every group bound to the port at any scope, enabled or not, in id order. A port with
    /// port security off is in no group (design.md §2, Neutron's port_security extension): it is
    /// neither filtered by a group nor counted among a remote group's members. Nothing bound means no
    /// group: the default group is bound only by creating a port without saying which groups it
    /// wants (an explicit port binding, PortsApi), never as a fallback, so a port whose groups were
    /// set to <c>[]</c> drops everything its fixed steps do not allow, as Neutron's does
    /// (docs/architecture.md, "Semantics decided").
    /// </summary>
    public ImmutableArray<string> BoundGroupIds(Port port)
    {
        var ids = new IdSink(new SortedSet<string>(StringComparer.Ordinal));
        ForEachBinding(port, ref ids);
        ids.Bound.RemoveWhere(id => !groups.ContainsKey(id));
        return [.. ids.Bound];
    }

    /// <summary>
    /// The groups of <see cref="BoundGroupIds"/>, each with the scopes that bind it to the port (a
    /// group may reach a port both by itself and through its instance), for showing where each of a
    /// port's rules comes from. The same walk as the policy's (<see cref="ForEachBinding"/>), so the
    /// two cannot disagree.
    /// </summary>
    public ImmutableArray<GroupOrigin> GroupOrigins(Port port)
    {
        var origins = new OriginSink(new SortedDictionary<string, SortedSet<BindingScope>>(StringComparer.Ordinal));
        ForEachBinding(port, ref origins);
        return [.. origins.Scopes.Where(o => groups.ContainsKey(o.Key)).Select(o => new GroupOrigin(o.Key, [.. o.Value]))];
    }

    /// <summary>
    /// Every binding that reaches the port, by group id and scope (a group may come more than once).
    /// The sink is a struct type parameter, so the feed's hot path (<see cref="BoundGroupIds"/> for
    /// every port of the snapshot) pays no delegate call per binding.
    /// </summary>
    private void ForEachBinding<TSink>(Port port, ref TSink sink)
        where TSink : struct, IBindingSink
    {
        if (!port.PortSecurityEnabled)
        {
            return;
        }

        foreach (var id in portBindings[port.Id])
        {
            sink.Found(id, BindingScope.Port);
        }

        if (port.InstanceId is not null)
        {
            // Instance ids are the compute service's, not unique across tenants: a project's group
            // reaches only that project's ports of the instance.
            foreach (var id in instanceBindings[port.InstanceId])
            {
                if (groups.TryGetValue(id, out var group) && (group.ProjectId is null || group.ProjectId == port.ProjectId))
                {
                    sink.Found(id, BindingScope.Instance);
                }
            }
        }

        // A binding without a phase applies in every phase (docs/architecture.md, "Semantics
        // decided"): a Cloud Foundry operator binding a group to a space or the platform without
        // naming running or staging means all of its apps, as CAPI's globally enabled and space
        // groups do when set for both lifecycles. Rules only allow, so it widens, never narrows.
        InPhase(port, port.Phase, ref sink);
        if (port.Phase != PortPhase.None)
        {
            InPhase(port, PortPhase.None, ref sink);
        }
    }

    private void InPhase<TSink>(Port port, PortPhase phase, ref TSink sink)
        where TSink : struct, IBindingSink
    {
        foreach (var id in projectBindings[(port.ProjectId, phase)])
        {
            sink.Found(id, BindingScope.Project);
        }

        foreach (var id in globalBindings[phase])
        {
            sink.Found(id, BindingScope.Global);
        }
    }

    public EffectivePolicy Build(string portId) =>
        ports.TryGetValue(portId, out var port)
            ? Build(port)
            : throw new KeyNotFoundException($"port {portId} is not in the snapshot");

    public EffectivePolicy Build(Port port)
    {
        var enabled = BoundGroupIds(port).Select(id => groups[id]).Where(g => g.Status == GroupStatus.Enabled).ToList();
        var rules = enabled
            .SelectMany(g => g.Rules.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => new EffectiveRule(r, g.Stateful)))
            .ToImmutableArray();

        var remoteGroups = rules
            .Select(r => r.Rule.Remote)
            .OfType<Remote.Group>()
            .Select(g => g.GroupId)
            .Distinct()
            .ToImmutableDictionary(id => id, id => membersByGroup.Value.GetValueOrDefault(id, []));

        var addressGroupCidrs = rules
            .Select(r => r.Rule.Remote)
            .OfType<Remote.AddressGroup>()
            .Select(g => g.AddressGroupId)
            .Distinct()
            .ToImmutableDictionary(id => id, id => addressGroups.TryGetValue(id, out var group) ? group.Addresses : []);

        var intraSubnet = port.FixedIps
            .Select(ip => subnets.GetValueOrDefault(ip.SubnetId))
            .OfType<Subnet>()
            .Where(s => s.IntraSubnetAllowed)
            .Select(s => s.Cidr)
            .Distinct()
            .ToImmutableArray();

        return new EffectivePolicy(
            port,
            [.. enabled.Select(g => g.Id)],
            rules,
            remoteGroups,
            platformPolicies,
            intraSubnet,
            AddressesOf(port),
            Stateful: enabled.Count == 0 || enabled.Any(g => g.Stateful))
        {
            AddressGroups = addressGroupCidrs,
        };
    }

    /// <summary>The addresses of every port bound to the group, which a rule naming it as remote group matches; none when no port is bound.</summary>
    public ImmutableArray<IPNetwork> MembersOf(string groupId) => membersByGroup.Value.GetValueOrDefault(groupId, []);

    /// <summary>The addresses a port may send from, and which make it a member of its groups: fixed IPs and allowed address pairs.</summary>
    public static ImmutableArray<IPNetwork> AddressesOf(Port port) =>
        [.. port.FixedIps.Select(ip => new IPNetwork(ip.Address, ip.Address.GetAddressBytes().Length * 8))
            .Concat(port.AllowedAddressPairs.Select(p => p.IpAddress))
            .Distinct()];

    private static IEnumerable<Binding> Targets(PolicySnapshot snapshot, BindingScope scope) =>
        snapshot.Bindings.Where(b => b.Scope == scope && b.TargetId is not null);

    private FrozenDictionary<string, ImmutableArray<IPNetwork>> BuildMembers()
    {
        var members = new Dictionary<string, HashSet<IPNetwork>>(StringComparer.Ordinal);
        foreach (var port in Snapshot.Ports)
        {
            var addresses = AddressesOf(port);
            foreach (var groupId in BoundGroupIds(port))
            {
                if (!members.TryGetValue(groupId, out var set))
                {
                    members[groupId] = set = [];
                }

                set.UnionWith(addresses);
            }
        }

        return members.ToFrozenDictionary(
            m => m.Key,
            m => m.Value.OrderBy(n => n.BaseAddress.AddressFamily).ThenBy(n => n.ToString(), StringComparer.Ordinal).ToImmutableArray());
    }

    private interface IBindingSink
    {
        void Found(string groupId, BindingScope scope);
    }

    private readonly struct IdSink(SortedSet<string> bound) : IBindingSink
    {
        public SortedSet<string> Bound { get; } = bound;

        public void Found(string groupId, BindingScope scope) => Bound.Add(groupId);
    }

    private readonly struct OriginSink(SortedDictionary<string, SortedSet<BindingScope>> scopes) : IBindingSink
    {
        public SortedDictionary<string, SortedSet<BindingScope>> Scopes { get; } = scopes;

        public void Found(string groupId, BindingScope scope) =>
            (Scopes.TryGetValue(groupId, out var found) ? found : Scopes[groupId] = []).Add(scope);
    }
}
