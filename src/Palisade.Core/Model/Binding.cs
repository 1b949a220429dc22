namespace Palisade.Core.Model;

/// <summary>
/// Binds a group to a scope. <see cref="TargetId"/> is the port, instance or project id (null for
/// <see cref="BindingScope.Global"/>); <see cref="Phase"/> applies to project and global scopes:
/// a running or staging binding reaches the ports of that phase, a binding without a phase
/// (<see cref="PortPhase.None"/>) reaches ports of every phase.
/// </summary>
public sealed record Binding(string GroupId, BindingScope Scope, string? TargetId, PortPhase Phase = PortPhase.None);
