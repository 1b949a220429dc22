namespace Palisade.Cli.Models;

internal sealed record Project(string Id, string Name, string? GroupsManagedBy, string? DefaultRules = null);
