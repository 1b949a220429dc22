namespace Palisade.Cli.Infrastructure;

/// <summary>What <c>palisade login</c> remembers: the server, the bearer token, the current project id.</summary>
internal sealed record CliConfig(string? Server = null, string? Token = null, string? Project = null);
