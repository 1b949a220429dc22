namespace Palisade.Server.Auth;

/// <summary>
/// How many failed authentications are tolerated before the caller must wait: configuration
/// <c>Palisade:AuthRateLimit:FailuresPerAddress</c> (per client address), <c>…:FailuresPerPrincipal</c>
/// (per user or API key a request names) and <c>…:WindowSeconds</c> (how long a count lasts).
/// 0 switches that limit off. Only failures count, so a caller that authenticates is never slowed.
/// </summary>
public sealed class AuthRateLimitOptions
{
    public const string Section = "Palisade:AuthRateLimit";

    /// <summary>Failed authentications one client address may make per window (default 100).</summary>
    public int FailuresPerAddress { get; set; } = 100;

    /// <summary>Failed authentications naming one principal (Keystone user, CloudStack API key) per window (default 20).</summary>
    public int FailuresPerPrincipal { get; set; } = 20;

    /// <summary>The window, in seconds (default 60).</summary>
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Why these options cannot be used, or null when they can.</summary>
    internal string? Problem() =>
        FailuresPerAddress < 0 ? $"{Section}:FailuresPerAddress must be 0 (no limit) or more, not {FailuresPerAddress}."
        : FailuresPerPrincipal < 0 ? $"{Section}:FailuresPerPrincipal must be 0 (no limit) or more, not {FailuresPerPrincipal}."
        : WindowSeconds is < 1 or > 86_400 ? $"{Section}:WindowSeconds must be between 1 and 86400, not {WindowSeconds}."
        : null;
}
