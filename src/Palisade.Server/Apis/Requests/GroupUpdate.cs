namespace Palisade.Server.Apis.Requests;

/// <summary>A partial update: absent fields keep their value.</summary>
public sealed record GroupUpdate(string? Name = null, string? Description = null, string? Status = null, bool? Stateful = null);
