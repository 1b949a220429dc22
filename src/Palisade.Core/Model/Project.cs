namespace Palisade.Core.Model;

public sealed record Project(string Id, string Name, GroupsManagedBy GroupsManagedBy = GroupsManagedBy.Project);
