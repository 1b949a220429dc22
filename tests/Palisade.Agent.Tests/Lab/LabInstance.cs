using System.Diagnostics;
using System.Net;

namespace Palisade.Agent.Tests.Lab;

/// <summary>
/// An instance: its own network namespace with one interface <c>eth0</c>, a /32 and a /128, and
/// default routes through the host (proxy ARP for IPv4, the host's fe80::1 for IPv6).
/// </summary>
public sealed class LabInstance(string namespaceName, string hostDevice, IPAddress ipv4, IPAddress ipv6, string mac)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public string Namespace { get; } = namespaceName;

    /// <summary>The instance's port as the host sees it (the tap-like veth end).</summary>
    public string HostDevice { get; } = hostDevice;

    public IPAddress IPv4 { get; } = ipv4;

    public IPAddress IPv6 { get; } = ipv6;

    public string MacAddress { get; } = mac;

    public Task<CommandResult> ExecAsync(TimeSpan timeout, params string[] command) =>
        Shell.RunAsync("ip", ["netns", "exec", Namespace, .. command], timeout);

    /// <summary>One echo request, answered within a second or not at all.</summary>
    public async Task<bool> PingAsync(IPAddress target) =>
        (await ExecAsync(ProbeTimeout, "ping", "-c", "1", "-W", "1", "-n", target.ToString())).Succeeded;

    /// <summary>Whether a TCP connection to <paramref name="target"/>:<paramref name="port"/> is established within a second.</summary>
    public async Task<bool> TcpConnectsAsync(IPAddress target, int port) =>
        (await ExecAsync(ProbeTimeout, "nc", "-z", "-n", "-w", "1", target.ToString(), port.ToString(System.Globalization.CultureInfo.InvariantCulture))).Succeeded;

    /// <summary>
    /// Sends one datagram to an echo server and reports whether the echo came back within a second;
    /// from <paramref name="source"/> and <paramref name="sourcePort"/> when given.
    /// </summary>
    public async Task<bool> UdpEchoesAsync(IPAddress target, int port, IPAddress? source = null, int? sourcePort = null)
    {
        var v6 = target.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        var peer = v6 ? $"[{target}]" : target.ToString();
        var address = source is null ? (v6 ? "[::]" : "0.0.0.0") : v6 ? $"[{source}]" : source.ToString();
        var bind = source is null && sourcePort is null ? "" : $",bind={address}{(sourcePort is { } p ? ":" + p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}";
        var result = await Shell.RunAsync("ip", ["netns", "exec", Namespace, "socat", "-T1", "-", $"UDP:{peer}:{port}{bind}"], ProbeTimeout, standardInput: "palisade-probe\n");
        return result.Output.Contains("palisade-probe", StringComparison.Ordinal);
    }

    /// <summary>Starts a TCP and a UDP echo server on <paramref name="port"/>, both families; the lab stops them.</summary>
    public IReadOnlyList<Process> StartEchoServers(int port)
    {
        var p = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return
        [
            StartInNamespace("socat", $"TCP6-LISTEN:{p},fork,reuseaddr,ipv6only=0", "EXEC:cat"),
            StartInNamespace("socat", $"UDP6-LISTEN:{p},fork,reuseaddr,ipv6only=0", "EXEC:cat"),
        ];
    }

    /// <summary>A TCP connection from this instance that stays open, to see whether an established connection keeps passing data.</summary>
    public async Task<LabSession> OpenSessionAsync(IPAddress target, int port)
    {
        var peer = target.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{target}]" : target.ToString();
        var session = new LabSession(StartInNamespace("socat", "-", $"TCP:{peer}:{port}"));
        if (!await session.EchoesAsync("hello", TimeSpan.FromSeconds(5)))
        {
            await session.DisposeAsync();
            throw new InvalidOperationException($"no session from {Namespace} to {peer}:{port}");
        }

        return session;
    }

    public Process StartInNamespace(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["netns", "exec", Namespace, file, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {file} in {Namespace}");
    }
}
