using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Core.Classification;

/// <summary>
/// Builds the partitions, port trees and group memberships of a <see cref="PolicyClassifier"/>.
/// Remote groups and address groups are both sets of intervals that rules name by id, so each gets
/// one bit of the group masks; <c>AddressGroup</c> in the key keeps a group id and an address group
/// id apart.
/// </summary>
internal sealed class PolicyClassifierCompiler(EffectivePolicy policy)
{
    private const int PartitionCount = 4;

    private readonly Dictionary<(string Id, bool AddressGroup, EtherType Family), int> groupIndex = [];
    private readonly List<(EtherType Family, List<(UInt128 First, UInt128 Last)> Members)> groupMembers = [];
    private readonly AddressMatchBuilder?[] anyProtocol = new AddressMatchBuilder?[PartitionCount];
    private readonly AddressMatchBuilder?[] withoutPorts = new AddressMatchBuilder?[PartitionCount << 8];
    private readonly List<(int Low, int High, RemoteTarget Remote)>?[] withPorts = new List<(int, int, RemoteTarget)>?[PartitionCount << 8];

    public PolicyClassifier Compile()
    {
        foreach (var effective in policy.Rules)
        {
            Add(effective.Rule);
        }

        // One bit per group index; at least one word so that a mask is never empty by width.
        var maskWords = Math.Max(1, (groupMembers.Count + 63) / 64);
        var partitions = new ProtocolPartition?[PartitionCount << 8];
        for (var i = 0; i < partitions.Length; i++)
        {
            if (withoutPorts[i] is null && withPorts[i] is null)
            {
                continue;
            }

            var protocol = Protocol.Of((byte)(i & 0xff));
            partitions[i] = new ProtocolPartition(withoutPorts[i]?.Build(maskWords), withPorts[i] is { } entries ? PortTree.Build(entries, maskWords) : null, protocol.IsIcmp);
        }

        GroupMembership[] memberships = [MembershipOf(EtherType.IPv4, maskWords), MembershipOf(EtherType.IPv6, maskWords)];
        return PolicyClassifier.Create(policy, [.. anyProtocol.Select(b => b?.Build(maskWords))], partitions, memberships);
    }

    private void Add(SecurityGroupRule rule)
    {
        if (RemoteOf(rule) is not { } remote)
        {
            return; // a remote of the other family can never match
        }

        var partition = PolicyClassifier.PartitionOf(rule.Direction, rule.EtherType);
        if (rule.Protocol.Number is not { } number)
        {
            remote.AddTo(anyProtocol[partition] ??= new());
            return;
        }

        var index = (partition << 8) | number;
        if (PortRangeOf(rule) is not { } range)
        {
            remote.AddTo(withoutPorts[index] ??= new());
        }
        else if (range.Low <= range.High)
        {
            (withPorts[index] ??= []).Add((range.Low, range.High, remote));
        }
    }

    /// <summary>
    /// The rule's ports as keys of the port tree, or null when it restricts none. ICMP type T and
    /// code C become the key T × 256 + C; a type alone covers all 256 codes. Out-of-range values
    /// are clipped, which leaves an empty range for a rule that can never match.
    /// </summary>
    private static (int Low, int High)? PortRangeOf(SecurityGroupRule rule)
    {
        if (rule.PortRangeMin is not { } min)
        {
            return null;
        }

        if (rule.Protocol.HasPorts)
        {
            return (Math.Max(min, 0), Math.Min(rule.PortRangeMax ?? min, 65535));
        }

        if (rule.Protocol.IsIcmp)
        {
            if (min is < 0 or > 255 || rule.PortRangeMax is < 0 or > 255)
            {
                return (1, 0);
            }

            return rule.PortRangeMax is { } code ? ((min << 8) | code, (min << 8) | code) : (min << 8, (min << 8) | 0xff);
        }

        return null;
    }

    private RemoteTarget? RemoteOf(SecurityGroupRule rule)
    {
        var v6 = rule.EtherType == EtherType.IPv6;
        switch (rule.Remote)
        {
            case null:
                return RemoteTarget.Any;
            case Remote.Prefix prefix:
                return AddressKey.IsIPv6(prefix.Network.BaseAddress) == v6 ? RemoteTarget.Interval(AddressKey.Interval(prefix.Network)) : null;
            case Remote.Range range:
                return AddressKey.IsIPv6(range.First) == v6 && AddressKey.IsIPv6(range.Last) == v6 && AddressKey.Of(range.First) <= AddressKey.Of(range.Last)
                    ? RemoteTarget.Interval((AddressKey.Of(range.First), AddressKey.Of(range.Last)))
                    : null;
            case Remote.Group group:
                return RemoteTarget.OfGroup(GroupSet(group.GroupId, addressGroup: false, rule.EtherType));
            case Remote.AddressGroup addressGroup:
                return RemoteTarget.OfGroup(GroupSet(addressGroup.AddressGroupId, addressGroup: true, rule.EtherType));
            default:
                return null;
        }
    }

    private GroupMembership MembershipOf(EtherType family, int maskWords) =>
        GroupMembership.Build(groupMembers.Select((g, index) => (index, g)).Where(g => g.g.Family == family).Select(g => (g.index, g.g.Members)), maskWords);

    private int GroupSet(string id, bool addressGroup, EtherType family)
    {
        if (!groupIndex.TryGetValue((id, addressGroup, family), out var index))
        {
            var members = (addressGroup ? policy.AddressGroups : policy.RemoteGroups).GetValueOrDefault(id, []);
            var intervals = members
                .Where(m => AddressKey.IsIPv6(m.BaseAddress) == (family == EtherType.IPv6))
                .Select(AddressKey.Interval)
                .ToList();
            index = groupMembers.Count;
            groupMembers.Add((family, intervals));
            groupIndex[(id, addressGroup, family)] = index;
        }

        return index;
    }
}
