namespace Palisade.Server.Apis.Requests;

public sealed record BindingCreate(string? GroupId, string? Scope, string? TargetId = null, string? Phase = null);
