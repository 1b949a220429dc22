using Palisade.Agent.Reconcile;

namespace Palisade.Agent.Tests.Reconcile;

public sealed class TableEventsTests
{
    private const int AgentsNft = 4242;

    [Theory]
    [InlineData("delete table inet palisade", true)]
    [InlineData("add rule inet palisade forward_ingress oifname vmap @ingress_ports", true)]
    [InlineData("insert rule inet palisade forward_ingress accept", true)]
    [InlineData("delete element inet palisade members_v4 { 198.18.0.1 }", true)]
    [InlineData("# new generation 7 by process 4242 (nft)", false)]
    [InlineData("add rule inet palisade2 x accept", false)]
    [InlineData("add rule inet filter input accept", false)]
    [InlineData("add table ip palisade", false)]
    public void Only_events_of_the_agents_table_name_it(string line, bool ours) =>
        Assert.Equal(ours, TableEvents.NamesOurTable(line));

    [Fact]
    public void A_transaction_to_the_table_counts_when_its_generation_line_names_another_process()
    {
        var events = new TableEvents(process => process == AgentsNft);
        string[] lines = ["# new generation 6 by process 4242 (nft)", "delete rule inet palisade forward_ingress handle 9", "insert rule inet palisade forward_ingress accept", "# new generation 7 by process 5151 (nft)"];

        Assert.Equal([false, false, false, true], lines.Select(events.EndsForeignChange));
    }

    [Fact]
    public void The_agents_own_transactions_and_other_tables_do_not_count()
    {
        var events = new TableEvents(process => process == AgentsNft);
        string[] lines = ["# new generation 6 by process 4242 (nft)", "add table inet palisade", "add rule inet palisade forward_ingress accept", "# new generation 7 by process 4242 (nft)", "add rule inet filter input accept", "# new generation 8 by process 5151 (nft)"];

        Assert.DoesNotContain(true, lines.Select(events.EndsForeignChange));
    }

    [Fact]
    public void Without_generation_lines_every_event_of_the_table_counts()
    {
        var events = new TableEvents(process => process == AgentsNft);

        Assert.True(events.EndsForeignChange("delete table inet palisade"));
    }
}
