using Microsoft.Extensions.Options;

namespace Palisade.Agent.Apply;

/// <summary>The agent's only ways of touching nftables: apply a transaction, read the table back, read counters.</summary>
internal sealed class NftClient(CommandRunner runner, IOptions<AgentOptions> options)
{
    private readonly string nft = options.Value.Nft;

    /// <summary>Applies an <c>nft -f</c> file from standard input: one transaction, all or nothing.</summary>
    public Task<CommandResult> ApplyAsync(string transaction, CancellationToken cancellationToken) =>
        runner.RunAsync(nft, ["-f", "-"], transaction, cancellationToken);

    /// <summary>
    /// The table as the kernel has it, without counter values (<c>-s</c>, stateless), so two listings
    /// differ only when the ruleset does; null when the table does not exist.
    /// </summary>
    public async Task<string?> ListTableAsync(CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(nft, ["-s", "list", "table", "inet", "palisade"], null, cancellationToken);
        return result.Succeeded ? result.Output : null;
    }

    /// <summary>The counters of the table as <c>nft -j</c> prints them, or null when there is no table.</summary>
    public async Task<string?> ListCountersAsync(CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(nft, ["-j", "list", "counters", "table", "inet", "palisade"], null, cancellationToken);
        return result.Succeeded ? result.Output : null;
    }
}
