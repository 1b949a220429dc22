using System.Text.Json.Nodes;

namespace Palisade.Agent.Tests.EndToEnd;

/// <summary>A rule whose remote is a Neutron address group, on real traffic.</summary>
public sealed class AddressGroupTests(AgentLab lab) : IClassFixture<AgentLab>
{
    [Fact]
    public async Task Traffic_from_an_address_group_cidr_passes_and_changing_the_group_is_applied_as_set_elements()
    {
        var inside = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "inside", [])]);
        var outside = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "outside", [])]);
        var created = await lab.Api.PostAsync("/v2.0/address-groups", new
        {
            address_group = new { name = "clients", project_id = lab.ProjectId, addresses = new[] { $"{inside.IPv4}/32", $"{inside.IPv6}/128" } },
        });
        var addressGroup = (string)created["address_group"]!["id"]!;
        var server = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "from-clients",
        [
            new { direction = "ingress", ethertype = "IPv4", protocol = "udp", port_range_min = 7000, port_range_max = 7000, remote_address_group_id = addressGroup },
            new { direction = "ingress", ethertype = "IPv6", protocol = "udp", port_range_min = 7000, port_range_max = 7000, remote_address_group_id = addressGroup },
        ])]);
        server.StartEchoServers(7000);
        await lab.ConvergedAsync();

        Assert.True(await AgentLab.EventuallyAsync(() => inside.UdpEchoesAsync(server.IPv4, 7000)), "UDP over IPv4 from inside the address group");
        Assert.True(await AgentLab.EventuallyAsync(() => inside.UdpEchoesAsync(server.IPv6, 7000)), "UDP over IPv6 from inside the address group");
        Assert.False(await outside.UdpEchoesAsync(server.IPv4, 7000), "UDP over IPv4 from outside the address group");
        Assert.False(await outside.UdpEchoesAsync(server.IPv6, 7000), "UDP over IPv6 from outside the address group");

        var full = lab.Agent.FullApplies;
        var elements = lab.Agent.ElementApplies;
        await ChangeAsync(addressGroup, "add_addresses", $"{outside.IPv4}/32");
        await lab.ConvergedAsync();

        Assert.True(await AgentLab.EventuallyAsync(() => outside.UdpEchoesAsync(server.IPv4, 7000)), "an added address gets in");
        Assert.False(await outside.UdpEchoesAsync(server.IPv6, 7000), "the other family of an added address does not");

        await ChangeAsync(addressGroup, "remove_addresses", $"{inside.IPv4}/32");
        await lab.ConvergedAsync();

        Assert.False(await inside.UdpEchoesAsync(server.IPv4, 7000), "a removed address still gets in");
        Assert.True(await inside.UdpEchoesAsync(server.IPv6, 7000), "the address left in the group still gets in");
        Assert.Equal(full, lab.Agent.FullApplies);
        Assert.Equal(elements + 2, lab.Agent.ElementApplies);
    }

    private Task<JsonNode> ChangeAsync(string addressGroup, string action, string address) =>
        lab.Api.SendAsync(HttpMethod.Put, $"/v2.0/address-groups/{addressGroup}/{action}", new { addresses = new[] { address } }, 200);
}
