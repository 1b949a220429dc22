namespace Palisade.Cli.Models;

/// <summary>
/// A project's groups and rules, portable to another project or server: no ids, and a remote
/// group named by its name when it belongs to the same project (its id only when it is platform-owned).
/// </summary>
internal sealed record ExportDocument(string Format, string? SourceProject, IReadOnlyList<ExportedGroup> Groups)
{
    public const string CurrentFormat = "palisade.export/v1";
}
