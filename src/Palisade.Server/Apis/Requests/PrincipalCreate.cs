namespace Palisade.Server.Apis.Requests;

public sealed record PrincipalCreate(string? Name);
