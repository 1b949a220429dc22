using Palisade.Core.Model;
using Palisade.Core.Validation;
using static Palisade.Nftables.Tests.Hosts;

namespace Palisade.Nftables.Tests;

/// <summary>Protocol 0 is any protocol (RuleValidator, docs/architecture.md "Semantics decided"): nftables matches every protocol, as explain does.</summary>
public sealed class ProtocolZeroTests
{
    [Fact]
    public void A_rule_for_protocol_0_renders_without_a_protocol_match()
    {
        var rule = RuleValidator.Validate(new RuleDraft("ingress", "IPv4", "0", RemoteIpPrefix: "198.51.100.0/24"), "zero", "g").Rule!;

        var ruleset = RulesetRenderer.Render(Build([new SecurityGroup("g", "p1", "g", [rule])], [Port("vm", "10.0.0.5")], [Bind("g", "vm")]));

        Assert.Contains("\t\tip saddr 198.51.100.0/24 counter name \"rule_zero\" accept\n", ruleset, StringComparison.Ordinal);
        Assert.DoesNotContain("l4proto 0", ruleset, StringComparison.Ordinal);
    }
}
