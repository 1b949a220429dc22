using System.Text;

namespace Palisade.Nftables;

/// <summary>
/// Names of chains, sets and counters derived from Palisade ids. Ids are free text (UUIDs in
/// practice) while nft identifiers are not, so an id is encoded injectively: ASCII letters, digits
/// and <c>-</c> stay, every other UTF-8 byte (including <c>_</c>) becomes <c>_xx</c> in hex. Two ids
/// therefore never share a name, and a counter name can be decoded back to its rule id. Every name
/// starts with a fixed prefix, so it never collides with an nft keyword.
/// </summary>
internal static class NftNames
{
    // nft object names may be 255 bytes; past this an id is cut and tagged with a hash (not decodable).
    private const int MaxEncodedLength = 200;

    public const string RulePrefix = "rule_";
    public const string PlatformPrefix = "platform_";
    public const string IngressDropPrefix = "drop_in_";
    public const string EgressDropPrefix = "drop_out_";

    public static string RuleCounter(string ruleId) => RulePrefix + Encode(ruleId);

    public static string PlatformCounter(string policyId) => PlatformPrefix + Encode(policyId);

    public static string DropCounter(string portId, bool ingress) => (ingress ? IngressDropPrefix : EgressDropPrefix) + Encode(portId);

    public static string PortChain(string portId, bool ingress) => (ingress ? "in_" : "out_") + Encode(portId);

    public static string GroupChain(string groupId, bool ingress) => "group_" + Encode(groupId) + (ingress ? "_in" : "_out");

    public static string PlatformChain(int index, bool ingress) => "platform_" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + (ingress ? "_in" : "_out");

    public static string GroupSet(string groupId, bool v6) => "group_" + Encode(groupId) + Family(v6);

    /// <summary>An address group's CIDRs of one family (Neutron's address groups as a rule's remote).</summary>
    public static string AddressGroupSet(string addressGroupId, bool v6) => "addrgroup_" + Encode(addressGroupId) + Family(v6);

    /// <summary>Every port's own addresses, keyed by interface: <c>ifname . address</c>.</summary>
    public static string SourceSet(bool v6) => "port_src" + Family(v6);

    /// <summary>Every port's same-subnet peers that need no rule, keyed by interface: <c>ifname . cidr</c>.</summary>
    public static string IntraSubnetSet(bool v6) => "port_intra" + Family(v6);

    public static string PlatformSet(string policyId, bool v6) => "platform_" + Encode(policyId) + Family(v6);

    public static string Encode(string id)
    {
        var builder = new StringBuilder(id.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('_').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (builder.Length <= MaxEncodedLength)
        {
            return builder.ToString();
        }

        // FNV-1a over the whole id: stable across runs and processes, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        var cut = builder.ToString(0, MaxEncodedLength - 20);
        var escape = cut.LastIndexOf('_');
        if (escape > cut.Length - 3)
        {
            cut = cut[..escape]; // do not leave half an escape behind
        }

        return cut + "_h" + hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The id an encoded name came from, or null when it is not an encoding (or was cut and hashed).</summary>
    public static string? Decode(string encoded)
    {
        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c != '_')
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return null;
                }

                bytes.Add((byte)c);
                continue;
            }

            if (i + 2 >= encoded.Length || !char.IsAsciiHexDigitLower(encoded[i + 1]) || !char.IsAsciiHexDigitLower(encoded[i + 2]))
            {
                return null;
            }

            bytes.Add(Convert.ToByte(encoded.Substring(i + 1, 2), 16));
            i += 2;
        }

        try
        {
            return new UTF8Encoding(false, true).GetString([.. bytes]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string Family(bool v6) => v6 ? "_v6" : "_v4";
}
