using Palisade.Core.Model;
using static Palisade.Nftables.Tests.Hosts;

namespace Palisade.Nftables.Tests;

public sealed class HostRulesetTests
{
    [Fact]
    public void New_members_give_the_ruleset_a_full_build_gives_and_the_same_delta()
    {
        var before = HostWithApps(Port("app-1", "10.0.0.6", host: "h2"), Port("app-3", "10.0.0.9", host: "h2"));
        var after = HostWithApps(Port("app-1", "10.0.0.6", host: "h2"), Port("app-2", "10.0.0.7", "2001:db8:1::7", host: "h3"));
        var applied = HostRuleset.Build(before);

        var (next, delta) = applied.WithGroupMembers(after[0].RemoteGroups);

        Assert.Equal(HostRuleset.Build(after).ToTransaction(), next.ToTransaction());
        Assert.Equal(RulesetDiff.Compute(before, after)!.ToTransaction(), delta.ToTransaction());
    }

    [Fact]
    public void A_group_without_a_set_in_the_ruleset_changes_nothing()
    {
        var host = HostWithApps(Port("app-1", "10.0.0.6", host: "h2"));

        var (next, delta) = HostRuleset.Build(host).WithGroupMembers(new Dictionary<string, System.Collections.Immutable.ImmutableArray<System.Net.IPNetwork>>
        {
            ["unused"] = [System.Net.IPNetwork.Parse("10.9.0.0/16")],
        });

        Assert.True(delta.IsEmpty);
        Assert.Equal(HostRuleset.Build(host).ToTransaction(), next.ToTransaction());
    }
}
