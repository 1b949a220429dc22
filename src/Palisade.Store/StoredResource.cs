namespace Palisade.Store;

/// <summary>One stored resource: its JSON document with the bookkeeping every resource has.</summary>
public sealed record StoredResource(string Kind, string Id, string? ProjectId, long Revision, string Body, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
