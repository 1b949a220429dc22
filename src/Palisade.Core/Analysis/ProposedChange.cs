using System.Collections.Immutable;
using Palisade.Core.Model;
using Palisade.Core.Policy;

namespace Palisade.Core.Analysis;

/// <summary>
/// A change to try before making it: rules added (already validated, with ids) and removed,
/// bindings added and removed, and ports whose port-scope groups are replaced. It is applied to
/// a snapshot in memory only; nothing is written.
/// </summary>
public sealed record ProposedChange(
    ImmutableArray<SecurityGroupRule> AddedRules,
    ImmutableArray<string> RemovedRuleIds,
    ImmutableArray<Binding> AddedBindings,
    ImmutableArray<Binding> RemovedBindings,
    ImmutableDictionary<string, ImmutableArray<string>> ReplacedPortGroups)
{
    public static ProposedChange None { get; } = new([], [], [], [], ImmutableDictionary<string, ImmutableArray<string>>.Empty);

    /// <summary>The snapshot as it would be after the change. Removing what is not there, or adding what is, changes nothing.</summary>
    public PolicySnapshot ApplyTo(PolicySnapshot snapshot)
    {
        var removed = RemovedRuleIds.ToHashSet(StringComparer.Ordinal);
        var added = AddedRules.ToLookup(r => r.GroupId, StringComparer.Ordinal);
        var groups = snapshot.Groups
            .Select(g => removed.Count == 0 && !added.Contains(g.Id)
                ? g
                : g with { Rules = [.. g.Rules.Where(r => !removed.Contains(r.Id)).Concat(added[g.Id])] })
            .ToImmutableArray();

        var bindings = snapshot.Bindings
            .Where(b => !RemovedBindings.Contains(b))
            .Where(b => !(b.Scope == BindingScope.Port && b.TargetId is not null && ReplacedPortGroups.ContainsKey(b.TargetId)))
            .Concat(ReplacedPortGroups.SelectMany(p => p.Value.Select(g => new Binding(g, BindingScope.Port, p.Key))))
            .Concat(AddedBindings)
            .Distinct()
            .ToImmutableArray();
        return snapshot with { Groups = groups, Bindings = bindings };
    }
}
