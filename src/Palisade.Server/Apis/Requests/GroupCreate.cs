namespace Palisade.Server.Apis.Requests;

public sealed record GroupCreate(string? ProjectId, string? Name, string? Description = null, string? Status = null, bool? Stateful = null);
