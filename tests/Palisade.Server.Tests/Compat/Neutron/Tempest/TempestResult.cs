using System.Text.Json.Serialization;

namespace Palisade.Server.Tests.Compat.Neutron.Tempest;

/// <summary>
/// One test of a tempest run as stestr recorded it: its id (with tempest's <c>[id-…]</c> attributes),
/// its subunit status (<c>success</c>, <c>fail</c>, <c>skip</c>…) and, for a failure or a skip, the
/// traceback or the reason.
/// </summary>
public sealed record TempestResult(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("details")] string Details)
{
    public bool Passed => Status == "success";

    /// <summary>The id without tempest's attributes, as <c>--regex</c> and the exclusion list match it.</summary>
    public string Name => Id.Split('[')[0];
}
