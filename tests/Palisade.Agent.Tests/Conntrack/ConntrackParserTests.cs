using System.Net;
using Palisade.Agent.Conntrack;
using Palisade.Core.Classification;
using Palisade.Core.Model;

namespace Palisade.Agent.Tests.Conntrack;

public sealed class ConntrackParserTests
{
    private const string Listing = """
        ipv4     2 tcp      6 431999 ESTABLISHED src=198.18.10.11 dst=198.18.10.12 sport=36716 dport=7000 src=198.18.10.12 dst=198.18.10.11 sport=7000 dport=36716 [ASSURED] mark=0 use=1
        ipv4     2 icmp     1 29 src=198.18.10.11 dst=198.18.10.12 type=8 code=0 id=4443 src=198.18.10.12 dst=198.18.10.11 type=0 code=0 id=4443 mark=0 use=1
        ipv6     10 udp      17 29 src=2001:db8:10::11 dst=2001:db8:10::12 sport=49810 dport=7000 [UNREPLIED] src=2001:db8:10::12 dst=2001:db8:10::11 sport=7000 dport=49810 mark=0 use=1
        conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.
        """;

    [Fact]
    public void The_original_direction_is_read_and_the_reply_and_summary_lines_are_ignored()
    {
        var entries = ConntrackParser.Parse(Listing);

        Assert.Equal(
        [
            new ConntrackEntry(6, IPAddress.Parse("198.18.10.11"), IPAddress.Parse("198.18.10.12"), 36716, 7000),
            new ConntrackEntry(1, IPAddress.Parse("198.18.10.11"), IPAddress.Parse("198.18.10.12"), IcmpType: 8, IcmpCode: 0, IcmpId: 4443),
            new ConntrackEntry(17, IPAddress.Parse("2001:db8:10::11"), IPAddress.Parse("2001:db8:10::12"), 49810, 7000),
        ], entries);
    }

    [Fact]
    public void An_entry_is_deleted_by_its_exact_original_tuple()
    {
        var entries = ConntrackParser.Parse(Listing);

        Assert.Equal("-D -f ipv4 -p tcp --orig-src 198.18.10.11 --orig-dst 198.18.10.12 --orig-port-src 36716 --orig-port-dst 7000",
            string.Join(' ', ConntrackClient.DeleteArguments(entries[0])));
        Assert.Equal("-D -f ipv4 -p icmp --orig-src 198.18.10.11 --orig-dst 198.18.10.12 --icmp-type 8 --icmp-code 0 --icmp-id 4443",
            string.Join(' ', ConntrackClient.DeleteArguments(entries[1])));
        Assert.Equal("-D -f ipv6 -p udp --orig-src 2001:db8:10::11 --orig-dst 2001:db8:10::12 --orig-port-src 49810 --orig-port-dst 7000",
            string.Join(' ', ConntrackClient.DeleteArguments(entries[2])));
    }

    [Fact]
    public void The_first_packet_is_seen_as_egress_at_the_sender_and_ingress_at_the_receiver()
    {
        var entry = ConntrackParser.Parse(Listing)[0];

        var egress = ConnectionCutter.FirstPacket(entry, Direction.Egress);
        var ingress = ConnectionCutter.FirstPacket(entry, Direction.Ingress);

        Assert.Equal(new Flow(Direction.Egress, EtherType.IPv4, 6, entry.Destination, 7000, 36716, LocalAddress: entry.Source), egress);
        Assert.Equal(new Flow(Direction.Ingress, EtherType.IPv4, 6, entry.Source, 7000, 36716), ingress);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tcp      6 431999 ESTABLISHED src=1.2.3.4 dst=1.2.3.5")]
    [InlineData("ipv4     2 tcp      6 431999 ESTABLISHED src=not-an-address dst=1.2.3.5 sport=1 dport=2")]
    public void Lines_that_do_not_parse_are_left_alone(string line) => Assert.Empty(ConntrackParser.Parse(line));
}
