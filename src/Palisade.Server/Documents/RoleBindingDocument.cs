namespace Palisade.Server.Documents;

/// <summary>A principal's role: in a project (admin, member, reader), or platform admin when ProjectId is null.</summary>
public sealed record RoleBindingDocument(string Id, string PrincipalId, string Role, string? ProjectId, long RevisionNumber = 0);
