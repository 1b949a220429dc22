using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Palisade.Server.Tests.Compat.Neutron;

/// <summary>
/// <c>POST</c> and <c>DELETE /v2.0/networks</c>, as tempest's security-group tests make a network to
/// put ports on: the native network, refusals in NeutronError shape.
/// </summary>
public sealed class NeutronNetworksHttpTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>, IAsyncLifetime
{
    private TestProject project = null!;
    private HttpClient neutron = null!;

    public async Task InitializeAsync()
    {
        project = await server.NewProjectAsync();
        var member = await server.NewPrincipalAsync(project.Id, "member");
        neutron = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        neutron.DefaultRequestHeaders.Add("X-Auth-Token", member.Token);
    }

    public Task DisposeAsync()
    {
        neutron.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_member_creates_a_network_in_its_project_that_the_native_api_lists()
    {
        using var response = await neutron.PostAsJsonAsync("/v2.0/networks", new { network = new { name = "tempest-net" } });
        var network = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["network"]!;
        var native = await server.GetAsync($"/api/v1/networks?project_id={project.Id}");

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal(("tempest-net", project.Id, "ACTIVE"), ((string)network["name"]!, (string)network["project_id"]!, (string)network["status"]!));
        Assert.Contains(native.AsArray(), n => (string)n!["id"]! == (string)network["id"]!);
    }

    [Fact]
    public async Task An_attribute_palisade_does_not_keep_is_refused_and_nothing_is_made()
    {
        var before = (await server.GetAsync($"/api/v1/networks?project_id={project.Id}")).AsArray().Count;

        using var response = await neutron.PostAsJsonAsync("/v2.0/networks", new { network = new { name = "shared-net", shared = true } });
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["NeutronError"]!;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("shared", (string)error["message"]!);
        Assert.Equal(before, (await server.GetAsync($"/api/v1/networks?project_id={project.Id}")).AsArray().Count);
    }

    [Fact]
    public async Task Deleting_an_empty_network_removes_it_and_its_subnets()
    {
        var network = (string)(await server.PostAsync("/api/v1/networks", new { project_id = project.Id, name = "gone" }))["id"]!;
        await server.PostAsync("/api/v1/subnets", new { network_id = network, cidr = "198.19.7.0/24" });

        using var response = await neutron.DeleteAsync($"/v2.0/networks/{network}");

        Assert.Equal(204, (int)response.StatusCode);
        Assert.DoesNotContain((await server.GetAsync($"/api/v1/networks?project_id={project.Id}")).AsArray(), n => (string)n!["id"]! == network);
        Assert.Empty((await server.GetAsync($"/api/v1/subnets?network_id={network}")).AsArray());
    }

    [Fact]
    public async Task Deleting_a_network_with_a_port_is_network_in_use()
    {
        await server.PostAsync("/api/v1/ports", new { project_id = project.Id, network_id = project.NetworkId });

        using var response = await neutron.DeleteAsync($"/v2.0/networks/{project.NetworkId}");
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["NeutronError"]!;

        Assert.Equal((409, "NetworkInUse"), ((int)response.StatusCode, (string)error["type"]!));
        Assert.Contains($"Unable to complete operation on network {project.NetworkId}.", (string)error["message"]!);
    }

    [Fact]
    public async Task Deleting_another_projects_network_is_network_not_found()
    {
        var other = await server.NewProjectAsync();

        using var response = await neutron.DeleteAsync($"/v2.0/networks/{other.NetworkId}");
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["NeutronError"]!;

        Assert.Equal((404, "NetworkNotFound"), ((int)response.StatusCode, (string)error["type"]!));
        Assert.Contains((await server.GetAsync($"/api/v1/networks?project_id={other.Id}")).AsArray(), n => (string)n!["id"]! == other.NetworkId);
    }
}
