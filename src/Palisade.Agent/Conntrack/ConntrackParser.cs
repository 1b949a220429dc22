using System.Globalization;
using System.Net;

namespace Palisade.Agent.Conntrack;

/// <summary>
/// Reads <c>conntrack -L -o extended</c>: one entry a line, such as
/// <c>ipv4 2 tcp 6 431999 ESTABLISHED src=… dst=… sport=… dport=… src=… (reply) … [ASSURED] mark=0 use=1</c>.
/// The first src/dst/sport/dport (or type/code/id) are the original direction; the repeat is the
/// reply. Lines that do not parse are skipped: an entry the agent cannot read is one it leaves alone.
/// </summary>
internal static class ConntrackParser
{
    public static IReadOnlyList<ConntrackEntry> Parse(string output)
    {
        var entries = new List<ConntrackEntry>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ParseLine(line) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    internal static ConntrackEntry? ParseLine(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 6 || fields[0] is not ("ipv4" or "ipv6") || !byte.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var protocol))
        {
            return null;
        }

        var original = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields.Skip(4))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = field[..equals];
            if (original.ContainsKey(key))
            {
                break; // the reply tuple starts with a second src=
            }

            original[key] = field[(equals + 1)..];
        }

        if (!original.TryGetValue("src", out var src) || !IPAddress.TryParse(src, out var source)
            || !original.TryGetValue("dst", out var dst) || !IPAddress.TryParse(dst, out var destination))
        {
            return null;
        }

        return new ConntrackEntry(
            protocol,
            source,
            destination,
            Number(original, "sport"),
            Number(original, "dport"),
            (byte)Number(original, "type"),
            (byte)Number(original, "code"),
            Number(original, "id"));
    }

    private static int Number(Dictionary<string, string> fields, string key) =>
        fields.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
