using Palisade.Server.Tests.Compat.Neutron;

namespace Palisade.Server.Tests.Compat.Keystone;

/// <summary>
/// The real <c>openstack</c> CLI signing in through Palisade's Keystone endpoint with an ordinary
/// clouds.yaml (password, project by name), and the options that ask Keystone for a project.
/// </summary>
public sealed class KeystoneCliTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>
{
    private Uri Server => server.Client.BaseAddress!;

    [Fact]
    public async Task A_member_names_its_project_in_create_rule_create_and_list()
    {
        var project = await server.NewProjectAsync();
        using var openstack = new OpenStackCli(Server, await server.NewPrincipalAsync(project.Id, "member"), project);

        var created = await openstack.JsonAsync("security group", "create", "web", "--project", project.Name, "--project-domain", "Default");
        var rule = await openstack.JsonAsync("security group rule", "create", "--project", project.Name, "--project-domain", "Default", "--protocol", "tcp", "--dst-port", "443", "web");
        var listed = await openstack.JsonAsync("security group", "list", "--project", project.Name, "--project-domain", "Default");
        var byId = await openstack.JsonAsync("security group", "list", "--project", project.Id);

        Assert.Equal(project.Id, (string)created["project_id"]!);
        Assert.Equal((project.Id, (string)created["id"]!, 443), ((string)rule["project_id"]!, (string)rule["security_group_id"]!, (int)rule["port_range_min"]!));
        Assert.Equal(["default", "web"], listed.AsArray().Select(g => (string)g!["Name"]!).Order());
        Assert.All(byId.AsArray(), g => Assert.Equal(project.Id, (string)g!["Project"]!));
    }

    [Fact]
    public async Task A_wrong_password_fails_with_keystones_message()
    {
        var project = await server.NewProjectAsync();
        var principal = await server.NewPrincipalAsync(project.Id, "member");
        using var openstack = new OpenStackCli(Server, principal.Name, "pal_not-a-token", project.Name);

        var error = await openstack.FailureAsync("security group", "list");

        Assert.Contains("The request you have made requires authentication. (HTTP 401)", error);
    }

    [Fact]
    public async Task A_token_scoped_to_one_project_does_not_see_another_of_the_principals_projects()
    {
        var first = await server.NewProjectAsync();
        var second = await server.NewProjectAsync();
        var principal = await server.NewPrincipalAsync(first.Id, "member");
        await server.PostAsync("/api/v1/role-bindings", new { principal_id = principal.Id, role = "member", project_id = second.Id });
        using var inFirst = new OpenStackCli(Server, principal, first);

        var listed = await inFirst.JsonAsync("security group", "list");
        var hidden = await inFirst.FailureAsync("security group", "show", second.DefaultGroupId);
        var otherProject = await inFirst.FailureAsync("security group", "list", "--project", second.Name, "--project-domain", "Default");
        var created = await inFirst.JsonAsync("security group", "create", "scoped");

        Assert.Equal([first.DefaultGroupId], listed.AsArray().Select(g => (string)g!["ID"]!));
        Assert.Contains("No SecurityGroup found", hidden);
        Assert.Contains($"No project with a name or ID of '{second.Name}' exists.", otherProject);
        Assert.Equal(first.Id, (string)created["project_id"]!);
    }

    [Fact]
    public async Task Token_issue_shows_a_token_that_neutron_takes_until_token_revoke()
    {
        var project = await server.NewProjectAsync();
        var principal = await server.NewPrincipalAsync(project.Id, "reader");
        using var openstack = new OpenStackCli(Server, principal, project);

        var issued = await openstack.JsonAsync("token", "issue");
        using var neutron = new HttpClient { BaseAddress = Server };
        neutron.DefaultRequestHeaders.Add("X-Auth-Token", (string)issued["id"]!);
        var before = await neutron.GetAsync("/v2.0/security-groups");
        var revoked = await openstack.RunAsync("token", "revoke", (string)issued["id"]!);
        var after = await neutron.GetAsync("/v2.0/security-groups");

        Assert.Equal((project.Id, principal.Id), ((string)issued["project_id"]!, (string)issued["user_id"]!));
        Assert.True(DateTimeOffset.Parse((string)issued["expires"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow);
        Assert.Equal(System.Net.HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(0, revoked.ExitCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task The_platform_admin_signs_in_as_admin_with_the_admin_token_and_creates_in_any_project()
    {
        var project = await server.NewProjectAsync();
        using var admin = new OpenStackCli(Server, "admin", ServerFixture.AdminToken, project.Name);

        var issued = await admin.JsonAsync("token", "issue");
        var created = await admin.JsonAsync("security group", "create", "by-admin");

        Assert.Equal(("admin", project.Id), ((string)issued["user_id"]!, (string)issued["project_id"]!));
        Assert.Equal(project.Id, (string)created["project_id"]!);
    }
}
