namespace Palisade.Agent.Reconcile;

/// <summary>
/// Reads <c>nft monitor</c>'s output, line by line, and says when a transaction that changed the
/// agent's table has ended and was not the agent's own. nft prints a transaction's events, then
/// "# new generation N by process PID (nft)"; the agent's own writes (applies, repairs) would
/// otherwise each cost a reconcile, i.e. a listing of the whole table (0.7 s for 1,000 ports,
/// docs/benchmarks.md) holding up the next apply. A transaction whose process the agent did not
/// start counts. So does every event when nft prints no generation lines: one reconcile too many
/// finds the table as applied and does nothing.
/// </summary>
internal sealed class TableEvents(Func<int, bool> startedByAgent)
{
    private const string Generation = "# new generation ";
    private const string ByProcess = " by process ";
    private const string OurTable = " inet palisade";

    private bool pending;
    private bool generationsSeen;

    /// <summary>True when <paramref name="line"/> ends a transaction someone else made to the table (or, without generation lines, is an event of it).</summary>
    public bool EndsForeignChange(string line)
    {
        if (line.StartsWith(Generation, StringComparison.Ordinal))
        {
            generationsSeen = true;
            var changed = pending && !(ProcessOf(line) is { } process && startedByAgent(process));
            pending = false;
            return changed;
        }

        if (!NamesOurTable(line))
        {
            return false;
        }

        pending = true;
        return !generationsSeen;
    }

    /// <summary>
    /// "add rule inet palisade forward_ingress …", "delete table inet palisade": the object's family
    /// and table follow the verb and the object type. Other tables' events are not ours.
    /// </summary>
    internal static bool NamesOurTable(string line)
    {
        var at = line.IndexOf(OurTable, StringComparison.Ordinal);
        var end = at + OurTable.Length;
        return at > 0 && !line.StartsWith('#') && (end == line.Length || line[end] == ' ');
    }

    private static int? ProcessOf(string line)
    {
        var at = line.IndexOf(ByProcess, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var digits = line.AsSpan(at + ByProcess.Length);
        var length = 0;
        while (length < digits.Length && char.IsAsciiDigit(digits[length]))
        {
            length++;
        }

        return int.TryParse(digits[..length], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var process) ? process : null;
    }
}
