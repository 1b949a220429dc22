using System.Net;
using Palisade.Core.Model;

namespace Palisade.Core.Tests.Model;

public sealed class RangeCoverTests
{
    [Theory]
    [InlineData("10.0.0.1", "10.0.0.9", "10.0.0.1/32 10.0.0.2/31 10.0.0.4/30 10.0.0.8/31")]
    [InlineData("10.0.0.0", "10.0.0.255", "10.0.0.0/24")]
    [InlineData("10.0.0.5", "10.0.0.5", "10.0.0.5/32")]
    [InlineData("0.0.0.0", "255.255.255.255", "0.0.0.0/0")]
    [InlineData("255.255.255.254", "255.255.255.255", "255.255.255.254/31")]
    [InlineData("2001:db8::1", "2001:db8::4", "2001:db8::1/128 2001:db8::2/127 2001:db8::4/128")]
    [InlineData("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::/0")]
    public void A_range_is_the_fewest_cidrs_holding_exactly_its_addresses(string first, string last, string expected) =>
        Assert.Equal(expected, string.Join(" ", RangeCover.Networks(IPAddress.Parse(first), IPAddress.Parse(last))));
}
