namespace Palisade.Server.Documents;

/// <summary>The caller as the server sees it: clients use it to show the project switcher and read-only views.</summary>
public sealed record WhoAmIDocument(string Principal, bool IsPlatformAdmin, IReadOnlyDictionary<string, string> ProjectRoles);
