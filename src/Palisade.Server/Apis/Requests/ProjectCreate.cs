namespace Palisade.Server.Apis.Requests;

public sealed record ProjectCreate(string? Name, string? GroupsManagedBy = null, string? DefaultRules = null);
