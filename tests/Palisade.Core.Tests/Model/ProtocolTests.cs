using Palisade.Core.Model;

namespace Palisade.Core.Tests.Model;

public sealed class ProtocolTests
{
    [Theory]
    [InlineData("tcp", 6)]
    [InlineData("TCP", 6)]
    [InlineData("6", 6)]
    [InlineData("icmpv6", 58)]
    [InlineData("ipv6-icmp", 58)]
    [InlineData("udplite", 136)]
    [InlineData("255", 255)]
    [InlineData("0", 0)]
    public void Names_and_numbers_parse_to_the_same_protocol(string text, int number)
    {
        Assert.True(Protocol.TryParse(text, out var protocol));
        Assert.Equal((byte)number, protocol.Number);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("any")]
    [InlineData("ANY")]
    public void Any_and_empty_mean_every_protocol(string? text)
    {
        Assert.True(Protocol.TryParse(text, out var protocol));
        Assert.True(protocol.IsAny);
        Assert.Equal(Protocol.Any, protocol);
    }

    [Theory]
    [InlineData("256")]
    [InlineData("-1")]
    [InlineData("tcpp")]
    [InlineData("6.0")]
    public void Unknown_names_and_out_of_range_numbers_are_refused(string text) =>
        Assert.False(Protocol.TryParse(text, out _));

    [Fact]
    public void Canonical_name_of_icmpv6_is_ipv6_icmp()
    {
        Protocol.TryParse("icmpv6", out var protocol);
        Assert.Equal("ipv6-icmp", protocol.ToString());
    }
}
