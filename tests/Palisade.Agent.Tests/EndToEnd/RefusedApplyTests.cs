using System.Text.Json.Nodes;

namespace Palisade.Agent.Tests.EndToEnd;

/// <summary>A lab whose agent runs nft through a wrapper that refuses transactions while <see cref="Refusing"/> is set.</summary>
public sealed class NftRefusingLab : AgentLab
{
    private string marker = null!;

    public bool Refusing
    {
        get => File.Exists(marker);
        set
        {
            if (value)
            {
                File.WriteAllText(marker, "");
            }
            else
            {
                File.Delete(marker);
            }
        }
    }

    protected override IEnumerable<string> AgentArguments(string scratch)
    {
        marker = Path.Combine(scratch, "refuse");
        var wrapper = Path.Combine(scratch, "nft-wrapper");
        // Only transactions (nft -f) are refused, as nft refuses a ruleset it cannot load; listings still work.
        File.WriteAllText(wrapper, $"""
            #!/bin/sh
            if [ "$1" = "-f" ] && [ -e '{marker}' ]; then echo 'Error: refused by the test' >&2; exit 1; fi
            exec nft "$@"

            """);
        if (OperatingSystem.IsLinux()) // the whole lab is Linux network namespaces
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return [$"--Palisade:Agent:Nft={wrapper}"];
    }
}

/// <summary>nft refusing a ruleset: the previous one stays in force, the error is reported, the apply is retried.</summary>
public sealed class RefusedApplyTests(NftRefusingLab lab) : IClassFixture<NftRefusingLab>
{
    [Fact]
    public async Task A_refused_ruleset_leaves_the_previous_one_in_force_reports_the_error_and_is_retried()
    {
        var group = await lab.Api.GroupAsync(lab.ProjectId, "refused", [new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 7000, port_range_max = 7000 }]);
        var server = await lab.InstanceAsync([group]);
        var client = await lab.InstanceAsync([await lab.Api.GroupAsync(lab.ProjectId, "refused-clients", [])]);
        server.StartEchoServers(7000);
        server.StartEchoServers(7001);
        await lab.ConvergedAsync();
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7000)));

        lab.Refusing = true;
        await lab.Api.RuleAsync(group, new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 7001, port_range_max = 7001 });
        JsonNode status = new JsonObject();
        Assert.True(await AgentLab.EventuallyAsync(async () =>
        {
            status = await lab.Api.GetAsync($"/api/v1/hosts/{lab.HostName}/status");
            return ((string?)status["error"])?.Contains("refused by the test", StringComparison.Ordinal) == true;
        }), status.ToJsonString());

        Assert.True(await client.TcpConnectsAsync(server.IPv4, 7000), "the previous ruleset no longer lets allowed traffic in");
        Assert.False(await client.TcpConnectsAsync(server.IPv4, 7001), "the refused ruleset is in force");
        Assert.True((long)status["applied_revision"]! < await lab.Api.RevisionAsync());

        lab.Refusing = false;
        await lab.ConvergedAsync();
        Assert.True(await AgentLab.EventuallyAsync(() => client.TcpConnectsAsync(server.IPv4, 7001)), "the retried ruleset");
        Assert.True(await AgentLab.EventuallyAsync(async () => (await lab.Api.GetAsync($"/api/v1/hosts/{lab.HostName}/status"))["error"] is null), "the error is cleared");
    }
}
