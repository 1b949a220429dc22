using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Palisade.Agent.Apply;

/// <summary>
/// Runs the data-plane tools (<c>nft</c>, <c>conntrack</c>), inside <see cref="AgentOptions.Namespace"/>
/// when one is configured, each with a time limit: a hung tool must not stall the agent.
/// </summary>
internal sealed class CommandRunner(IOptions<AgentOptions> options)
{
    private readonly string? networkNamespace = options.Value.Namespace;
    private readonly TimeSpan timeout = options.Value.CommandTimeout;

    /// <summary>The processes started last, so that the agent's own nft transactions can be told from others' (nft monitor names the writer's process).</summary>
    private readonly int[] recent = new int[64];
    private int nextRecent;

    /// <summary>Whether the process is one of the last 64 this runner started (<c>ip netns exec</c> execs the tool in the same process).</summary>
    public bool StartedRecently(int processId)
    {
        lock (recent)
        {
            return processId != 0 && Array.IndexOf(recent, processId) >= 0;
        }
    }

    public async Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken)
    {
        using var process = Process.Start(StartInfo(program, arguments, input is not null)) ?? throw new InvalidOperationException($"could not start {program}");
        lock (recent)
        {
            recent[nextRecent++ % recent.Length] = process.Id;
        }

        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return new CommandResult(-1, await output, $"{program} did not finish within {timeout.TotalSeconds:0} s");
        }

        return new CommandResult(process.ExitCode, await output, await error);
    }

    /// <summary>
    /// Starts a tool that runs until stopped (<c>nft monitor</c>), in the namespace, with standard
    /// output and error to read. No time limit: the caller owns the process and kills it.
    /// (<c>ip netns exec</c> execs the tool, so the process is the tool itself.)
    /// </summary>
    public Process Start(string program, IReadOnlyList<string> arguments) =>
        Process.Start(StartInfo(program, arguments, redirectInput: false)) ?? throw new InvalidOperationException($"could not start {program}");

    private ProcessStartInfo StartInfo(string program, IReadOnlyList<string> arguments, bool redirectInput)
    {
        var info = new ProcessStartInfo(networkNamespace is null ? program : "ip")
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (networkNamespace is not null)
        {
            foreach (var prefix in (string[])["netns", "exec", networkNamespace, program])
            {
                info.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }
}
