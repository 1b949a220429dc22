using System.Text.RegularExpressions;

namespace Palisade.Server.Infrastructure;

/// <summary>MAC addresses as ports carry them: six colon-separated hex octets.</summary>
internal static partial class MacAddresses
{
    public static bool IsValid(string text) => Pattern().IsMatch(text);

    /// <summary>The group bit (lowest bit of the first octet) marks a multicast MAC.</summary>
    public static bool IsMulticast(string valid) => (Convert.ToByte(valid[..2], 16) & 1) == 1;

    [GeneratedRegex("^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$")]
    private static partial Regex Pattern();
}
