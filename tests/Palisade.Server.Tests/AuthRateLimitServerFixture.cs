namespace Palisade.Server.Tests;

/// <summary>A server whose failed-authentication limit is small: 5 failures per address, 3 per principal, in an hour.</summary>
public sealed class AuthRateLimitServerFixture : SqliteServerFixture
{
    public const int PerAddress = 5;
    public const int PerPrincipal = 3;

    protected override IEnumerable<string> Configuration =>
        [$"--Palisade:AuthRateLimit:FailuresPerAddress={PerAddress}", $"--Palisade:AuthRateLimit:FailuresPerPrincipal={PerPrincipal}", "--Palisade:AuthRateLimit:WindowSeconds=3600"];
}
