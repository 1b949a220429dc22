using System.Globalization;

namespace Palisade.LoadTest;

/// <summary>The few knobs of a load run: <c>--seconds</c> of reading, <c>--readers</c> in parallel, <c>--writes</c> to time.</summary>
internal sealed record Options(int Seconds = 10, int Readers = 32, int Writes = 2000)
{
    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--seconds" => options with { Seconds = value },
                "--readers" => options with { Readers = value },
                "--writes" => options with { Writes = value },
                _ => throw new ArgumentException($"unknown option {args[i]}; use --seconds, --readers, --writes"),
            };
        }

        return options;
    }
}
