using System.Globalization;
using System.Text;

namespace Palisade.Nftables;

/// <summary>
/// How a logged packet reaches the agent: an nft <c>log group</c> statement sends it to NFLOG
/// (nfnetlink_log), which a netlink socket of the agent reads inside the host's network namespace,
/// where the kernel log of <c>log prefix</c> alone does not reach (docs/flow-logs.md). The prefix
/// names what the packet hit, so the agent can attribute it: <c>pal:r:&lt;rule&gt;</c> for a logged
/// rule, <c>pal:i:&lt;port&gt;</c> / <c>pal:o:&lt;port&gt;</c> for the implicit deny of a port that logs
/// its drops (ingress / egress). Ids are written as in counter names (<see cref="NftNames.Encode"/>).
/// </summary>
public static class FlowLogPrefix
{
    /// <summary>The NFLOG group every Palisade log statement sends to; the agent binds it.</summary>
    public const int Group = 2719;

    /// <summary>
    /// Bytes of each packet copied to the agent: enough for an IPv6 header, a few extension headers
    /// and the transport ports, and little enough that a flood costs the kernel little per packet.
    /// </summary>
    public const int CopyBytes = 128;

    /// <summary>
    /// The kernel's limit for an NFLOG prefix is 64 bytes with the terminating NUL
    /// (xt_NFLOG.h: <c>char prefix[64]</c>; nft_log allows 127, but stays within the smaller one).
    /// </summary>
    public const int MaxLength = 63;

    private const string Head = "pal:";

    public static string Rule(string ruleId) => Make('r', ruleId);

    public static string Drop(string portId, bool ingress) => Make(ingress ? 'i' : 'o', portId);

    /// <summary>The nft statement that sends a packet to the agent under <paramref name="prefix"/>.</summary>
    internal static string Statement(string prefix) =>
        string.Create(CultureInfo.InvariantCulture, $"log prefix \"{prefix}\" group {Group} snaplen {CopyBytes}");

    /// <summary>
    /// The encoded id when it fits; past <see cref="MaxLength"/> a stable hash of the id, which the
    /// agent resolves by computing the prefixes of the ids in its policy (it never parses the id back).
    /// </summary>
    private static string Make(char kind, string id)
    {
        var text = Head + kind + ":" + NftNames.Encode(id);
        if (text.Length <= MaxLength)
        {
            return text;
        }

        // FNV-1a, as NftNames uses for long names: stable across runs and processes.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return Head + kind + ":#" + hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
