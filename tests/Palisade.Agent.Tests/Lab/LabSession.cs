using System.Diagnostics;

namespace Palisade.Agent.Tests.Lab;

/// <summary>
/// A long-lived TCP connection (socat) to an echo server: each line sent should come back. Reads
/// are bounded; disposing kills the client.
/// </summary>
public sealed class LabSession(Process client) : IAsyncDisposable
{
    /// <summary>Sends one line and reports whether its echo came back within <paramref name="limit"/>.</summary>
    public async Task<bool> EchoesAsync(string text, TimeSpan limit)
    {
        if (client.HasExited)
        {
            return false;
        }

        await client.StandardInput.WriteLineAsync(text);
        await client.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            while (await client.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line == text)
                {
                    return true;
                }
            }

            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!client.HasExited)
        {
            client.Kill(entireProcessTree: true);
            await client.WaitForExitAsync();
        }

        client.Dispose();
    }
}
