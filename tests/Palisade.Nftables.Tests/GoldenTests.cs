using System.Runtime.CompilerServices;

namespace Palisade.Nftables.Tests;

/// <summary>
/// Each corpus policy against its expected ruleset in Golden/. After an intended change, run the
/// tests with <c>PALISADE_UPDATE_GOLDEN=1</c> to rewrite the files, then review the diff.
/// </summary>
public sealed class GoldenTests
{
    public static TheoryData<string> Cases => [.. Corpus.Names];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rendered_ruleset_matches_its_golden_file(string name)
    {
        var rendered = RulesetRenderer.Render(Corpus.Get(name));

        var path = Path.Combine(GoldenDirectory(), name + ".nft");
        if (Environment.GetEnvironmentVariable("PALISADE_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, rendered);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run with PALISADE_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path), rendered);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Golden_ruleset_is_accepted_by_nft_check_mode(string name) =>
        await Nft.AssertAcceptedAsync(RulesetRenderer.Render(Corpus.Get(name)), name);

    private static string GoldenDirectory([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Golden");
}
