using System.Text.Json.Nodes;

namespace Palisade.Server.Documents;

/// <summary>Who changed what, when, from what to what, in which request.</summary>
public sealed record AuditEventDocument(
    string Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string ResourceKind,
    string ResourceId,
    string? ProjectId,
    JsonNode? Before,
    JsonNode? After,
    string? RequestId,
    long Revision);
