namespace Palisade.Server.Documents;

/// <param name="DefaultRules">Whose defaults the project's default group follows (<see cref="Operations.PlatformDefaults"/>);
/// a project stored before the field existed reads as <c>neutron</c>, its behaviour then.</param>
public sealed record ProjectDocument(string Id, string Name, string GroupsManagedBy, long RevisionNumber = 0, string DefaultRules = Operations.PlatformDefaults.Neutron);
