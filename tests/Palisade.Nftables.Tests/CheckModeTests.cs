namespace Palisade.Nftables.Tests;

/// <summary>Whatever the policy, the kernel's own parser and evaluator (nft -c) must accept the ruleset.</summary>
public sealed class CheckModeTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 50)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Random_host_ruleset_is_accepted_by_nft_check_mode(int seed)
    {
        var policies = new RandomHosts(seed).Next();

        await Nft.AssertAcceptedAsync(RulesetRenderer.Render(policies), $"random host {seed}");
    }

    [Fact]
    public async Task Empty_host_still_gets_a_valid_table()
    {
        await Nft.AssertAcceptedAsync(RulesetRenderer.Render([]), "empty host");
    }

    [Fact]
    public async Task Rendering_twice_applies_cleanly_over_the_previous_table()
    {
        var ruleset = RulesetRenderer.Render(Corpus.Get("stateful"));

        var listed = await Nft.ApplyInNamespaceAsync(ruleset, ruleset);

        Assert.Contains("chain out_port-a", listed, StringComparison.Ordinal);
    }
}
