using System.Security.Cryptography;
using System.Text;

namespace Palisade.Server.Tests;

/// <summary>CloudStack calls as its clients make them: parameters signed as CloudStack documents it, in a query or a form.</summary>
internal static class CloudStackRequests
{
    /// <summary>
    /// CloudStack's documented signing: parameters sorted by name, values URL-encoded, joined with
    /// &amp;, the whole lowercased, HMAC-SHA1 with the secret key, base64.
    /// </summary>
    public static string Sign(IEnumerable<KeyValuePair<string, string>> parameters, string secret)
    {
        var text = string.Join('&', parameters.Where(p => p.Key != "signature").OrderBy(p => p.Key.ToLowerInvariant(), StringComparer.Ordinal).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")).ToLowerInvariant();
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text)));
    }

    public static string Encode(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    /// <summary>The parameters with response=json, the key and a signature over all of them.</summary>
    public static List<KeyValuePair<string, string>> Signed(IEnumerable<KeyValuePair<string, string>> parameters, string apiKey, string secret)
    {
        var all = parameters.Where(p => p.Key is not ("apiKey" or "signature" or "response")).Append(new("response", "json")).Append(new("apiKey", apiKey)).ToList();
        all.Add(new("signature", Sign(all, secret)));
        return all;
    }
}
