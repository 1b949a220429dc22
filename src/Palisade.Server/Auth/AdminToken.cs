using System.Security.Cryptography;
using System.Text;
using Palisade.Server.Documents;
using Palisade.Store;

namespace Palisade.Server.Auth;

/// <summary>
/// The platform admin's bearer token. Only its SHA-256 is stored. On first start with an empty
/// store the server makes one and prints it once, unless PALISADE_ADMIN_TOKEN supplies it.
/// </summary>
internal sealed class AdminToken
{
    private byte[] hash = [];

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <returns>The new token when one was generated (to print once), else null.</returns>
    public async Task<string?> InitializeAsync(IPalisadeStore store, string? configured, CancellationToken cancellationToken)
    {
        return await store.WriteAsync(async session =>
        {
            var stored = await session.GetAsync(Kinds.AdminToken, "admin", cancellationToken);
            string? generated = null;
            string hex;
            if (configured is { Length: > 0 })
            {
                hex = Hash(configured);
            }
            else if (stored is not null)
            {
                hex = stored.Body.Trim('"');
            }
            else
            {
                generated = "pal_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
                hex = Hash(generated);
            }

            await session.PutAsync(Kinds.AdminToken, "admin", null, $"\"{hex}\"", cancellationToken);
            hash = Convert.FromHexString(hex);
            return generated;
        }, cancellationToken);
    }

    public bool Accepts(string? presented) =>
        presented is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(Hash(presented)), hash);
}
