using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Palisade.Server.Auth;

/// <summary>
/// Slows guessing of tokens, passwords and signatures: every failed authentication takes a permit
/// from its client address's fixed window and, when the request names one, its principal's
/// (System.Threading.RateLimiting, partitioned by key); a request arriving while either window is
/// spent is refused with 429 and Retry-After (RFC 6585 §4) before its credentials are even looked at.
/// Successes take nothing, so callers that authenticate are never counted or slowed, and a spent
/// address or principal does not touch any other. The address is the connection's peer: behind a
/// proxy that is the proxy, so the per-address limit then counts everyone's failures together.
/// </summary>
internal sealed class AuthFailureLimiter : IDisposable
{
    /// <summary>What every dialect's 429 says; it names neither the address nor the principal.</summary>
    public const string Message = "Too many failed authentication attempts; retry later.";

    private const string AddressPrefix = "address:";

    private readonly PartitionedRateLimiter<string> limiter;

    public AuthFailureLimiter(IOptions<AuthRateLimitOptions> configured)
    {
        var options = configured.Value;
        var window = TimeSpan.FromSeconds(options.WindowSeconds);
        limiter = PartitionedRateLimiter.Create<string, string>(key =>
        {
            var permits = key.StartsWith(AddressPrefix, StringComparison.Ordinal) ? options.FailuresPerAddress : options.FailuresPerPrincipal;
            return permits == 0
                ? RateLimitPartition.GetNoLimiter(key)
                : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true });
        });
    }

    /// <summary>
    /// How long the caller must wait when its address, or the principal it names, has spent its
    /// failures; null when it may try. Asking takes no permit.
    /// </summary>
    public TimeSpan? RetryAfter(HttpContext context, string? principal)
    {
        foreach (var key in Keys(context, principal))
        {
            using var lease = limiter.AttemptAcquire(key, 0);
            if (!lease.IsAcquired)
            {
                return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            }
        }

        return null;
    }

    /// <summary>Counts one failed authentication against the address and the principal named.</summary>
    public void Failed(HttpContext context, string? principal)
    {
        foreach (var key in Keys(context, principal))
        {
            limiter.AttemptAcquire(key, 1).Dispose();
        }
    }

    /// <summary>Sets Retry-After (whole seconds, rounded up) on the response.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, wait.TotalSeconds))).ToString(CultureInfo.InvariantCulture);

    public void Dispose() => limiter.Dispose();

    /// <summary>An IPv4 address, or an IPv6 one's /64: one host usually holds a whole /64 (RFC 6177), and could walk it.</summary>
    private static string Address(System.Net.IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes) + "/64";
    }

    private static IEnumerable<string> Keys(HttpContext context, string? principal)
    {
        yield return AddressPrefix + Address(context.Connection.RemoteIpAddress);
        if (!string.IsNullOrEmpty(principal))
        {
            yield return "principal:" + principal;
        }
    }
}
