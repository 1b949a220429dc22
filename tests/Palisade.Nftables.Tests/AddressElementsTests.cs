using System.Net;

namespace Palisade.Nftables.Tests;

public sealed class AddressElementsTests
{
    [Fact]
    public void Overlapping_networks_merge_and_adjacent_ones_stay_apart()
    {
        IPNetwork[] networks = [IPNetwork.Parse("10.0.0.5/32"), IPNetwork.Parse("10.0.0.4/30"), IPNetwork.Parse("10.0.0.8/32"), IPNetwork.Parse("2001:db8::1/128")];

        Assert.Equal(["10.0.0.4/30", "10.0.0.8"], AddressElements.Of(networks, v6: false).AsEnumerable());
        Assert.Equal(["2001:db8::1"], AddressElements.Of(networks, v6: true).AsEnumerable());
    }

    [Fact]
    public void Nested_networks_collapse_into_the_outer_one()
    {
        IPNetwork[] networks = [IPNetwork.Parse("10.0.0.0/30"), IPNetwork.Parse("10.0.0.2/31"), IPNetwork.Parse("10.0.0.3/32"), IPNetwork.Parse("10.0.0.0/31"), IPNetwork.Parse("10.0.0.4/31")];

        // 10.0.0.0/30 swallows the rest of its range; 10.0.0.4/31 is adjacent, not overlapping.
        Assert.Equal(["10.0.0.0/30", "10.0.0.4/31"], AddressElements.Of(networks, v6: false).AsEnumerable());
    }

    [Fact]
    public void An_interval_that_is_no_prefix_is_written_as_a_range()
    {
        Assert.Equal("10.0.0.1-10.0.0.6", AddressElements.Format(AddressElements.Number(IPAddress.Parse("10.0.0.1")), AddressElements.Number(IPAddress.Parse("10.0.0.6")), v6: false));
    }

    [Fact]
    public void The_whole_address_space_is_a_zero_length_prefix()
    {
        Assert.Equal("::/0", AddressElements.Format(UInt128.Zero, UInt128.MaxValue, v6: true));
        Assert.Equal("0.0.0.0/0", AddressElements.Format(0, uint.MaxValue, v6: false));
    }
}
