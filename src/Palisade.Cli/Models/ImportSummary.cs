namespace Palisade.Cli.Models;

/// <summary>What an import did, for its closing line (and <c>--output json</c>).</summary>
internal sealed class ImportSummary
{
    public int GroupsCreated { get; private set; }

    public int GroupsExisting { get; private set; }

    public int RulesAdded { get; private set; }

    public int RulesPresent { get; private set; }

    public void Add(bool created, int added, int present)
    {
        if (created)
        {
            GroupsCreated++;
        }
        else
        {
            GroupsExisting++;
        }

        RulesAdded += added;
        RulesPresent += present;
    }
}
