namespace Palisade.Nftables.Tests;

public sealed class DeterminismTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(21)]
    [InlineData(42)]
    public void Same_policies_in_any_order_render_byte_identical_text(int seed)
    {
        var policies = new RandomHosts(seed).Next();
        var shuffled = policies.OrderBy(_ => Random.Shared.Next()).ToList();

        Assert.Equal(RulesetRenderer.Render(policies), RulesetRenderer.Render(shuffled));
    }
}
