namespace Palisade.Core.Analysis;

/// <summary>How urgent a lint finding is: <see cref="Error"/> exposes or cuts traffic now, <see cref="Warning"/> is a rule that does nothing or hides a mistake, <see cref="Info"/> is tidiness.</summary>
public enum LintSeverity
{
    Info,
    Warning,
    Error,
}
