namespace Palisade.Server.Compat.Keystone;

/// <summary>
/// How long a token from <c>POST /identity/v3/auth/tokens</c> lasts: configuration
/// <c>Palisade:Keystone:TokenExpiration</c> in seconds, as keystone.conf's <c>[token] expiration</c>,
/// with Keystone's default of one hour.
/// </summary>
internal sealed record KeystoneOptions(TimeSpan TokenLifetime)
{
    public static KeystoneOptions From(IConfiguration configuration)
    {
        var configured = configuration["Palisade:Keystone:TokenExpiration"];
        if (configured is null)
        {
            return new KeystoneOptions(TimeSpan.FromHours(1));
        }

        return int.TryParse(configured, out var seconds) && seconds > 0
            ? new KeystoneOptions(TimeSpan.FromSeconds(seconds))
            : throw new InvalidOperationException($"Palisade:Keystone:TokenExpiration must be a positive number of seconds, not '{configured}'.");
    }
}
