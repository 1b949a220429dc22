namespace Palisade.Cli.Models;

internal sealed record Binding(string Id, string GroupId, string Scope, string? TargetId, string Phase);
