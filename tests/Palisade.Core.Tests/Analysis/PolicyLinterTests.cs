using System.Net;
using Palisade.Core.Analysis;
using Palisade.Core.Model;
using static Palisade.Core.Tests.Analysis.LintPolicies;

namespace Palisade.Core.Tests.Analysis;

public sealed class PolicyLinterTests
{
    private static List<LintFinding> Lint(IEnumerable<SecurityGroup> groups, IEnumerable<Port>? ports = null, IEnumerable<Binding>? bindings = null, IEnumerable<AddressGroup>? addressGroups = null) =>
        [.. PolicyLinter.Lint(Snapshot(groups, ports ?? [Port("port1")], bindings ?? groups.Select(g => Bind(g.Id, "port1")), addressGroups), "p1")];

    private static List<LintFinding> Only(List<LintFinding> findings, LintCode code) => [.. findings.Where(f => f.Code == code)];

    [Fact]
    public void Ssh_open_to_the_world_is_an_error_naming_the_rule_and_the_service()
    {
        var findings = Lint([Group("web", Ingress("r1", "web", "tcp", 22))]);

        var finding = Assert.Single(Only(findings, LintCode.WorldOpenAdministrativePort));
        Assert.Equal(("r1", LintSeverity.Error), (string.Join(",", finding.RuleIds), finding.Severity));
        Assert.Contains("SSH", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_range_holding_a_database_port_open_to_the_ipv6_world_is_reported()
    {
        var findings = Lint([Group("web", Ingress("r1", "web", "tcp", 5000, 6000, Cidr("::/0"), EtherType.IPv6))]);

        Assert.Contains("PostgreSQL", Assert.Single(Only(findings, LintCode.WorldOpenAdministrativePort)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ssh_from_a_bastion_prefix_is_not_world_open()
    {
        var findings = Lint([Group("web", Ingress("r1", "web", "tcp", 22, remote: Cidr("192.0.2.0/24")))]);

        Assert.Empty(Only(findings, LintCode.WorldOpenAdministrativePort));
    }

    [Fact]
    public void Https_open_to_the_world_is_not_an_administrative_port()
    {
        var findings = Lint([Group("web", Ingress("r1", "web", "tcp", 443))]);

        Assert.Empty(Only(findings, LintCode.WorldOpenAdministrativePort));
    }

    [Fact]
    public void A_rule_inside_a_wider_rule_of_its_group_is_shadowed_by_it()
    {
        var findings = Lint([Group("web", Ingress("narrow", "web", "tcp", 8080, remote: Cidr("192.0.2.0/25")), Ingress("wide", "web", "tcp", 8000, 8999, Cidr("192.0.2.0/24")))]);

        Assert.Equal(["narrow", "wide"], Assert.Single(Only(findings, LintCode.ShadowedInGroup)).RuleIds.ToArray());
    }

    [Fact]
    public void An_any_protocol_rule_shadows_a_tcp_rule_of_the_same_peers()
    {
        var findings = Lint([Group("web", Ingress("tcp", "web", "tcp", 443, remote: Cidr("192.0.2.7/32")), Ingress("any", "web", "any", remote: Cidr("192.0.2.0/24")))]);

        Assert.Equal(["tcp", "any"], Assert.Single(Only(findings, LintCode.ShadowedInGroup)).RuleIds.ToArray());
    }

    [Fact]
    public void A_rule_wider_in_ports_but_narrower_in_peers_is_not_shadowed()
    {
        var findings = Lint([Group("web", Ingress("a", "web", "tcp", 8000, 8999, Cidr("192.0.2.0/25")), Ingress("b", "web", "tcp", 8080, remote: Cidr("192.0.2.0/24")))]);

        Assert.Empty(Only(findings, LintCode.ShadowedInGroup));
    }

    [Fact]
    public void An_address_range_inside_a_prefix_is_shadowed_by_it()
    {
        var range = new Remote.Range(IPAddress.Parse("192.0.2.10"), IPAddress.Parse("192.0.2.20"));
        var findings = Lint([Group("web", Ingress("range", "web", "udp", 53, remote: range), Ingress("prefix", "web", "udp", 53, remote: Cidr("192.0.2.0/24")))]);

        Assert.Equal(["range", "prefix"], Assert.Single(Only(findings, LintCode.ShadowedInGroup)).RuleIds.ToArray());
    }

    [Fact]
    public void An_icmp_type_rule_is_shadowed_by_an_all_icmp_rule_but_not_by_another_type()
    {
        var findings = Lint([Group("web",
            Ingress("echo", "web", "icmp", 8, remote: Cidr("192.0.2.0/24")),
            Ingress("unreachable", "web", "icmp", 3, 4, Cidr("198.51.100.0/24")),
            Ingress("all", "web", "icmp", remote: Cidr("192.0.2.0/24")))]);

        Assert.Equal(["echo", "all"], Assert.Single(Only(findings, LintCode.ShadowedInGroup)).RuleIds.ToArray());
    }

    [Fact]
    public void A_rule_covered_by_a_group_bound_to_the_same_ports_is_shadowed_by_the_other_group()
    {
        var findings = Lint([Group("app", Ingress("narrow", "app", "tcp", 5432, remote: Cidr("10.1.0.0/24"))), Group("base", Ingress("wide", "base", "tcp", remote: Cidr("10.0.0.0/8")))]);

        var finding = Assert.Single(Only(findings, LintCode.ShadowedByOtherGroup));
        Assert.Equal(("narrow,wide", "app,base"), (string.Join(",", finding.RuleIds), string.Join(",", finding.GroupIds)));
    }

    [Fact]
    public void A_wider_rule_of_a_group_bound_to_fewer_ports_does_not_shadow()
    {
        var findings = Lint(
            [Group("app", Ingress("narrow", "app", "tcp", 5432, remote: Cidr("10.1.0.0/24"))), Group("base", Ingress("wide", "base", "tcp", remote: Cidr("10.0.0.0/8")))],
            [Port("port1"), Port("port2", "10.0.0.11")],
            [Bind("app", "port1"), Bind("app", "port2"), Bind("base", "port1")]);

        Assert.Empty(Only(findings, LintCode.ShadowedByOtherGroup));
    }

    [Fact]
    public void Equal_rules_of_two_groups_bound_to_the_same_ports_report_only_one_copy_as_removable()
    {
        var findings = Lint([Group("a", Ingress("ra", "a", "tcp", 443, remote: Cidr("10.1.0.0/16"))), Group("b", Ingress("rb", "b", "tcp", 443, remote: Cidr("10.1.0.0/16")))]);

        Assert.Equal(["rb", "ra"], Assert.Single(Only(findings, LintCode.ShadowedByOtherGroup)).RuleIds.ToArray());
    }

    [Fact]
    public void Equal_rules_of_groups_that_only_partly_share_ports_are_duplicates()
    {
        var findings = Lint(
            [Group("a", Ingress("ra", "a", "tcp", 443, remote: Cidr("10.1.0.0/16"))), Group("b", Ingress("rb", "b", "tcp", 443, remote: Cidr("10.1.0.0/16")))],
            [Port("port1"), Port("port2", "10.0.0.11"), Port("port3", "10.0.0.12")],
            [Bind("a", "port1"), Bind("a", "port2"), Bind("b", "port2"), Bind("b", "port3")]);

        var finding = Assert.Single(Only(findings, LintCode.DuplicateAcrossGroups));
        Assert.Equal(("ra,rb", "port2"), (string.Join(",", finding.RuleIds), string.Join(",", finding.PortIds)));
    }

    [Fact]
    public void A_group_bound_to_no_port_is_reported()
    {
        var findings = Lint([Group("web"), Group("idle")], bindings: [Bind("web", "port1")]);

        Assert.Equal(["idle"], Assert.Single(Only(findings, LintCode.GroupUnbound)).GroupIds.ToArray());
    }

    [Fact]
    public void A_remote_group_without_members_allows_nothing()
    {
        var findings = Lint([Group("web", Ingress("r1", "web", "tcp", 80, remote: new Remote.Group("lonely"))), Group("lonely")], bindings: [Bind("web", "port1")]);

        Assert.Equal(["r1"], Assert.Single(Only(findings, LintCode.RemoteEmpty)).RuleIds.ToArray());
    }

    [Fact]
    public void An_unbound_group_naming_itself_as_remote_is_reported_once_as_unbound()
    {
        var findings = Lint([Group("web"), Group("idle", Ingress("self", "idle", "tcp", 80, remote: new Remote.Group("idle")))], bindings: [Bind("web", "port1")]);

        Assert.Equal(["PAL005"], findings.Where(f => f.GroupIds.Contains("idle")).Select(f => f.Code.Id));
    }

    [Fact]
    public void An_empty_address_group_allows_nothing()
    {
        var findings = Lint([Group("web", Ingress("r1", "web", "tcp", 80, remote: new Remote.AddressGroup("ag1")))], addressGroups: [new AddressGroup("ag1", "p1", [])]);

        Assert.Equal(["r1"], Assert.Single(Only(findings, LintCode.RemoteEmpty)).RuleIds.ToArray());
    }

    [Fact]
    public void An_ipv6_rule_naming_a_group_of_ipv4_members_never_matches()
    {
        var findings = Lint([Group("web", Ingress("r1", "web", "tcp", 80, remote: new Remote.Group("web"), etherType: EtherType.IPv6))]);

        Assert.Equal(["r1"], Assert.Single(Only(findings, LintCode.RuleNeverMatches)).RuleIds.ToArray());
    }

    [Fact]
    public void A_disabled_group_still_bound_is_reported_with_its_ports()
    {
        var findings = Lint([Group("web"), Group("off") with { Status = GroupStatus.Disabled }]);

        Assert.Equal(["port1"], Assert.Single(Only(findings, LintCode.DisabledGroupBound)).PortIds.ToArray());
    }

    [Fact]
    public void A_port_without_any_group_is_reported()
    {
        var findings = Lint([Group("web")], [Port("port1"), Port("bare", "10.0.0.11")], [Bind("web", "port1")]);

        Assert.Equal(["bare"], Assert.Single(Only(findings, LintCode.PortWithoutGroups)).PortIds.ToArray());
    }

    [Fact]
    public void A_port_without_port_security_needs_no_group()
    {
        var findings = Lint([Group("web")], [Port("port1"), Port("open", "10.0.0.11", portSecurity: false)], [Bind("web", "port1")]);

        Assert.Empty(Only(findings, LintCode.PortWithoutGroups));
    }

    [Fact]
    public void Another_projects_groups_are_not_linted()
    {
        var foreign = new SecurityGroup("theirs", "p2", "theirs", [Ingress("r1", "theirs", "tcp", 22)]);
        var findings = PolicyLinter.Lint(Snapshot([Group("web"), foreign], [Port("port1")], [Bind("web", "port1")]), "p1");

        Assert.DoesNotContain(findings, f => f.GroupIds.Contains("theirs"));
    }

    [Fact]
    public void Every_code_is_documented_in_docs_lint_md()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "lint.md"));

        Assert.All(LintCode.All, code => Assert.Contains($"{code.Id} `{code.Name}`", docs, StringComparison.Ordinal));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Palisade.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Palisade.slnx not found above the test binaries");
    }
}
