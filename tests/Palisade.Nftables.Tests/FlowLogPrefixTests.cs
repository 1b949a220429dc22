namespace Palisade.Nftables.Tests;

/// <summary>The NFLOG prefix (docs/flow-logs.md): within the kernel's 63 bytes, and one per rule or port.</summary>
public sealed class FlowLogPrefixTests
{
    [Fact]
    public void A_uuid_rule_id_is_written_as_it_is()
    {
        Assert.Equal("pal:r:3f2b1c9e-8d7a-4e6f-9b0c-1a2b3c4d5e6f", FlowLogPrefix.Rule("3f2b1c9e-8d7a-4e6f-9b0c-1a2b3c4d5e6f"));
    }

    [Fact]
    public void The_implicit_deny_of_each_direction_has_its_own_prefix()
    {
        Assert.Equal(["pal:i:port-1", "pal:o:port-1"], [FlowLogPrefix.Drop("port-1", ingress: true), FlowLogPrefix.Drop("port-1", ingress: false)]);
    }

    [Fact]
    public void Every_prefix_of_ten_thousand_random_ids_fits_the_kernel_limit_and_none_is_shared()
    {
        var random = new Random(15);
        var ids = Enumerable.Range(0, 10_000)
            .Select(_ => new string([.. Enumerable.Range(0, random.Next(1, 120)).Select(_ => (char)random.Next(0x20, 0x3000))]))
            .Distinct()
            .ToList();

        var prefixes = ids.Select(FlowLogPrefix.Rule).ToList();

        Assert.All(prefixes, p => Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(p), 1, FlowLogPrefix.MaxLength));
        Assert.Equal(ids.Count, prefixes.Distinct().Count());
    }
}
