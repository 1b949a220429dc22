namespace Palisade.Server.Tests.Compat.Neutron;

/// <summary>
/// Address groups through the real <c>openstack</c> CLI, as a project member: the
/// <c>address group</c> commands and <c>security group rule create --remote-address-group</c>.
/// </summary>
public sealed class NeutronAddressGroupCliTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private OpenStackCli openstack = null!;

    public async Task InitializeAsync()
    {
        var project = await server.NewProjectAsync();
        openstack = new OpenStackCli(server.Client.BaseAddress!, await server.NewPrincipalAsync(project.Id, "member"), project);
    }

    public Task DisposeAsync()
    {
        openstack.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Address_group_create_set_unset_list_show_delete()
    {
        var created = await openstack.JsonAsync("address group", "create", "--address", "198.19.20.1", "--address", "198.19.21.0/24", "--address", "2001:db8:20::/48", "--description", "branch office", "office");
        var set = await openstack.RunAsync("address group", "set", "--address", "198.19.22.0/24", "--name", "branch", "office");
        var unset = await openstack.RunAsync("address group", "unset", "--address", "198.19.20.1", "branch");
        var shown = await openstack.JsonAsync("address group", "show", "branch");
        var listed = await openstack.JsonAsync("address group", "list");
        var deleted = await openstack.RunAsync("address group", "delete", "branch");
        var afterDelete = await openstack.JsonAsync("address group", "list");

        Assert.Equal(("office", "branch office"), ((string)created["name"]!, (string)created["description"]!));
        Assert.Equal(["198.19.20.1/32", "198.19.21.0/24", "2001:db8:20::/48"], Strings(created["addresses"]!));
        Assert.True(set.ExitCode == 0, set.Error);
        Assert.True(unset.ExitCode == 0, unset.Error);
        Assert.Equal((string)created["id"]!, (string)shown["id"]!);
        Assert.Equal(["198.19.21.0/24", "2001:db8:20::/48", "198.19.22.0/24"], Strings(shown["addresses"]!));
        Assert.Contains(listed.AsArray(), g => (string)g!["Name"]! == "branch");
        Assert.True(deleted.ExitCode == 0, deleted.Error);
        Assert.Empty(afterDelete.AsArray());
    }

    [Fact]
    public async Task A_rule_takes_a_remote_address_group_by_name_and_the_group_cannot_be_deleted_while_in_use()
    {
        var addressGroup = (string)(await openstack.JsonAsync("address group", "create", "--address", "198.19.23.0/24", "peers"))["id"]!;
        var group = (string)(await openstack.JsonAsync("security group", "create", "uses-peers"))["id"]!;

        var rule = await openstack.JsonAsync("security group rule", "create", "--ingress", "--protocol", "tcp", "--dst-port", "22", "--remote-address-group", "peers", group);
        var both = await openstack.FailureAsync("security group rule", "create", "--protocol", "tcp", "--dst-port", "23", "--remote-address-group", "peers", "--remote-ip", "198.19.0.0/16", group);
        var inUse = await openstack.FailureAsync("address group", "delete", "peers");
        var duplicateAddress = await openstack.FailureAsync("address group", "set", "--address", "198.19.23.0/24", "peers");
        var absentAddress = await openstack.FailureAsync("address group", "unset", "--address", "198.19.24.0/24", "peers");
        var unknown = await openstack.FailureAsync("security group rule", "create", "--protocol", "tcp", "--dst-port", "24", "--remote-address-group", "nobody", group);
        var ruleDeleted = await openstack.RunAsync("security group rule", "delete", (string)rule["id"]!);
        var groupDeleted = await openstack.RunAsync("address group", "delete", "peers");

        Assert.Equal((addressGroup, "tcp", 22), ((string)rule["remote_address_group_id"]!, (string)rule["protocol"]!, (int)rule["port_range_min"]!));
        Assert.Contains("argument --remote-ip: not allowed with argument --remote-address-group", both);
        Assert.Contains($"Address group {addressGroup} is in use on one or more security group rules.", inUse);
        Assert.Contains("1 of 1 address groups failed to delete", inUse);
        Assert.Contains("Addresses ['198.19.23.0/24'] already exist in the address group", duplicateAddress);
        Assert.Contains("Addresses ['198.19.24.0/24'] not found in the address group", absentAddress);
        Assert.Contains("nobody", unknown);
        Assert.Equal((0, 0), (ruleDeleted.ExitCode, groupDeleted.ExitCode));
    }

    private static List<string> Strings(System.Text.Json.Nodes.JsonNode node) => [.. node.AsArray().Select(a => (string)a!)];
}
