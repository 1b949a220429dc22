namespace Palisade.Server.Apis.Requests;

/// <summary>Only the limits given change; -1 is unlimited.</summary>
public sealed record QuotaUpdate(int? SecurityGroups = null, int? RulesPerGroup = null, int? GroupsPerPort = null, int? SecurityGroupRules = null);
