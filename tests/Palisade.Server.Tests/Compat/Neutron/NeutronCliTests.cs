namespace Palisade.Server.Tests.Compat.Neutron;

/// <summary>
/// mCloud's users drive security groups with the <c>openstack</c> CLI; these tests run the real
/// client against a real server, as a project member, and check what it prints.
/// </summary>
public sealed class NeutronCliTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private TestProject project = null!;
    private OpenStackCli openstack = null!;

    public async Task InitializeAsync()
    {
        project = await server.NewProjectAsync();
        openstack = new OpenStackCli(server.Client.BaseAddress!, await server.NewPrincipalAsync(project.Id, "member"), project);
    }

    public Task DisposeAsync()
    {
        openstack.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Security_group_create_list_show_set_delete()
    {
        var created = await openstack.JsonAsync("security group", "create", "web", "--description", "web tier");
        var id = (string)created["id"]!;

        var listed = await openstack.JsonAsync("security group", "list");
        var set = await openstack.RunAsync("security group", "set", "--name", "web2", "--description", "changed", id);
        var shown = await openstack.JsonAsync("security group", "show", "web2");
        var stateless = await openstack.JsonAsync("security group", "create", "fast", "--stateless");
        var madeStateful = await openstack.RunAsync("security group", "set", "--stateful", "fast");
        var fast = await openstack.JsonAsync("security group", "show", "fast");
        var deleted = await openstack.RunAsync("security group", "delete", "web2");
        var afterDelete = await openstack.JsonAsync("security group", "list");

        Assert.Equal(("web", "web tier", project.Id), ((string)created["name"]!, (string)created["description"]!, (string)created["project_id"]!));
        Assert.Equal(2, created["rules"]!.AsArray().Count);
        Assert.Contains(listed.AsArray(), g => (string)g!["Name"]! == "default");
        Assert.Equal(0, set.ExitCode);
        Assert.Equal(("web2", "changed"), ((string)shown["name"]!, (string)shown["description"]!));
        Assert.False((bool)stateless["stateful"]!);
        Assert.Equal(0, madeStateful.ExitCode);
        Assert.True((bool)fast["stateful"]!);
        Assert.Equal(0, deleted.ExitCode);
        Assert.DoesNotContain(afterDelete.AsArray(), g => (string)g!["ID"]! == id);
    }

    [Fact]
    public async Task Security_group_rule_create_with_every_option_list_show_delete()
    {
        var group = (string)(await openstack.JsonAsync("security group", "create", "rules"))["id"]!;
        var other = (string)(await openstack.JsonAsync("security group", "create", "peers"))["id"]!;

        var tcp = await openstack.JsonAsync("security group rule", "create", "--ingress", "--protocol", "tcp", "--dst-port", "80:81", "--remote-ip", "198.18.0.0/16", "--description", "web", group);
        var udp = await openstack.JsonAsync("security group rule", "create", "--egress", "--protocol", "udp", "--dst-port", "53", "--remote-group", other, group);
        var icmp = await openstack.JsonAsync("security group rule", "create", "--protocol", "icmp", "--icmp-type", "8", "--icmp-code", "0", group);
        var icmp6 = await openstack.JsonAsync("security group rule", "create", "--ethertype", "IPv6", "--protocol", "ipv6-icmp", "--remote-ip", "2001:db8::/32", group);
        var any = await openstack.JsonAsync("security group rule", "create", "--protocol", "any", "--remote-ip", "198.19.0.0/16", group);
        var listed = await openstack.JsonAsync("security group rule", "list", group);
        var ingress = await openstack.JsonAsync("security group rule", "list", "--ingress", group);
        var udpEgress = await openstack.JsonAsync("security group rule", "list", "--egress", "--protocol", "udp", "--ethertype", "IPv4", group);
        var extra = await openstack.JsonAsync("security group rule", "create", "--protocol", "tcp", "--dst-port", "8080", "--extra-property", "type=str,name=description,value=from extra", group);
        await openstack.RunAsync("security group rule", "delete", (string)extra["id"]!);
        var shown = await openstack.JsonAsync("security group rule", "show", (string)tcp["id"]!);
        var deleted = await openstack.RunAsync("security group rule", "delete", (string)udp["id"]!);
        var afterDelete = await openstack.JsonAsync("security group rule", "list", group);

        Assert.Equal(("tcp", 80, 81, "198.18.0.0/16", "web"), ((string)tcp["protocol"]!, (int)tcp["port_range_min"]!, (int)tcp["port_range_max"]!, (string)tcp["remote_ip_prefix"]!, (string)tcp["description"]!));
        Assert.Equal(("egress", other), ((string)udp["direction"]!, (string)udp["remote_group_id"]!));
        Assert.Equal((8, 0), ((int)icmp["port_range_min"]!, (int)icmp["port_range_max"]!));
        Assert.Equal(("IPv6", "ipv6-icmp"), ((string)icmp6["ether_type"]!, (string)icmp6["protocol"]!));
        Assert.Null(any["protocol"]);
        Assert.Equal(7, listed.AsArray().Count);
        Assert.All(ingress.AsArray(), r => Assert.Equal("ingress", (string)r!["Direction"]!));
        Assert.Equal([(string)udp["id"]!], udpEgress.AsArray().Select(r => (string)r!["ID"]!));
        Assert.Equal("from extra", (string)extra["description"]!);
        Assert.Equal((string)tcp["id"]!, (string)shown["id"]!);
        Assert.Equal(0, deleted.ExitCode);
        Assert.Equal(6, afterDelete.AsArray().Count);
    }

    [Fact]
    public async Task The_clis_error_cases_show_neutrons_messages()
    {
        var group = (string)(await openstack.JsonAsync("security group", "create", "errors"))["id"]!;
        var rule = await openstack.JsonAsync("security group rule", "create", "--protocol", "tcp", "--dst-port", "22", group);

        var duplicate = await openstack.FailureAsync("security group rule", "create", "--protocol", "6", "--dst-port", "22:22", "--remote-ip", "0.0.0.0/0", group);
        var egressDuplicate = await openstack.FailureAsync("security group rule", "create", "--egress", "--ethertype", "IPv6", "--remote-ip", "::/0", group);
        var badPrefix = await openstack.FailureAsync("security group rule", "create", "--protocol", "tcp", "--dst-port", "22", "--remote-ip", "192.168.1.1/33", group);
        var conflict = await openstack.FailureAsync("security group rule", "create", "--ethertype", "IPv6", "--remote-ip", "10.0.0.0/24", group);
        var badProtocol = await openstack.FailureAsync("security group rule", "create", "--protocol", "bad_protocol_name", group);
        var defaultDelete = await openstack.FailureAsync("security group", "delete", "default");
        var defaultRename = await openstack.FailureAsync("security group", "set", "--name", "other", "default");
        var missing = await openstack.FailureAsync("security group", "show", Guid.NewGuid().ToString());

        Assert.Contains($"Security group rule already exists. Rule id is {rule["id"]}", duplicate);
        Assert.Contains("Security group rule already exists", egressDuplicate);
        Assert.Contains("Invalid CIDR 192.168.1.1/33", badPrefix);
        Assert.Contains("Conflicting value ethertype IPv6 for CIDR 10.0.0.0/24", conflict);
        Assert.Contains("protocol bad_protocol_name not supported", badProtocol);
        Assert.Contains("409", defaultDelete);
        Assert.Contains("Updating default security group not allowed", defaultRename);
        Assert.Contains("No SecurityGroup found", missing);
    }

    [Fact]
    public async Task Port_set_binds_and_unbinds_groups_and_an_in_use_group_cannot_be_deleted()
    {
        var port = (string)(await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId }))["id"]!;
        var group = (string)(await openstack.JsonAsync("security group", "create", "bound"))["id"]!;

        var set = await openstack.RunAsync("port", "set", "--security-group", "bound", port);
        var bound = await openstack.JsonAsync("port", "show", port);
        var inUse = await openstack.FailureAsync("security group", "delete", group);
        var unset = await openstack.RunAsync("port", "unset", "--security-group", group, port);
        var cleared = await openstack.RunAsync("port", "set", "--no-security-group", "--disable-port-security", port);
        var open = await openstack.JsonAsync("port", "show", port);
        var native = await server.GetAsync($"/api/v1/ports/{port}");

        Assert.Equal((0, 0, 0), (set.ExitCode, unset.ExitCode, cleared.ExitCode));
        Assert.Contains(group, bound["security_group_ids"]!.AsArray().Select(g => (string)g!));
        Assert.Contains($"Security group {group} is in use: bound to port {port}", inUse);
        Assert.Empty(open["security_group_ids"]!.AsArray());
        Assert.False((bool)open["port_security_enabled"]!);
        Assert.False((bool)native["port_security_enabled"]!);
    }

    [Fact]
    public async Task Port_set_allowed_address_joins_the_ports_groups_as_a_remote()
    {
        // Both ports are in the project's default group, whose rules admit members of the default group.
        var target = (string)(await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId }))["id"]!;
        var peer = (string)(await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, mac_address = "fa:16:3e:00:00:08" }))["id"]!;
        async Task<string> VerdictAsync(string from) =>
            (string)(await server.PostAsync("/api/v1/explain", new { port_id = target, direction = "ingress", protocol = "tcp", remote_ip_address = from, port = 22 }, 200))["verdict"]!;

        var before = await VerdictAsync("198.19.200.5");
        var set = await openstack.RunAsync("port", "set", "--allowed-address", "ip-address=198.19.200.0/28", "--allowed-address", "ip-address=198.19.201.7,mac-address=fa:16:3e:00:00:09", peer);
        var shown = await openstack.JsonAsync("port", "show", peer);
        var (inside, outside) = (await VerdictAsync("198.19.200.5"), await VerdictAsync("198.19.200.17"));
        var tooMany = await openstack.FailureAsync(["port", "set", .. Enumerable.Range(1, 11).SelectMany(i => new[] { "--allowed-address", $"ip-address=198.19.202.{i}" }), peer]);
        // As in Neutron, a pair given without a MAC takes the port's, and unset names the pair as shown.
        var unset = await openstack.RunAsync("port", "unset", "--allowed-address", "ip-address=198.19.200.0/28,mac-address=fa:16:3e:00:00:08", peer);
        var after = await VerdictAsync("198.19.200.5");

        Assert.Equal((0, 0), (set.ExitCode, unset.ExitCode));
        Assert.Equal(("drop", "allow", "drop", "drop"), (before, inside, outside, after));
        Assert.Contains(shown["allowed_address_pairs"]!.AsArray(), p => (string)p!["ip_address"]! == "198.19.201.7" && (string)p["mac_address"]! == "fa:16:3e:00:00:09");
        Assert.Contains("The number of allowed address pair exceeds the maximum 10.", tooMany);
    }

    [Fact]
    public async Task Ports_networks_and_subnets_are_listed_and_shown()
    {
        var port = (string)(await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, fixed_ips = new[] { new { subnet_id = project.SubnetId, ip_address = project.Address(9) } } }))["id"]!;

        var ports = await openstack.JsonAsync("port", "list");
        var networks = await openstack.JsonAsync("network", "list");
        var subnet = await openstack.JsonAsync("subnet", "show", project.SubnetId);
        var missing = await openstack.FailureAsync("network", "show", Guid.NewGuid().ToString());

        Assert.Contains(ports.AsArray(), p => (string)p!["ID"]! == port);
        Assert.Contains(networks.AsArray(), n => (string)n!["ID"]! == project.NetworkId && n["Subnets"]!.ToJsonString().Contains(project.SubnetId, StringComparison.Ordinal));
        Assert.Equal((project.NetworkId, project.Prefix + ".0/24"), ((string)subnet["network_id"]!, (string)subnet["cidr"]!));
        Assert.Contains("No Network found", missing);
    }

    [Fact]
    public async Task Tags_are_set_filtered_on_and_unset()
    {
        var created = await openstack.JsonAsync("security group", "create", "tagged", "--tag", "red", "--tag", "blue");
        var set = await openstack.RunAsync("security group", "set", "--tag", "green", "tagged");
        var red = await openstack.JsonAsync("security group", "list", "--tags", "red");
        var unset = await openstack.RunAsync("security group", "unset", "--tag", "red", "tagged");
        var shown = await openstack.JsonAsync("security group", "show", "tagged");
        var notBlue = await openstack.JsonAsync("security group", "list", "--not-tags", "blue");
        var anyGreen = await openstack.JsonAsync("security group", "list", "--any-tags", "green,purple");
        var notAnyGreen = await openstack.JsonAsync("security group", "list", "--not-any-tags", "green,purple");
        var cleared = await openstack.RunAsync("security group", "set", "--no-tag", "tagged");
        var untagged = await openstack.JsonAsync("security group", "show", "tagged");

        Assert.Equal(["blue", "red"], created["tags"]!.AsArray().Select(t => (string)t!).Order());
        Assert.Equal((0, 0), (set.ExitCode, unset.ExitCode));
        Assert.Equal(["tagged"], red.AsArray().Select(g => (string)g!["Name"]!));
        Assert.Equal(["blue", "green"], shown["tags"]!.AsArray().Select(t => (string)t!).Order());
        Assert.DoesNotContain(notBlue.AsArray(), g => (string)g!["Name"]! == "tagged");
        Assert.Equal(["tagged"], anyGreen.AsArray().Select(g => (string)g!["Name"]!));
        Assert.DoesNotContain(notAnyGreen.AsArray(), g => (string)g!["Name"]! == "tagged");
        Assert.Equal(0, cleared.ExitCode);
        Assert.Empty(untagged["tags"]!.AsArray());
    }

    [Fact]
    public async Task Another_projects_group_does_not_exist_for_the_cli()
    {
        var other = await server.NewProjectAsync();

        var error = await openstack.FailureAsync("security group", "show", other.DefaultGroupId);
        var listed = await openstack.JsonAsync("security group", "list");

        Assert.Contains("No SecurityGroup found", error);
        Assert.DoesNotContain(listed.AsArray(), g => (string)g!["ID"]! == other.DefaultGroupId);
    }
}
