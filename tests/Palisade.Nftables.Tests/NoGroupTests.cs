using Palisade.Core.Model;
using static Palisade.Nftables.Tests.Hosts;

namespace Palisade.Nftables.Tests;

/// <summary>
/// Ports in no group (design.md §2, docs/architecture.md "Semantics decided"): a port whose groups
/// are <c>[]</c> jumps to no group chain, even when its project has a default group, and a port
/// with port security off is in no group's member set, whatever binds it.
/// </summary>
public sealed class NoGroupTests
{
    private static readonly SecurityGroup Default = new("d1", "p1", SecurityGroup.DefaultName,
        [Rule("d1-in", "d1", Direction.Ingress, remote: new Remote.Group("d1")), Rule("d1-out", "d1", Direction.Egress)]);

    [Fact]
    public void A_port_with_no_group_jumps_to_no_group_chain()
    {
        var ruleset = RulesetRenderer.Render(Build([Default], [Port("bare", "10.0.0.5")], []));

        Assert.DoesNotContain("jump group_", ruleset, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_with_port_security_off_is_not_a_member_of_a_group_bound_to_its_project()
    {
        var ruleset = RulesetRenderer.Render(Build([Default], [Port("guarded", "10.0.0.5"), Port("open", "10.0.0.6", portSecurity: false)], [new Binding("d1", BindingScope.Project, "p1")]));

        Assert.Contains("10.0.0.5", SetElements(ruleset, "group_d1_v4"), StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.6", SetElements(ruleset, "group_d1_v4"), StringComparison.Ordinal);
    }

    /// <summary>The text of a set's definition, from its name to its closing brace.</summary>
    private static string SetElements(string ruleset, string set)
    {
        var start = ruleset.IndexOf($"set {set} {{", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no set {set} in:\n{ruleset}");
        return ruleset[start..ruleset.IndexOf('}', start)];
    }
}
