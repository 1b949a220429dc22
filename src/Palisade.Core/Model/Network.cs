namespace Palisade.Core.Model;

public sealed record Network(string Id, string? ProjectId, string Name);
