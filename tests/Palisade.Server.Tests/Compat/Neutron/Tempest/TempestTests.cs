namespace Palisade.Server.Tests.Compat.Neutron.Tempest;

/// <summary>
/// OpenStack's own API tests (Debian's <c>tempest</c> 33 and <c>neutron-tempest-plugin</c> 2.0) run
/// unchanged against a Palisade server process. Each test runs one group of modules and requires
/// every test tempest ran to pass; the tests left out, and why, are listed here and in
/// docs/compatibility/tempest.md.
/// </summary>
public sealed class TempestTests(TempestFixture tempest) : IClassFixture<TempestFixture>
{
    /// <summary>
    /// Classes and tests of neutron-tempest-plugin that cannot pass yet. Each needs something
    /// Palisade does not do: ports created through /v2.0 (<c>POST /v2.0/ports</c> is answered 405; networks can
    /// be created), or dynamic
    /// credentials, i.e. Keystone project and user creation under /identity (classes with
    /// <c>force_tenant_isolation</c>: the search-criteria and the RBAC-sharing classes; RBAC sharing of
    /// groups is not implemented either).
    /// </summary>
    private static readonly string[] PluginExclusions =
    [
        @"neutron_tempest_plugin\.api\.test_security_groups_negative\.NegativeSecGroup(IPv6)?Test\.(test_assign_nonexistent_sec_group|test_assign_sec_group_twice|test_delete_in_use_sec_group|test_no_sec_group_changes_after_assignment_failure)",
        @"neutron_tempest_plugin\.api\.admin\.test_security_groups\.SecGroupAdminTest\.test_security_group_recreated_on_port_update",
        @"neutron_tempest_plugin\.api\.test_security_groups\.SecGroupSearchCriteriaTest\.",
        @"neutron_tempest_plugin\.api\.test_security_groups\.RbacSharedSecurityGroupTest\.",
        @"neutron_tempest_plugin\.api\.test_address_groups\.RbacSharedAddressGroupTest\.",
    ];

    [Fact]
    public Task Tempest_security_group_modules_pass() =>
        AssertAllPassAsync(@"^tempest\.api\.network\.test_security_groups", excluded: null);

    [Fact]
    public Task Tempest_admin_quota_module_passes() =>
        AssertAllPassAsync(@"^tempest\.api\.network\.admin\.test_quotas", excluded: null);

    [Fact]
    public Task Plugin_security_group_and_address_group_modules_pass() =>
        AssertAllPassAsync(@"^neutron_tempest_plugin\.api\.(admin\.)?test_(security_groups|address_groups)", string.Join('|', PluginExclusions));

    private async Task AssertAllPassAsync(string regex, string? excluded)
    {
        var results = await tempest.Workspace.RunAsync(regex, excluded);

        var failed = results.Where(test => !test.Passed).Select(test => $"{test.Id}: {test.Status}\n{test.Details}");
        Assert.NotEmpty(results);
        Assert.True(results.All(test => test.Passed), $"{results.Count(test => !test.Passed)} of {results.Count} failed:\n\n{string.Join("\n\n", failed)}");
    }
}
