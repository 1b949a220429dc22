using System.Text.Json.Nodes;
using Palisade.Server.Tests.Compat.Neutron;

namespace Palisade.Server.Tests.Compat.CloudStack;

/// <summary>
/// StackBill's users and scripts speak CloudStack's API; these tests run the real <c>cloudstack</c>
/// client (signed requests, async jobs) against a real server as a project member.
/// </summary>
public sealed class CloudStackCliTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private TestProject project = null!;
    private CloudStackCli cloudstack = null!;
    private string principalId = null!;
    private string principalName = null!;

    public async Task InitializeAsync()
    {
        project = await server.NewProjectAsync();
        var principal = await server.PostAsync("/api/v1/principals", new { name = "cs-" + Guid.NewGuid().ToString("N")[..6] });
        principalId = (string)principal["id"]!;
        principalName = (string)principal["name"]!;
        await server.PostAsync("/api/v1/role-bindings", new { principal_id = principalId, role = "member", project_id = project.Id });
        var keys = await server.PostAsync($"/api/v1/principals/{principalId}/api-keys", new { });
        cloudstack = new CloudStackCli(server.Client.BaseAddress!, (string)keys["api_key"]!, (string)keys["secret_key"]!);
    }

    public Task DisposeAsync()
    {
        cloudstack.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Create_list_authorize_revoke_and_delete_a_group()
    {
        var created = (await cloudstack.OkAsync("createSecurityGroup", "name=web", "description=web tier"))["securitygroup"]!;
        var id = (string)created["id"]!;

        var ingress = (await cloudstack.OkAsync("authorizeSecurityGroupIngress", "securitygroupname=web", "protocol=tcp", "startport=80", "endport=81", "cidrlist=198.18.0.0/16,2001:db8::/32"))["securitygroup"]!;
        var icmp = (await cloudstack.OkAsync("authorizeSecurityGroupIngress", $"securitygroupid={id}", "protocol=icmp", "icmptype=-1", "icmpcode=-1", "cidrlist=198.18.0.0/15"))["securitygroup"]!;
        var peers = (await cloudstack.OkAsync("authorizeSecurityGroupIngress", $"securitygroupid={id}", "protocol=all", "usersecuritygrouplist[0].account=any", "usersecuritygrouplist[0].group=web"))["securitygroup"]!;
        var listed = (await cloudstack.OkAsync("listSecurityGroups", "securitygroupname=web"))["securitygroup"]![0]!;
        var revoked = await cloudstack.OkAsync("revokeSecurityGroupIngress", $"id={icmp["ingressrule"]![0]!["ruleid"]}");
        var afterRevoke = (await cloudstack.OkAsync("listSecurityGroups", $"id={id}"))["securitygroup"]![0]!;
        var deleted = await cloudstack.OkAsync("deleteSecurityGroup", "name=web");
        var afterDelete = await cloudstack.OkAsync("listSecurityGroups", "securitygroupname=web");

        Assert.Equal(("web", "web tier", project.Id), ((string)created["name"]!, (string)created["description"]!, (string)created["projectid"]!));
        Assert.Empty(created["egressrule"]!.AsArray());
        Assert.Equal(["198.18.0.0/16", "2001:db8::/32"], ingress["ingressrule"]!.AsArray().Select(r => (string)r!["cidr"]!).Order());
        Assert.All(ingress["ingressrule"]!.AsArray(), r => Assert.Equal((80, 81), ((int)r!["startport"]!, (int)r["endport"]!)));
        Assert.Equal((-1, -1), ((int)icmp["ingressrule"]![0]!["icmptype"]!, (int)icmp["ingressrule"]![0]!["icmpcode"]!));
        Assert.Equal(("all", "web"), ((string)peers["ingressrule"]![0]!["protocol"]!, (string)peers["ingressrule"]![0]!["securitygroupname"]!));
        Assert.Equal(4, listed["ingressrule"]!.AsArray().Count);
        Assert.Equal("true", revoked["success"]!.ToString().ToLowerInvariant());
        Assert.Equal(3, afterRevoke["ingressrule"]!.AsArray().Count);
        Assert.Equal("true", (string)deleted["success"]!);
        Assert.Equal(0, (int)afterDelete["count"]!);
    }

    [Fact]
    public async Task Egress_is_open_until_the_first_egress_rule_and_again_after_the_last_is_revoked()
    {
        var id = (string)(await cloudstack.OkAsync("createSecurityGroup", "name=egress"))["securitygroup"]!["id"]!;
        var port = (string)(await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, security_groups = new[] { id } }))["id"]!;

        var before = await EgressVerdictAsync(port, 443);
        var rule = (await cloudstack.OkAsync("authorizeSecurityGroupEgress", $"securitygroupid={id}", "protocol=udp", "startport=53", "endport=53", "cidrlist=0.0.0.0/0"))["securitygroup"]!["egressrule"]![0]!;
        var restricted = await EgressVerdictAsync(port, 443);
        await cloudstack.OkAsync("revokeSecurityGroupEgress", $"id={rule["ruleid"]}");
        var reopened = await EgressVerdictAsync(port, 443);
        var listed = (await cloudstack.OkAsync("listSecurityGroups", $"id={id}"))["securitygroup"]![0]!;

        Assert.Equal(("allow", "drop", "allow"), (before, restricted, reopened));
        Assert.Empty(listed["egressrule"]!.AsArray());
    }

    [Theory]
    [InlineData(431, "Invalid cidr 300.0.0.0/8", "protocol=tcp", "startport=22", "endport=22", "cidrlist=300.0.0.0/8")]
    [InlineData(431, "Invalid cidr 198.18.0.1", "protocol=tcp", "startport=22", "endport=22", "cidrlist=198.18.0.1")]
    [InlineData(431, "Invalid protocol gre", "protocol=gre", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid protocol number: 300", "protocol=300", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid port range 90:80", "protocol=tcp", "startport=90", "endport=80", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid port range specified, startPort = 22, endPort = ", "protocol=tcp", "startport=22", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid ICMP type/code specified", "protocol=icmp", "icmptype=8", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid icmp code: need non-negative icmp code", "protocol=icmp", "icmptype=8", "icmpcode=-1", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Cannot specify startPort or endPort without specifying protocol", "protocol=all", "startport=1", "endport=2", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "At least one cidr or at least one security group needs to be specified", "protocol=tcp", "startport=22", "endport=22")]
    [InlineData(431, "Invalid user group specified, fields 'group' and 'account' cannot be null", "protocol=all", "usersecuritygrouplist[0].group=x")]
    public async Task Bad_authorizations_fail_their_job_with_cloudstacks_texts(int code, string text, params string[] arguments)
    {
        var group = "bad-" + Guid.NewGuid().ToString("N")[..6];
        await cloudstack.OkAsync("createSecurityGroup", $"name={group}");
        var before = await server.RevisionAsync();

        var (errorCode, errorText) = await cloudstack.FailureAsync(["authorizeSecurityGroupIngress", $"securitygroupname={group}", .. arguments]);

        Assert.Equal(code, errorCode);
        Assert.Contains(text, errorText);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task Refusals_of_groups_duplicates_and_credentials()
    {
        var id = (string)(await cloudstack.OkAsync("createSecurityGroup", "name=refusals"))["securitygroup"]!["id"]!;
        await cloudstack.OkAsync("authorizeSecurityGroupIngress", $"securitygroupid={id}", "protocol=tcp", "startport=22", "endport=22", "cidrlist=198.18.0.0/16");
        await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, security_groups = new[] { id } });

        var duplicateRule = await cloudstack.FailureAsync("authorizeSecurityGroupIngress", $"securitygroupid={id}", "protocol=tcp", "startport=22", "endport=22", "cidrlist=198.18.0.0/16");
        var duplicateName = await cloudstack.FailureAsync("createSecurityGroup", "name=refusals");
        var reserved = await cloudstack.FailureAsync("createSecurityGroup", "name=default");
        var defaultDelete = await cloudstack.FailureAsync("deleteSecurityGroup", "name=default");
        var inUse = await cloudstack.FailureAsync("deleteSecurityGroup", $"id={id}");
        var mismatch = await cloudstack.FailureAsync("revokeSecurityGroupEgress", $"id={(await server.GetAsync($"/api/v1/security-groups/{id}/rules?direction=ingress"))[0]!["id"]}");
        var notAdmin = await cloudstack.FailureAsync("updateSecurityGroup", $"id={id}", "name=renamed");
        var expired = await cloudstack.FailureAsync("listSecurityGroups", "signatureVersion=3", "expires=2020-01-01T00:00:00+0000");
        var unknown = await cloudstack.FailureAsync("listVolumes");
        var keys = await server.PostAsync($"/api/v1/principals/{principalId}/api-keys", new { });
        using var wrongSecret = new CloudStackCli(server.Client.BaseAddress!, (string)keys["api_key"]!, "not-the-secret");
        var badSignature = await wrongSecret.FailureAsync("listSecurityGroups");

        Assert.Equal((530, "Failed to authorize security group ingress rule(s)"), duplicateRule);
        Assert.Equal((431, "Unable to create security group, a group with name refusals already exists."), duplicateName);
        Assert.Equal((431, "The security group name default is reserved"), reserved);
        Assert.Equal((431, "The network group default is reserved"), defaultDelete);
        Assert.Equal((536, "Cannot delete group when it's in use by virtual machines"), inUse);
        Assert.Contains("Mismatch in rule type for security rule with id", mismatch.Text);
        Assert.Equal(531, notAdmin.Code);
        Assert.Equal(401, expired.Code);
        Assert.Equal(401, badSignature.Code);
        Assert.Equal(432, unknown.Code);
    }

    [Fact]
    public async Task A_virtual_machines_groups_are_assigned_and_listed()
    {
        var web = (string)(await cloudstack.OkAsync("createSecurityGroup", "name=vm-web"))["securitygroup"]!["id"]!;
        var db = (string)(await cloudstack.OkAsync("createSecurityGroup", "name=vm-db"))["securitygroup"]!["id"]!;
        var first = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, instance_id = "vm-cs-1" });
        var second = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, instance_id = "vm-cs-1" });

        await cloudstack.OkAsync("updateVirtualMachine", "id=vm-cs-1", "securitygroupnames=vm-web,vm-db");
        var listed = await cloudstack.OkAsync("listSecurityGroups", "virtualmachineid=vm-cs-1");

        foreach (var port in new[] { first, second })
        {
            Assert.Equal(new[] { web, db }.Order(), (await server.GetAsync($"/api/v1/ports/{port["id"]}"))["security_groups"]!.AsArray().Select(g => (string)g!).Order());
        }

        Assert.Equal(["vm-db", "vm-web"], listed["securitygroup"]!.AsArray().Select(g => (string)g!["name"]!).Order());
        Assert.All(listed["securitygroup"]!.AsArray(), g => Assert.Equal(1, (int)g!["virtualmachinecount"]!));
    }

    [Fact]
    public async Task One_engine_a_rule_made_with_cs_is_listed_by_openstack_and_explained_by_the_native_api()
    {
        var id = (string)(await cloudstack.OkAsync("createSecurityGroup", "name=one-engine"))["securitygroup"]!["id"]!;
        var rule = (await cloudstack.OkAsync("authorizeSecurityGroupIngress", $"securitygroupid={id}", "protocol=tcp", "startport=8443", "endport=8443", "cidrlist=198.18.10.0/24"))["securitygroup"]!["ingressrule"]![0]!;
        var token = await server.PostAsync("/api/v1/tokens", new { principal_id = principalId });
        using var openstack = new OpenStackCli(server.Client.BaseAddress!, principalName, (string)token["token"]!, project.Name);
        var port = (string)(await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, security_groups = new[] { id } }))["id"]!;

        var listed = await openstack.JsonAsync("security group rule", "list", id);
        var explained = await server.PostAsync("/api/v1/explain", new { port_id = port, direction = "ingress", protocol = "tcp", port = 8443, remote_ip_address = "198.18.10.20" }, 200);

        var row = listed.AsArray().Single(r => (string)r!["ID"]! == (string)rule["ruleid"]!)!;
        Assert.Equal(("tcp", "198.18.10.0/24", "8443:8443"), ((string)row["IP Protocol"]!, (string)row["IP Range"]!, (string)row["Port Range"]!));
        Assert.Equal("allow", (string)explained["verdict"]!);
        Assert.Equal((string)rule["ruleid"]!, (string)explained["matched_rules"]![0]!["id"]!);
    }

    private async Task<string> EgressVerdictAsync(string port, int destination) =>
        (string)(await server.PostAsync("/api/v1/explain", new { port_id = port, direction = "egress", protocol = "tcp", port = destination, remote_ip_address = "203.0.113.9" }, 200))["verdict"]!;
}
