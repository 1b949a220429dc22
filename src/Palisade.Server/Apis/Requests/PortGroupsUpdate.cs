namespace Palisade.Server.Apis.Requests;

public sealed record PortGroupsUpdate(IReadOnlyList<string>? SecurityGroups);
