using System.Net;
using Palisade.Core.Validation;

namespace Palisade.Core.Tests.Validation;

public sealed class AddressParserTests
{
    [Theory]
    [InlineData("198.18.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("2001:db8::1")]
    [InlineData("::")]
    public void Dotted_quads_and_IPv6_addresses_parse(string text) =>
        Assert.True(AddressParser.TryParseAddress(text, out _));

    [Theory]
    [InlineData("256")]
    [InlineData("10.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1.2.3.256")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("1.2.3.04444")]
    [InlineData("fe80::1%2")]
    [InlineData("")]
    [InlineData(" 1.2.3.4")]
    public void Loose_forms_are_refused(string text) =>
        Assert.False(AddressParser.TryParseAddress(text, out _));

    [Fact]
    public void Mask_clears_host_bits() =>
        Assert.Equal(IPAddress.Parse("2001:db8::"), AddressParser.Mask(IPAddress.Parse("2001:db8::ff"), 64));

    [Fact]
    public void Compare_orders_addresses_numerically() =>
        Assert.True(AddressParser.Compare(IPAddress.Parse("10.0.0.9"), IPAddress.Parse("10.0.0.10")) < 0);
}
