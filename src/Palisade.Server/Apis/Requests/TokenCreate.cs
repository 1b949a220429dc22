namespace Palisade.Server.Apis.Requests;

public sealed record TokenCreate(string? PrincipalId, string? Description = null);
