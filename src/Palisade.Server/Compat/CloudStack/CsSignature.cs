using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Palisade.Server.Compat.CloudStack;

/// <summary>
/// CloudStack's request signature: every parameter but <c>signature</c>, sorted by name, each value
/// URL-encoded (RFC 3986, spaces as %20), joined as <c>k=v&amp;…</c>, lowercased, HMAC-SHA1 with
/// the secret key, base64. With <c>signatureVersion=3</c> the request also carries <c>expires</c>,
/// after which it is refused.
/// </summary>
internal static class CsSignature
{
    /// <summary>
    /// Whether the request is signed with <paramref name="secret"/> and, for version 3, not expired.
    /// <paramref name="parameters"/> must be keyed without regard to case (<see cref="CsRequestParameters"/>):
    /// the signed text is lowercased, so a name the lookups here missed by its case would still be signed.
    /// </summary>
    public static bool Verify(IReadOnlyDictionary<string, string> parameters, string secret, DateTimeOffset now)
    {
        if (!parameters.TryGetValue("signature", out var signature))
        {
            return false;
        }

        if (parameters.TryGetValue("signatureVersion", out var version) && version == "3")
        {
            if (!parameters.TryGetValue("expires", out var expires)
                || !DateTimeOffset.TryParseExact(expires, ["yyyy-MM-dd'T'HH:mm:sszzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ssK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var until)
                || until < now)
            {
                return false;
            }
        }

        var expected = Convert.FromBase64String(Compute(parameters, secret, StringComparer.Ordinal));
        var alternative = Convert.FromBase64String(Compute(parameters, secret, StringComparer.OrdinalIgnoreCase));
        byte[] given;
        try
        {
            given = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        // Clients sort names as given (the cs library) or lowercased (CloudMonkey); either is CloudStack's.
        return CryptographicOperations.FixedTimeEquals(expected, given) || CryptographicOperations.FixedTimeEquals(alternative, given);
    }

    public static string Compute(IReadOnlyDictionary<string, string> parameters, string secret, StringComparer order)
    {
        var text = string.Join('&', parameters
            .Where(p => !p.Key.Equals("signature", StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p.Key, order)
            .Select(p => $"{p.Key}={Encode(p.Value)}"));
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text.ToLowerInvariant())));
    }

    /// <summary>Like Java's URLEncoder with + as %20, which is what the clients sign.</summary>
    private static string Encode(string value) => Uri.EscapeDataString(value).Replace("%2A", "*", StringComparison.Ordinal);
}
