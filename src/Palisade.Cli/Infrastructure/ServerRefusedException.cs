namespace Palisade.Cli.Infrastructure;

/// <summary>
/// The server answered with an error: its RFC 9457 problem (title, detail and the fields it
/// names), printed as "title: detail" and one line per field.
/// </summary>
internal sealed class ServerRefusedException(int status, string title, string? detail, IReadOnlyDictionary<string, string[]> errors)
    : CliException(ExitCodes.Refused, detail is null ? title : $"{title}: {detail}")
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public string? Detail { get; } = detail;

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
