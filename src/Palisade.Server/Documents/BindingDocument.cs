namespace Palisade.Server.Documents;

/// <summary>A group bound to every port of an instance, or of a project or the whole platform in a phase.</summary>
public sealed record BindingDocument(string Id, string GroupId, string Scope, string? TargetId, string Phase, long RevisionNumber = 0);
