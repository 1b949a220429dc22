namespace Palisade.Core.Validation;

/// <summary>A security group as a client sends it (create or update), before validation.</summary>
public sealed record GroupDraft(string? Name, string? Description = null, string? Status = null);
