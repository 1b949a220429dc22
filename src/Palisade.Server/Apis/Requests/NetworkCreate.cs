namespace Palisade.Server.Apis.Requests;

public sealed record NetworkCreate(string? ProjectId, string? Name);
