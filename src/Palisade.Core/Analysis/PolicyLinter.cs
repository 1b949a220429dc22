using System.Collections.Immutable;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Core.Analysis;

/// <summary>
/// Finds what is wrong or useless in one project's groups, rules and bindings (docs/lint.md), with
/// the same reading of rules as the classifier (<see cref="RuleRegion"/>), so a finding is exact:
/// a rule reported as shadowed allows no flow that the rule named as covering it does not allow,
/// judged with the remote groups' members as they are now. Groups of the project are linted; a
/// group of another owner bound to the project's ports (a platform group) may cover a rule.
/// Findings come sorted by code, then by the first rule, group and port they name.
/// </summary>
public static class PolicyLinter
{
    public static ImmutableArray<LintFinding> Lint(PolicySnapshot snapshot, string projectId) =>
        Lint(new PolicyIndex(snapshot), projectId);

    public static ImmutableArray<LintFinding> Lint(PolicyIndex index, string projectId)
    {
        var snapshot = index.Snapshot;
        var ports = snapshot.Ports.Where(p => p.ProjectId == projectId).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        var groupsById = snapshot.Groups.ToDictionary(g => g.Id);
        var boundPorts = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var findings = new List<LintFinding>();
        foreach (var port in ports)
        {
            var bound = index.BoundGroupIds(port);
            foreach (var groupId in bound)
            {
                if (!boundPorts.TryGetValue(groupId, out var set))
                {
                    boundPorts[groupId] = set = new(StringComparer.Ordinal);
                }

                set.Add(port.Id);
            }

            if (port.PortSecurityEnabled && !bound.Any(id => groupsById[id].Status == GroupStatus.Enabled))
            {
                findings.Add(new(LintCode.PortWithoutGroups,
                    bound.IsEmpty
                        ? $"Port {port.Id} has no group: every flow that needs a rule is dropped."
                        : $"Port {port.Id} has only disabled groups: every flow that needs a rule is dropped.",
                    "Bind a group that allows the traffic the port needs, or disable port security if the port must pass everything.",
                    [], [.. bound], [port.Id]));
            }
        }

        SortedSet<string> PortsOf(string groupId) => boundPorts.GetValueOrDefault(groupId) ?? new(StringComparer.Ordinal);

        var resolver = new RegionResolver(index);
        var projectGroups = snapshot.Groups.Where(g => g.ProjectId == projectId).OrderBy(g => g.Id, StringComparer.Ordinal).ToList();
        var enabledRegions = new Dictionary<string, List<RuleRegion>>(StringComparer.Ordinal);
        foreach (var group in projectGroups.Concat(boundPorts.Keys.Select(id => groupsById[id]).Where(g => g.ProjectId != projectId)))
        {
            if (group.Status == GroupStatus.Enabled)
            {
                enabledRegions[group.Id] = [.. group.Rules.OrderBy(r => r.Id, StringComparer.Ordinal).Select(resolver.Resolve)];
            }
        }

        foreach (var group in projectGroups)
        {
            var groupPorts = PortsOf(group.Id);
            if (groupPorts.Count == 0)
            {
                findings.Add(new(LintCode.GroupUnbound, $"Group {group.Name} ({group.Id}) is bound to no port: its rules apply nowhere.",
                    "Bind it to the ports it was made for, or delete it.", [], [group.Id], []));
            }
            else if (group.Status == GroupStatus.Disabled)
            {
                findings.Add(new(LintCode.DisabledGroupBound, $"Group {group.Name} ({group.Id}) is disabled but still bound to {groupPorts.Count} port(s): its rules do not apply to them.",
                    "Enable the group if its rules are needed, or unbind it.", [], [group.Id], [.. groupPorts]));
            }

            foreach (var rule in group.Rules.OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                // A group unbound (PAL005) whose rules name itself, as every default group does: binding it fixes both, so one finding says it.
                if (groupPorts.Count == 0 && rule.Remote is Remote.Group self && self.GroupId == group.Id)
                {
                    continue;
                }

                if (NeverMatches(rule, resolver) is { } finding)
                {
                    findings.Add(finding);
                }
            }
        }

        foreach (var group in projectGroups.Where(g => enabledRegions.ContainsKey(g.Id)))
        {
            foreach (var region in enabledRegions[group.Id].Where(r => r.Direction == Direction.Ingress && r.Addresses.IsEverything))
            {
                var services = AdministrativePorts.OpenedBy(region);
                if (!services.IsEmpty)
                {
                    findings.Add(new(LintCode.WorldOpenAdministrativePort,
                        $"{RuleText.Of(region.Rule)} opens {string.Join(", ", services)} to every {region.EtherType} address.",
                        "Allow these ports only from the addresses that administer the instances (a VPN or bastion prefix, or a remote group), or use a port range that leaves them out.",
                        [region.Rule.Id], [group.Id], [.. PortsOf(group.Id)]));
                }
            }
        }

        findings.AddRange(Shadowing(projectGroups.Where(g => enabledRegions.ContainsKey(g.Id)).ToList(), enabledRegions, PortsOf));
        return [.. findings
            .OrderBy(f => f.Code.Id, StringComparer.Ordinal)
            .ThenBy(f => f.RuleIds.FirstOrDefault() ?? "", StringComparer.Ordinal)
            .ThenBy(f => f.GroupIds.FirstOrDefault() ?? "", StringComparer.Ordinal)
            .ThenBy(f => f.PortIds.FirstOrDefault() ?? "", StringComparer.Ordinal)];
    }

    private static LintFinding? NeverMatches(SecurityGroupRule rule, RegionResolver resolver)
    {
        if (rule.Remote is not (Remote.Group or Remote.AddressGroup) || !resolver.AddressesOf(rule.Remote, rule.EtherType).IsEmpty)
        {
            return null;
        }

        var what = rule.Remote is Remote.Group ? "remote group" : "address group";
        return resolver.RawAddressesOf(rule.Remote).IsEmpty
            ? new(LintCode.RemoteEmpty, $"{RuleText.Of(rule)} names a {what} with no addresses: it allows nothing.",
                rule.Remote is Remote.Group ? "Bind the remote group to the ports it stands for, or delete the rule." : "Add the addresses to the address group, or delete the rule.",
                [rule.Id], [rule.GroupId], [])
            : new(LintCode.RuleNeverMatches, $"{RuleText.Of(rule)} names a {what} with no {rule.EtherType} address: it allows nothing.",
                $"Change the rule's ethertype to {(rule.EtherType == EtherType.IPv4 ? EtherType.IPv6 : EtherType.IPv4)}, or delete it.",
                [rule.Id], [rule.GroupId], []);
    }

    private static IEnumerable<LintFinding> Shadowing(
        List<SecurityGroup> groups,
        Dictionary<string, List<RuleRegion>> regionsByGroup,
        Func<string, SortedSet<string>> portsOf)
    {
        var indexes = regionsByGroup.ToDictionary(g => g.Key, g => new CoverIndex(g.Value), StringComparer.Ordinal);
        var shadowed = new HashSet<RuleRegion>(ReferenceEqualityComparer.Instance);
        var findings = new List<LintFinding>();
        foreach (var group in groups)
        {
            var index = indexes[group.Id];
            var ports = portsOf(group.Id);

            // Groups bound wherever this one is: a rule of theirs that covers one of ours makes ours useless.
            var wider = ports.Count == 0
                ? []
                : regionsByGroup.Keys
                    .Where(id => id != group.Id && ports.IsSubsetOf(portsOf(id)))
                    .Order(StringComparer.Ordinal)
                    .ToList();
            foreach (var region in regionsByGroup[group.Id])
            {
                if (index.FindCover(region) is { } sameGroup)
                {
                    shadowed.Add(region);
                    findings.Add(new(LintCode.ShadowedInGroup,
                        $"{RuleText.Of(region.Rule)} allows nothing that {RuleText.Of(sameGroup.Rule)} of the same group does not already allow.",
                        "Delete the narrower rule, or narrow the wider one if it allows more than intended.",
                        [region.Rule.Id, sameGroup.Rule.Id], [group.Id], [.. ports]));
                    continue;
                }

                foreach (var otherId in wider)
                {
                    // Two groups bound to the same ports with equal rules cover each other: report only one of the pair.
                    var mutual = portsOf(otherId).IsSubsetOf(ports);
                    var cover = indexes[otherId].FindCover(region, candidate =>
                        !mutual || !candidate.SameFlows(region) || string.CompareOrdinal(otherId, group.Id) < 0);
                    if (cover is not null)
                    {
                        shadowed.Add(region);
                        findings.Add(new(LintCode.ShadowedByOtherGroup,
                            $"{RuleText.Of(region.Rule)} allows nothing that {RuleText.Of(cover.Rule)} of group {otherId}, bound to every port this group is bound to, does not already allow.",
                            $"Delete the rule from group {group.Id}; group {otherId} already allows its flows on these ports.",
                            [region.Rule.Id, cover.Rule.Id], [group.Id, otherId], [.. ports]));
                        break;
                    }
                }
            }
        }

        findings.AddRange(Duplicates(groups, regionsByGroup, portsOf, shadowed));
        return findings;
    }

    /// <summary>Equal rules in groups that share a port, neither of which the shadow checks already report as removable.</summary>
    private static IEnumerable<LintFinding> Duplicates(
        List<SecurityGroup> groups,
        Dictionary<string, List<RuleRegion>> regionsByGroup,
        Func<string, SortedSet<string>> portsOf,
        HashSet<RuleRegion> shadowed)
    {
        var classes = groups
            .SelectMany(g => regionsByGroup[g.Id])
            .Where(r => !r.Addresses.IsEmpty && !shadowed.Contains(r))
            .GroupBy(r => (r.Direction, r.EtherType, r.Protocol, r.PortFirst, r.PortLast, r.Addresses));
        foreach (var equal in classes)
        {
            var members = equal.ToList();
            if (members.Select(r => r.Rule.GroupId).Distinct().Count() < 2)
            {
                continue;
            }

            var shared = new SortedSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < members.Count; i++)
            {
                for (var j = i + 1; j < members.Count; j++)
                {
                    if (members[i].Rule.GroupId != members[j].Rule.GroupId)
                    {
                        shared.UnionWith(portsOf(members[i].Rule.GroupId).Intersect(portsOf(members[j].Rule.GroupId)));
                    }
                }
            }

            if (shared.Count == 0)
            {
                continue;
            }

            var ordered = members.OrderBy(r => r.Rule.GroupId, StringComparer.Ordinal).ThenBy(r => r.Rule.Id, StringComparer.Ordinal).ToList();
            yield return new(LintCode.DuplicateAcrossGroups,
                $"{RuleText.Of(ordered[0].Rule)} is repeated in groups {string.Join(", ", ordered.Select(r => r.Rule.GroupId).Distinct())}, which share {shared.Count} port(s).",
                "Keep the rule in one group (for example a shared group bound to every port that needs it) and delete the copies.",
                [.. ordered.Select(r => r.Rule.Id)], [.. ordered.Select(r => r.Rule.GroupId).Distinct()], [.. shared]);
        }
    }
}
