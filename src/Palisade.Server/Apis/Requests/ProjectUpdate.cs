namespace Palisade.Server.Apis.Requests;

/// <summary>A partial update: absent fields keep their value.</summary>
public sealed record ProjectUpdate(string? DefaultRules = null);
