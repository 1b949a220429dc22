namespace Palisade.Server.Apis.Requests;

/// <summary>Role admin, member or reader in a project; admin without a project is platform admin.</summary>
public sealed record RoleBindingCreate(string? PrincipalId, string? Role, string? ProjectId = null);
