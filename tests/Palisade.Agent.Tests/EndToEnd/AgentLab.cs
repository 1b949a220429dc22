using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Palisade.Agent.Tests.Lab;
using Palisade.Server;

namespace Palisade.Agent.Tests.EndToEnd;

/// <summary>
/// One hypervisor under test: a real server on 127.0.0.1 over a temporary SQLite file, a
/// <see cref="NetworkLab"/> host namespace, and the real agent (in this process) enforcing the
/// host's ports in that namespace. A test class shares one lab (setting it up costs seconds); each
/// test makes its own groups and instances, so tests of a class do not depend on each other, and
/// classes run in parallel because every lab has its own namespaces and server. Instances live in
/// two subnets without intra-subnet allowance (rules decide), unless a test asks for one with it.
/// </summary>
public class AgentLab : IAsyncLifetime
{
    public const string AdminToken = "agent-lab-admin-token";
    public static readonly TimeSpan Convergence = TimeSpan.FromSeconds(15);

    private readonly string directory = Directory.CreateTempSubdirectory("palisade-agent-test-").FullName;
    private readonly Dictionary<string, IPNetwork> subnetCidrs = [];
    private WebApplication? server;
    private IHost? agent;
    private int nextAddress = 10;

    public string HostName { get; } = "hv-" + Guid.NewGuid().ToString("N")[..8];

    public Uri ServerAddress { get; private set; } = null!;

    public PalisadeApi Api { get; private set; } = null!;

    public NetworkLab Network { get; private set; } = null!;

    public AgentStatistics Agent => agent!.Services.GetRequiredService<AgentStatistics>();

    public string ProjectId { get; private set; } = null!;

    public string DefaultGroupId { get; private set; } = null!;

    /// <summary>The port id of each instance.</summary>
    public Dictionary<LabInstance, string> PortIds { get; } = [];

    public string NetworkId { get; private set; } = null!;

    /// <summary>The lab's IPv4 and IPv6 subnets (198.18.10.0/24, 2001:db8:10::/64), without intra-subnet allowance.</summary>
    public (string V4, string V6) Subnets { get; private set; }

    public async Task InitializeAsync()
    {
        await StartServerAsync("http://127.0.0.1:0");
        Api = new PalisadeApi(ServerAddress, AdminToken);
        Network = await NetworkLab.CreateAsync();
        var project = await Api.PostAsync("/api/v1/projects", new { name = "lab" });
        ProjectId = (string)project["id"]!;
        // Every test of a class makes its own groups in the lab's one project: more than Neutron's default 10.
        await Api.SendAsync(HttpMethod.Put, $"/api/v1/quotas/{ProjectId}", new { security_groups = -1 }, 200);
        DefaultGroupId = (string)(await Api.GetAsync($"/api/v1/security-groups?project_id={ProjectId}&name=default"))[0]!["id"]!;
        NetworkId = (string)(await Api.PostAsync("/api/v1/networks", new { project_id = ProjectId, name = "lab" }))["id"]!;
        Subnets = await SubnetsAsync(NetworkId, "198.18.10.0/24", "2001:db8:10::/64", intraSubnet: false);

        var agentServer = await AgentServerAsync();
        agent = PalisadeAgent.Build([
            $"--Palisade:Agent:Server={agentServer}",
            $"--Palisade:Agent:Token={AdminToken}",
            $"--Palisade:Agent:Host={HostName}",
            $"--Palisade:Agent:Namespace={Network.HostNamespace}",
            "--Palisade:Agent:ReconcileInterval=00:00:01",
            "--Palisade:Agent:ReportInterval=00:00:01",
            "--Palisade:Agent:MaxBackoff=00:00:02",
            "--Logging:LogLevel:Default=Warning",
            .. AgentArguments(directory),
        ]);
        await agent.StartAsync();
    }

    /// <summary>The agent's watcher of table changes (<c>nft monitor</c>), for the tests that kill it.</summary>
    internal Palisade.Agent.Reconcile.TableMonitor Monitor => agent!.Services.GetRequiredService<Palisade.Agent.Reconcile.TableMonitor>();

    /// <summary>Whether the agent's host still runs: an exception that escapes its worker stops it.</summary>
    public bool AgentRunning => !agent!.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested;

    /// <summary>The address the agent is given for its server: the server's own, unless a lab puts something in between.</summary>
    protected virtual Task<Uri> AgentServerAsync() => Task.FromResult(ServerAddress);

    /// <summary>More agent configuration for a lab that needs it; <paramref name="scratch"/> is the lab's temporary directory.</summary>
    protected virtual IEnumerable<string> AgentArguments(string scratch) => [];

    public virtual async Task DisposeAsync()
    {
        if (agent is not null)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await agent.StopAsync(limit.Token);
            agent.Dispose();
        }

        await StopServerAsync();
        Api?.Dispose();
        if (Network is not null)
        {
            await Network.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Starts the server over the lab's database; after the first start, on the same address.</summary>
    public async Task StartServerAsync(string? url = null)
    {
        server = await PalisadeServer.BuildAsync([
            $"--Palisade:Urls={url ?? ServerAddress.ToString().TrimEnd('/')}",
            $"--Palisade:Database={Path.Combine(directory, "palisade.db")}",
            $"--PALISADE_ADMIN_TOKEN={AdminToken}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await server.StartAsync();
        ServerAddress = new Uri(server.Urls.First());
    }

    /// <summary>Stops the server at once: the agent's open long poll is cut, as when a server dies.</summary>
    public async Task StopServerAsync()
    {
        if (server is null)
        {
            return;
        }

        using var now = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        try
        {
            await server.StopAsync(now.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await server.DisposeAsync();
        server = null;
    }

    /// <summary>A port on this host in the lab's subnets (or <paramref name="subnets"/>) and its instance, with the port's MAC.</summary>
    public async Task<LabInstance> InstanceAsync(string[]? groups = null, (string V4, string V6)? subnets = null, string[]? addressPairs = null)
    {
        var (subnetV4, subnetV6) = subnets ?? Subnets;
        var host = Interlocked.Increment(ref nextAddress);
        var v4 = AddressIn(subnetV4, host);
        var v6 = AddressIn(subnetV6, host);
        var port = await Api.PostAsync("/api/v1/ports", new Dictionary<string, object?>
        {
            ["project_id"] = ProjectId,
            ["network_id"] = NetworkId,
            ["host"] = HostName,
            ["mac_address"] = Network.NextMacAddress,
            ["fixed_ips"] = new[] { new { subnet_id = subnetV4, ip_address = v4 }, new { subnet_id = subnetV6, ip_address = v6 } },
            ["allowed_address_pairs"] = (addressPairs ?? []).Select(a => new { ip_address = a }).ToArray(),
            ["security_groups"] = groups,
        }.Where(p => p.Value is not null).ToDictionary());
        var id = (string)port["id"]!;
        var instance = await Network.AddInstanceAsync("tap" + id[..11], v4, v6);
        PortIds[instance] = id;
        return instance;
    }

    /// <summary>Two more subnets of the lab's network, e.g. with intra-subnet traffic allowed.</summary>
    public Task<(string V4, string V6)> SubnetsAsync(string cidrV4, string cidrV6, bool intraSubnet) => SubnetsAsync(NetworkId, cidrV4, cidrV6, intraSubnet);

    /// <summary>Waits until the agent enforces the store's current revision (everything written so far).</summary>
    public async Task ConvergedAsync()
    {
        var revision = await Api.RevisionAsync();
        Assert.True(await NetworkLab.EventuallyAsync(() => Task.FromResult(Agent.AppliedRevision >= revision), Convergence),
            $"the agent did not apply revision {revision} (applied {Agent.AppliedRevision}, last error: {Agent.LastError})");
    }

    /// <summary>Waits, bounded, for a probe to succeed (first packets may wait for ARP or ND).</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> probe) => await NetworkLab.EventuallyAsync(probe, TimeSpan.FromSeconds(10));

    private async Task<(string, string)> SubnetsAsync(string network, string cidrV4, string cidrV6, bool intraSubnet)
    {
        var v4 = await Api.PostAsync("/api/v1/subnets", new { network_id = network, cidr = cidrV4, intra_subnet_allowed = intraSubnet });
        var v6 = await Api.PostAsync("/api/v1/subnets", new { network_id = network, cidr = cidrV6, intra_subnet_allowed = intraSubnet });
        subnetCidrs[(string)v4["id"]!] = IPNetwork.Parse(cidrV4);
        subnetCidrs[(string)v6["id"]!] = IPNetwork.Parse(cidrV6);
        return ((string)v4["id"]!, (string)v6["id"]!);
    }

    private string AddressIn(string subnetId, int host)
    {
        var bytes = subnetCidrs[subnetId].BaseAddress.GetAddressBytes();
        bytes[^1] = (byte)host;
        return new IPAddress(bytes).ToString();
    }
}
