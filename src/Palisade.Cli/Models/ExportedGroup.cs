namespace Palisade.Cli.Models;

internal sealed record ExportedGroup(string Name, string? Description, string? Status, bool? Stateful, IReadOnlyList<ExportedRule>? Rules);
