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
    private TestProject other = null!;
    private CloudStackCli cloudstack = null!;
    private CloudStackCli reader = null!;
    private CloudStackCli admin = null!;
    private string principalId = null!;
    private string principalName = null!;

    public async Task InitializeAsync()
    {
        project = await server.NewProjectAsync();
        other = await server.NewProjectAsync();
        (principalId, principalName, cloudstack) = await CliForAsync("member", project.Id);
        (_, _, reader) = await CliForAsync("reader", project.Id);
        (_, _, admin) = await CliForAsync("admin", null);
    }

    public Task DisposeAsync()
    {
        cloudstack.Dispose();
        reader.Dispose();
        admin.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Create_list_authorize_revoke_and_delete_a_group()
    {
        var created = (await cloudstack.OkAsync("createSecurityGroup", "name=web", "description=web tier"))["securitygroup"]!;
        var id = (string)created["id"]!;

        var ingress = (await cloudstack.OkAsync("authorizeSecurityGroupIngress", "securitygroupname=web", "protocol=tcp", "startport=80", "endport=81", "cidrlist=198.18.0.0/16,2001:db8::/32"))["securitygroup"]!;
        var icmp = (await cloudstack.OkAsync("authorizeSecurityGroupIngress", $"securitygroupid={id}", "protocol=icmp", "icmptype=-1", "icmpcode=-1", "cidrlist=198.18.0.0/15"))["securitygroup"]!;
        var peers = (await cloudstack.OkAsync("authorizeSecurityGroupIngress", $"securitygroupid={id}", "protocol=all", $"usersecuritygrouplist[0].account={created["account"]}", "usersecuritygrouplist[0].group=web"))["securitygroup"]!;
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

    /// <summary>What authorizeSecurityGroupRule refuses, in its order (research/cf_cloudstack.md §B3): the job fails with its text.</summary>
    [Theory]
    [InlineData(431, "At least one cidr or at least one security group needs to be specified", "protocol=tcp", "startport=22", "endport=22")]
    [InlineData(431, "Invalid cidr 300.0.0.0/8", "protocol=tcp", "startport=22", "endport=22", "cidrlist=300.0.0.0/8")]
    [InlineData(431, "Invalid cidr 198.18.0.1", "protocol=tcp", "startport=22", "endport=22", "cidrlist=198.18.0.1")]
    [InlineData(431, "Invalid cidr 300.0.0.0/8", "protocol=gre", "cidrlist=300.0.0.0/8")]
    [InlineData(431, "Invalid protocol gre", "protocol=gre", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid protocol -6", "protocol=-6", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid protocol number: 300", "protocol=300", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid ICMP type/code specified, icmpType = 8, icmpCode = null", "protocol=icmp", "icmptype=8", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid ICMP type/code specified, icmpType = null, icmpCode = null", "protocol=icmp", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid icmp code", "protocol=icmp", "icmptype=-1", "icmpcode=0", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid icmp code: need non-negative icmp code ", "protocol=icmp", "icmptype=8", "icmpcode=-1", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid icmp type/code ", "protocol=icmp", "icmptype=256", "icmpcode=0", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid icmp type/code ", "protocol=ICMP", "icmptype=8", "icmpcode=-2", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Cannot specify startPort or endPort without specifying protocol", "protocol=all", "startport=1", "endport=2", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Cannot specify startPort or endPort without specifying protocol", "endport=2", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid port range specified, startPort = 22, endPort = null", "protocol=tcp", "startport=22", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid port range specified, startPort = null, endPort = null", "protocol=udp", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid port range 90:80", "protocol=tcp", "startport=90", "endport=80", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid port range 70000:80", "protocol=tcp", "startport=70000", "endport=80", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid port numbers 1:70000", "protocol=udp", "startport=1", "endport=70000", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid port numbers -5:80", "protocol=tcp", "startport=-5", "endport=80", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid port range -1:-1", "protocol=tcp", "startport=-1", "endport=-1", "cidrlist=198.18.0.0/16")]
    [InlineData(431, "Invalid user group specified, fields 'group' and 'account' cannot be null, please specify groups in the form:  userGroupList[0].group=XXX&userGroupList[0].account=YYY", "protocol=all", "usersecuritygrouplist[0].group=x")]
    [InlineData(431, "Nonexistent account: nobody when trying to authorize security group rule  for {id}:tcp:22:22", "protocol=tcp", "startport=22", "endport=22", "usersecuritygrouplist[0].account=nobody", "usersecuritygrouplist[0].group=x")]
    [InlineData(431, "Nonexistent group nothere for account {account}/ROOT is given, unable to authorize security group rule.", "protocol=all", "usersecuritygrouplist[0].account={account}", "usersecuritygrouplist[0].group=nothere")]
    public async Task Bad_authorizations_fail_their_job_with_cloudstacks_texts(int code, string text, params string[] arguments)
    {
        var group = "bad-" + Guid.NewGuid().ToString("N")[..6];
        var id = (string)(await cloudstack.OkAsync("createSecurityGroup", $"name={group}"))["securitygroup"]!["id"]!;
        var before = await server.RevisionAsync();
        string Fill(string template) => template.Replace("{id}", id, StringComparison.Ordinal).Replace("{account}", project.Name, StringComparison.Ordinal);

        var refused = await cloudstack.FailureAsync(["authorizeSecurityGroupIngress", $"securitygroupname={group}", .. arguments.Select(Fill)]);

        Assert.Equal((code, Fill(text)), refused);
        Assert.Equal(before, await server.RevisionAsync());
    }

    /// <summary>
    /// The refusals of every command, by CloudStack's parameter processor (missing parameters,
    /// numbers that are not numbers, ids of nothing: another project's ids among them), its list
    /// paging, its commands' own checks and its access checks, each with CloudStack's code and text.
    /// </summary>
    [Theory]
    [InlineData("member", 431, "Unable to execute API command createsecuritygroup due to missing parameter name", "createSecurityGroup")]
    [InlineData("member", 431, "Security group name cannot be empty", "createSecurityGroup", "name= ")]
    [InlineData("member", 431, "The security group name default is reserved", "createSecurityGroup", "name=default")]
    [InlineData("member", 431, "Unable to create security group, a group with name {group} already exists.", "createSecurityGroup", "name={group}")]
    [InlineData("member", 431, "Either id or name parameter is required by deleteSecurityGroup command", "deleteSecurityGroup")]
    [InlineData("member", 431, "name and id parameters are mutually exclusive", "deleteSecurityGroup", "id={id}", "name={group}")]
    [InlineData("member", 431, "Unable to find security group by name nosuch for the account id={project}", "deleteSecurityGroup", "name=nosuch")]
    [InlineData("member", 431, "Unable to execute API command deletesecuritygroup due to invalid value. Invalid parameter id value={none} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.", "deleteSecurityGroup", "id={none}")]
    [InlineData("member", 431, "Unable to execute API command deletesecuritygroup due to invalid value. Invalid parameter id value={foreign} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.", "deleteSecurityGroup", "id={foreign}")]
    [InlineData("member", 431, "The network group default is reserved", "deleteSecurityGroup", "name=default")]
    [InlineData("member", 431, "Either securityGroupId or securityGroupName is required by authorizeSecurityGroupIngress command", "authorizeSecurityGroupIngress", "cidrlist=198.18.0.0/16")]
    [InlineData("member", 431, "securityGroupId and securityGroupName parameters are mutually exclusive", "authorizeSecurityGroupIngress", "securitygroupid={id}", "securitygroupname={group}", "cidrlist=198.18.0.0/16")]
    [InlineData("member", 431, "Unable to find security group nosuch for account id={project}", "authorizeSecurityGroupEgress", "securitygroupname=nosuch")]
    [InlineData("member", 431, "Unable to execute API command authorizesecuritygroupingress due to invalid value. Invalid parameter securitygroupid value={foreign} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.", "authorizeSecurityGroupIngress", "securitygroupid={foreign}", "cidrlist=198.18.0.0/16")]
    [InlineData("member", 431, "Unable to execute API command authorizesecuritygroupingress due to invalid value abc for parameter startport", "authorizeSecurityGroupIngress", "securitygroupname={group}", "protocol=tcp", "startport=abc", "endport=80", "cidrlist=198.18.0.0/16")]
    [InlineData("member", 431, "Unable to execute API command revokesecuritygroupingress due to missing parameter id", "revokeSecurityGroupIngress")]
    [InlineData("member", 431, "Unable to execute API command revokesecuritygroupegress due to invalid value. Invalid parameter id value={none} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.", "revokeSecurityGroupEgress", "id={none}")]
    [InlineData("member", 431, "Mismatch in rule type for security rule with id {rule}", "revokeSecurityGroupEgress", "id={rule}")]
    [InlineData("member", 431, "Unable to execute API command queryasyncjobresult due to missing parameter jobid", "queryAsyncJobResult")]
    [InlineData("member", 431, "Unable to execute API command queryasyncjobresult due to invalid value. Invalid parameter jobid value={none} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.", "queryAsyncJobResult", "jobid={none}")]
    [InlineData("member", 431, "Unable to execute API command listsecuritygroups due to invalid value. Invalid parameter id value={foreign} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.", "listSecurityGroups", "id={foreign}")]
    [InlineData("member", 431, "Unable to execute API command listsecuritygroups due to invalid value. Invalid parameter virtualmachineid value=vm-none due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.", "listSecurityGroups", "virtualmachineid=vm-none")]
    [InlineData("member", 431, "\"page\" parameter is required when \"pagesize\" is specified", "listSecurityGroups", "pagesize=10")]
    [InlineData("member", 431, "Page size can't exceed max allowed page size value: 500", "listSecurityGroups", "page=1", "pagesize=501")]
    [InlineData("member", 431, "Can't specify page parameter when pagesize is -1 (Unlimited)", "listSecurityGroups", "page=1", "pagesize=-1")]
    [InlineData("member", 431, "Unable to execute API command listsecuritygroups due to invalid value abc for parameter page", "listSecurityGroups", "page=abc", "pagesize=10")]
    [InlineData("member", 431, "Page and pagesize must be positive", "listSecurityGroups", "page=0", "pagesize=10")]
    [InlineData("member", 431, "Unable to execute API command updatevirtualmachine due to missing parameter id", "updateVirtualMachine")]
    [InlineData("member", 431, "Unable to execute API command updatevirtualmachine due to invalid value. Invalid parameter id value=vm-none due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.", "updateVirtualMachine", "id=vm-none")]
    [InlineData("member", 431, "securitygroupids and securitygroupnames parameters are mutually exclusive", "updateVirtualMachine", "id=vm-none", "securitygroupids={id}", "securitygroupnames={group}")]
    [InlineData("member", 432, "The given command:listVolumes does not exist or it is not available for user", "listVolumes")]
    [InlineData("member", 531, "Only platform admins may do this.", "updateSecurityGroup", "id={id}", "name=renamed")]
    [InlineData("member", 531, "Only platform admins may do this.", "updateSecurityGroup")]
    [InlineData("reader", 531, "Your role in project {project} is reader: it may read, not change.", "createSecurityGroup", "name=mine")]
    [InlineData("reader", 531, "Your role in project {project} is reader: it may read, not change.", "authorizeSecurityGroupIngress", "securitygroupid={id}", "protocol=all", "cidrlist=198.19.0.0/16")]
    [InlineData("reader", 531, "Your role in project {project} is reader: it may read, not change.", "deleteSecurityGroup", "id={id}")]
    [InlineData("admin", 431, "Unable to execute API command updatesecuritygroup due to missing parameter id", "updateSecurityGroup")]
    [InlineData("admin", 431, "Unable to execute API command updatesecuritygroup due to invalid value. Invalid parameter id value={none} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.", "updateSecurityGroup", "id={none}", "name=x")]
    [InlineData("admin", 431, "The default security group cannot be renamed", "updateSecurityGroup", "id={default}", "name=x")]
    [InlineData("admin", 431, "The security group name default is reserved", "updateSecurityGroup", "id={id}", "name=default")]
    public async Task Refused_commands_answer_with_cloudstacks_code_and_text(string role, int code, string text, params string[] arguments)
    {
        var group = "ref-" + Guid.NewGuid().ToString("N")[..6];
        var id = (string)(await cloudstack.OkAsync("createSecurityGroup", $"name={group}"))["securitygroup"]!["id"]!;
        var rule = (await cloudstack.OkAsync("authorizeSecurityGroupIngress", $"securitygroupid={id}", "protocol=tcp", "startport=22", "endport=22", "cidrlist=198.18.0.0/16"))["securitygroup"]!["ingressrule"]![0]!["ruleid"]!;
        var before = await server.RevisionAsync();
        string Fill(string template) => new Dictionary<string, string>
        {
            ["{group}"] = group, ["{id}"] = id, ["{rule}"] = (string)rule!, ["{project}"] = project.Id, ["{default}"] = project.DefaultGroupId,
            ["{foreign}"] = other.DefaultGroupId, ["{none}"] = "00000000-0000-0000-0000-000000000000",
        }.Aggregate(template, (t, p) => t.Replace(p.Key, p.Value, StringComparison.Ordinal));
        var client = role switch { "reader" => reader, "admin" => admin, _ => cloudstack };

        var refused = await client.FailureAsync([.. arguments.Select(Fill)]);

        Assert.Equal((code, Fill(text)), refused);
        Assert.Equal(before, await server.RevisionAsync());
    }

    /// <summary>
    /// A project that follows CloudStack's defaults (docs/compatibility/platform-defaults.md): its
    /// default group lists no rules, as apache/cloudstack's marvin tests expect of an account's
    /// default group, and rules are authorized on it and revoked as on any group.
    /// </summary>
    [Fact]
    public async Task A_cloudstack_projects_default_group_lists_no_rules_and_takes_rules_as_any_group()
    {
        var account = await server.PostAsync("/api/v1/projects", new { name = "cs-" + Guid.NewGuid().ToString("N")[..6], default_rules = "cloudstack" });
        var (_, _, cli) = await CliForAsync("member", (string)account["id"]!);
        using var member = cli;

        var listed = (await member.OkAsync("listSecurityGroups", "securitygroupname=default"))["securitygroup"]![0]!;
        var ingress = (await member.OkAsync("authorizeSecurityGroupIngress", "securitygroupname=default", "protocol=tcp", "startport=22", "endport=22", "cidrlist=198.18.0.0/16"))["securitygroup"]!["ingressrule"]![0]!;
        var egress = (await member.OkAsync("authorizeSecurityGroupEgress", "securitygroupname=default", "protocol=tcp", "startport=443", "endport=443", "cidrlist=198.18.0.0/16"))["securitygroup"]!["egressrule"]![0]!;
        var withRules = (await member.OkAsync("listSecurityGroups", "securitygroupname=default"))["securitygroup"]![0]!;
        await member.OkAsync("revokeSecurityGroupIngress", $"id={ingress["ruleid"]}");
        await member.OkAsync("revokeSecurityGroupEgress", $"id={egress["ruleid"]}");
        var revoked = (await member.OkAsync("listSecurityGroups", "securitygroupname=default"))["securitygroup"]![0]!;

        Assert.Equal(("default", 0, 0), ((string)listed["name"]!, listed["ingressrule"]!.AsArray().Count, listed["egressrule"]!.AsArray().Count));
        Assert.Equal((1, 1), (withRules["ingressrule"]!.AsArray().Count, withRules["egressrule"]!.AsArray().Count));
        Assert.Equal((0, 0), (revoked["ingressrule"]!.AsArray().Count, revoked["egressrule"]!.AsArray().Count));
    }

    [Fact]
    public async Task Duplicates_groups_in_use_and_bad_credentials_are_refused()
    {
        var id = (string)(await cloudstack.OkAsync("createSecurityGroup", "name=refusals"))["securitygroup"]!["id"]!;
        await cloudstack.OkAsync("authorizeSecurityGroupIngress", $"securitygroupid={id}", "protocol=tcp", "startport=22", "endport=22", "cidrlist=198.18.0.0/16");
        await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, security_groups = new[] { id } });
        var allowed = (string)(await cloudstack.OkAsync("createSecurityGroup", "name=refusals-allowed"))["securitygroup"]!["id"]!;
        await cloudstack.OkAsync("authorizeSecurityGroupIngress", $"securitygroupid={id}", "protocol=all", $"usersecuritygrouplist[0].account={project.Name}", "usersecuritygrouplist[0].group=refusals-allowed");
        var keys = await server.PostAsync($"/api/v1/principals/{principalId}/api-keys", new { });
        using var wrongSecret = new CloudStackCli(server.Client.BaseAddress!, (string)keys["api_key"]!, "not-the-secret");
        var before = await server.RevisionAsync();

        var duplicateRule = await cloudstack.FailureAsync("authorizeSecurityGroupIngress", $"securitygroupid={id}", "protocol=tcp", "startport=22", "endport=22", "cidrlist=198.18.0.0/16");
        var inUse = await cloudstack.FailureAsync("deleteSecurityGroup", $"id={id}");
        var referenced = await cloudstack.FailureAsync("deleteSecurityGroup", $"id={allowed}");
        var expired = await cloudstack.FailureAsync("listSecurityGroups", "signatureVersion=3", "expires=2020-01-01T00:00:00+0000");
        var badSignature = await wrongSecret.FailureAsync("listSecurityGroups");

        Assert.Equal((530, "Failed to authorize security group ingress rule(s)"), duplicateRule);
        Assert.Equal((536, "Cannot delete group when it's in use by virtual machines"), inUse);
        Assert.Equal((536, "Cannot delete group when there are security rules that allow this group"), referenced);
        Assert.Equal((401, "unable to verify user credentials and/or request signature"), expired);
        Assert.Equal((401, "unable to verify user credentials and/or request signature"), badSignature);
        Assert.Equal(before, await server.RevisionAsync());
    }

    [Fact]
    public async Task Unknown_parameters_are_ignored_as_cloudstack_ignores_them()
    {
        var created = (await cloudstack.OkAsync("createSecurityGroup", "name=ignores", "colour=red"))["securitygroup"]!;

        var listed = await cloudstack.OkAsync("listSecurityGroups", $"id={created["id"]}", "flavour=vanilla");

        Assert.Equal("ignores", (string)listed["securitygroup"]![0]!["name"]!);
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

    /// <summary>CloudStack keeps a VM's groups as a set: a group named twice is put on its ports once.</summary>
    [Fact]
    public async Task A_group_given_twice_to_a_virtual_machine_is_put_on_once()
    {
        var web = (string)(await cloudstack.OkAsync("createSecurityGroup", "name=vm-twice"))["securitygroup"]!["id"]!;
        var port = await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, instance_id = "vm-cs-twice" });

        await cloudstack.OkAsync("updateVirtualMachine", "id=vm-cs-twice", $"securitygroupids={web},{web}");

        Assert.Equal([web], (await server.GetAsync($"/api/v1/ports/{port["id"]}"))["security_groups"]!.AsArray().Select(g => (string)g!));
    }

    /// <summary>
    /// PortGroupOperations.SetGroupsAsync: a group the VM's project may not name is refused as
    /// unknown, as the native and Neutron APIs refuse it, where this API once left it off silently.
    /// </summary>
    [Fact]
    public async Task Another_accounts_group_is_not_put_on_a_virtual_machine()
    {
        var elsewhere = (string)(await server.PostAsync("/api/v1/security-groups", new { project_id = other.Id, name = "vm-elsewhere" }))["id"]!;
        await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, instance_id = "vm-cs-elsewhere" });
        var before = await server.RevisionAsync();

        var refused = await admin.FailureAsync("updateVirtualMachine", "id=vm-cs-elsewhere", $"securitygroupids={elsewhere}");

        Assert.Equal((431, $"Unable to execute API command updatevirtualmachine due to invalid value. Invalid parameter securitygroupids value={elsewhere} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class."), refused);
        Assert.Equal(before, await server.RevisionAsync());
    }

    /// <summary>One rule for every API (PortGroupOperations): a port's groups are all stateful or all stateless.</summary>
    [Fact]
    public async Task Assigning_stateful_and_stateless_groups_to_a_virtual_machine_is_refused()
    {
        var web = (string)(await cloudstack.OkAsync("createSecurityGroup", "name=vm-mixed-web"))["securitygroup"]!["id"]!;
        var fast = (string)(await cloudstack.OkAsync("createSecurityGroup", "name=vm-mixed-fast"))["securitygroup"]!["id"]!;
        await server.SendAsync(HttpMethod.Patch, $"/api/v1/security-groups/{fast}", new { stateful = false }, 200);
        await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId, instance_id = "vm-cs-mixed" });
        var before = await server.RevisionAsync();

        var refused = await cloudstack.FailureAsync("updateVirtualMachine", "id=vm-cs-mixed", $"securitygroupids={web},{fast}");

        Assert.Equal((431, "Cannot apply both stateful and stateless security groups on the same port at the same time."), refused);
        Assert.Equal(before, await server.RevisionAsync());
    }

    /// <summary>
    /// What authorizeSecurityGroupRule accepts and how (§B3): protocol 1 is ICMP with any type and
    /// code, a protocol name is trimmed and lowercased, 0/0 is every port, another protocol number
    /// drops its ports, and rules that exist already are skipped while the new ones are made.
    /// </summary>
    [Fact]
    public async Task Authorizations_are_read_as_cloudstack_reads_them()
    {
        var id = (string)(await cloudstack.OkAsync("createSecurityGroup", "name=accepts"))["securitygroup"]!["id"]!;

        var icmp = (await cloudstack.OkAsync("authorizeSecurityGroupIngress", $"securitygroupid={id}", "protocol=1", "cidrlist=198.18.0.0/16"))["securitygroup"]!["ingressrule"]![0]!;
        var tcp = (await cloudstack.OkAsync("authorizeSecurityGroupIngress", $"securitygroupid={id}", "protocol= TCP ", "startport=0", "endport=0", "cidrlist=198.18.0.0/16"))["securitygroup"]!["ingressrule"]![0]!;
        var gre = (await cloudstack.OkAsync("authorizeSecurityGroupIngress", $"securitygroupid={id}", "protocol=47", "startport=5", "endport=6", "cidrlist=198.18.0.0/16"))["securitygroup"]!["ingressrule"]![0]!;
        var partly = (await cloudstack.OkAsync("authorizeSecurityGroupIngress", $"securitygroupid={id}", "protocol=1", "cidrlist=198.18.0.0/16,198.19.0.0/16"))["securitygroup"]!["ingressrule"]!;
        var native = await server.GetAsync($"/api/v1/security-groups/{id}/rules?direction=ingress");

        Assert.Equal(("icmp", -1, -1), ((string)icmp["protocol"]!, (int)icmp["icmptype"]!, (int)icmp["icmpcode"]!));
        Assert.Equal(("tcp", 0, 65535), ((string)tcp["protocol"]!, (int)tcp["startport"]!, (int)tcp["endport"]!));
        var greRule = native.AsArray().Single(r => (string)r!["id"]! == (string)gre["ruleid"]!)!;
        Assert.Equal((null, null), ((int?)greRule["port_range_min"], (int?)greRule["port_range_max"]));
        Assert.Equal(["198.19.0.0/16"], partly.AsArray().Select(r => (string)r!["cidr"]!));
        Assert.Equal(4, native.AsArray().Count);
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

    [Fact]
    public async Task A_rule_to_a_neutron_address_group_lists_the_groups_addresses_as_its_cidr()
    {
        var id = (string)(await cloudstack.OkAsync("createSecurityGroup", "name=to-offices"))["securitygroup"]!["id"]!;
        var token = await server.PostAsync("/api/v1/tokens", new { principal_id = principalId });
        using var openstack = new OpenStackCli(server.Client.BaseAddress!, principalName, (string)token["token"]!, project.Name);
        await openstack.JsonAsync("address group", "create", "offices", "--address", "198.19.1.0/24", "--address", "2001:db8:1::/64", "--address", "198.19.2.0/24");
        await openstack.JsonAsync("security group rule", "create", id, "--protocol", "tcp", "--dst-port", "22", "--remote-address-group", "offices");
        await openstack.JsonAsync("security group rule", "create", id, "--protocol", "tcp", "--dst-port", "22", "--ethertype", "IPv6", "--remote-address-group", "offices");

        var listed = (await cloudstack.OkAsync("listSecurityGroups", $"id={id}"))["securitygroup"]![0]!["ingressrule"]!.AsArray();

        Assert.Equal(["198.19.1.0/24,198.19.2.0/24", "2001:db8:1::/64"], listed.Select(r => (string)r!["cidr"]!).Order(StringComparer.Ordinal));
    }

    /// <summary>A principal with <paramref name="role"/> in the project (or a platform admin), and the cs client with its key pair.</summary>
    private async Task<(string PrincipalId, string PrincipalName, CloudStackCli Cli)> CliForAsync(string role, string? projectId)
    {
        var principal = await server.PostAsync("/api/v1/principals", new { name = $"cs-{role}-" + Guid.NewGuid().ToString("N")[..6] });
        var id = (string)principal["id"]!;
        await server.PostAsync("/api/v1/role-bindings", new { principal_id = id, role, project_id = projectId });
        var keys = await server.PostAsync($"/api/v1/principals/{id}/api-keys", new { });
        return (id, (string)principal["name"]!, new CloudStackCli(server.Client.BaseAddress!, (string)keys["api_key"]!, (string)keys["secret_key"]!));
    }

    private async Task<string> EgressVerdictAsync(string port, int destination) =>
        (string)(await server.PostAsync("/api/v1/explain", new { port_id = port, direction = "egress", protocol = "tcp", port = destination, remote_ip_address = "203.0.113.9" }, 200))["verdict"]!;
}
