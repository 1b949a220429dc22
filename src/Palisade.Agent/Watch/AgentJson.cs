using System.Text.Json;

namespace Palisade.Agent.Watch;

/// <summary>The server's wire format: snake_case names, as the Neutron API spells them.</summary>
internal static class AgentJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
