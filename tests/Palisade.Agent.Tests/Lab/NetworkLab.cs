using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Palisade.Agent.Tests.Lab;

/// <summary>
/// A hypervisor in miniature, built from network namespaces that the test owns: one host namespace
/// that routes (design.md §3: /32 and /128 routes to each port, proxy ARP, forwarding) and one
/// namespace per instance joined to it by a veth pair whose host end plays the tap device.
/// Addresses come from 198.18.0.0/15 and 2001:db8::/32 only. Disposing removes every namespace and
/// every process started in them, also after a failed test.
/// </summary>
public sealed class NetworkLab : IAsyncDisposable
{
    /// <summary>The instances' default gateway: the host answers ARP for it because it is a local address there.</summary>
    private const string GatewayV4 = "169.254.1.1";
    private const string GatewayV6 = "fe80::1";

    private readonly string prefix = "pl" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> namespaces = [];
    private readonly List<LabInstance> instances = [];

    private NetworkLab()
    {
        HostNamespace = prefix + "-host";
    }

    public string HostNamespace { get; }

    /// <summary>The MAC the next instance gets, so a test can register its port with it before creating it.</summary>
    public string NextMacAddress => MacOf(instances.Count + 1);

    public IReadOnlyList<LabInstance> Instances => instances;

    public static async Task<NetworkLab> CreateAsync()
    {
        var lab = new NetworkLab();
        try
        {
            await lab.AddNamespaceAsync(lab.HostNamespace);
            await Shell.MustAsync("ip", "netns", "exec", lab.HostNamespace, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1");
            await Shell.MustAsync("ip", "-n", lab.HostNamespace, "addr", "add", GatewayV4 + "/32", "dev", "lo");
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds an instance with one port; <paramref name="hostDevice"/> is the port's interface on the host.</summary>
    public async Task<LabInstance> AddInstanceAsync(string hostDevice, string ipv4, string ipv6)
    {
        var index = instances.Count + 1;
        var name = $"{prefix}-i{index}";
        var mac = NextMacAddress;
        await AddNamespaceAsync(name);

        await Shell.MustAsync("ip", "link", "add", hostDevice, "netns", HostNamespace, "type", "veth", "peer", "name", "eth0", "netns", name);
        await Shell.MustAsync("ip", "-n", name, "link", "set", "eth0", "address", mac);
        await Shell.MustAsync("ip", "netns", "exec", HostNamespace, "sysctl", "-qw", $"net.ipv4.conf.{hostDevice}.proxy_arp=1");
        await Shell.MustAsync("ip", "-n", HostNamespace, "addr", "add", GatewayV6 + "/64", "dev", hostDevice);
        await Shell.MustAsync("ip", "-n", HostNamespace, "link", "set", hostDevice, "up");

        await Shell.MustAsync("ip", "-n", name, "addr", "add", ipv4 + "/32", "dev", "eth0");
        await Shell.MustAsync("ip", "-n", name, "addr", "add", ipv6 + "/128", "dev", "eth0", "nodad");
        await Shell.MustAsync("ip", "-n", name, "link", "set", "eth0", "up");
        await Shell.MustAsync("ip", "-n", name, "route", "add", GatewayV4, "dev", "eth0");
        await Shell.MustAsync("ip", "-n", name, "route", "add", "default", "via", GatewayV4, "dev", "eth0");
        await Shell.MustAsync("ip", "-n", name, "-6", "route", "add", "default", "via", GatewayV6, "dev", "eth0");

        await Shell.MustAsync("ip", "-n", HostNamespace, "route", "add", ipv4 + "/32", "dev", hostDevice);
        await Shell.MustAsync("ip", "-n", HostNamespace, "-6", "route", "add", ipv6 + "/128", "dev", hostDevice);

        var instance = new LabInstance(name, hostDevice, IPAddress.Parse(ipv4), IPAddress.Parse(ipv6), mac);
        instances.Add(instance);
        return instance;
    }

    /// <summary>Adds a second address to an instance's interface, e.g. to try a spoofed source.</summary>
    public static Task AddAddressAsync(LabInstance instance, string address) =>
        Shell.MustAsync("ip", "-n", instance.Namespace, "addr", "add", address + (address.Contains(':', StringComparison.Ordinal) ? "/128" : "/32"), "dev", "eth0", "nodad");

    /// <summary>
    /// Lets an instance send from and receive at an extra address (a VIP of an allowed address pair):
    /// the address on its interface and a host route to it through the instance's port.
    /// </summary>
    public async Task AddVirtualAddressAsync(LabInstance instance, string address)
    {
        await AddAddressAsync(instance, address);
        var v6 = address.Contains(':', StringComparison.Ordinal);
        await Shell.MustAsync("ip", "-n", HostNamespace, v6 ? "-6" : "-4", "route", "add", address + (v6 ? "/128" : "/32"), "dev", instance.HostDevice);
    }

    /// <summary>Runs a command in the host namespace, e.g. to tamper with the agent's table.</summary>
    public Task<CommandResult> ExecInHostAsync(params string[] command) =>
        Shell.RunAsync("ip", ["netns", "exec", HostNamespace, .. command], TimeSpan.FromSeconds(20));

    /// <summary>Applies an nftables script in the host namespace, as the agent would.</summary>
    public Task<CommandResult> NftAsync(string script) =>
        Shell.RunAsync("ip", ["netns", "exec", HostNamespace, "nft", "-f", "-"], TimeSpan.FromSeconds(20), script);

    /// <summary>Waits, bounded, until <paramref name="condition"/> holds; false when it never did.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        do
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }
        while (clock.Elapsed < limit);
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in Enumerable.Reverse(namespaces))
        {
            var pids = await Shell.RunAsync("ip", ["netns", "pids", name], TimeSpan.FromSeconds(5));
            foreach (var pid in pids.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                await Shell.RunAsync("kill", ["-9", pid], TimeSpan.FromSeconds(5));
            }

            await Shell.RunAsync("ip", ["netns", "del", name], TimeSpan.FromSeconds(10));
        }
    }

    private static string MacOf(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"02:00:c6:12:{index / 256:x2}:{index % 256:x2}");

    private async Task AddNamespaceAsync(string name)
    {
        await Shell.MustAsync("ip", "netns", "add", name);
        namespaces.Add(name);
        await Shell.MustAsync("ip", "-n", name, "link", "set", "lo", "up");
    }
}
