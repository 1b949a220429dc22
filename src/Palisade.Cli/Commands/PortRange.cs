using System.CommandLine.Parsing;
using System.Globalization;

namespace Palisade.Cli.Commands;

/// <summary>The value of <c>--port</c>: one port (22) or an inclusive range (1000-2000).</summary>
internal sealed record PortRange(int Min, int Max)
{
    public static PortRange? Parse(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        var parts = text.Split('-');
        if (parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            && (parts.Length == 1 || int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            var max = parts.Length == 1 ? min : int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture);
            return new PortRange(min, max);
        }

        result.AddError($"--port: '{text}' is not a port (22) or a range (1000-2000).");
        return null;
    }
}
