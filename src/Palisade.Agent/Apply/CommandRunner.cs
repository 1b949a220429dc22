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

    public async Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(networkNamespace is null ? program : "ip")
        {
            RedirectStandardInput = input is not null,
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

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
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
}
