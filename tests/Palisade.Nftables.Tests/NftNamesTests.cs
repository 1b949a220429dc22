namespace Palisade.Nftables.Tests;

public sealed class NftNamesTests
{
    [Theory]
    [InlineData("3f2b1c9e-8d7a-4e6f-9b0c-1a2b3c4d5e6f", "3f2b1c9e-8d7a-4e6f-9b0c-1a2b3c4d5e6f")]
    [InlineData("a_b", "a_5fb")]
    [InlineData("a-b", "a-b")]
    [InlineData("web server", "web_20server")]
    [InlineData("größe", "gr_c3_b6_c3_9fe")]
    public void Ids_encode_to_nft_identifiers_and_decode_back(string id, string encoded)
    {
        Assert.Equal(encoded, NftNames.Encode(id));
        Assert.Equal(id, NftNames.Decode(encoded));
    }

    [Fact]
    public void Ids_that_differ_only_in_punctuation_get_different_names()
    {
        string[] ids = ["a_b", "a.b", "a b", "a-b", "a__b", "a_5fb"];

        Assert.Equal(ids.Length, ids.Select(NftNames.Encode).Distinct().Count());
    }

    [Fact]
    public void A_very_long_id_is_cut_and_hashed_within_nft_limits()
    {
        var a = NftNames.Encode(new string('x', 300) + "a");
        var b = NftNames.Encode(new string('x', 300) + "b");

        Assert.NotEqual(a, b);
        Assert.True(a.Length <= 200);
        Assert.Null(NftNames.Decode(a));
    }
}
