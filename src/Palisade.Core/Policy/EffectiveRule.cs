using Palisade.Core.Model;

namespace Palisade.Core.Policy;

/// <summary>A rule of an enabled group that applies to a port, with that group's statefulness.</summary>
public sealed record EffectiveRule(SecurityGroupRule Rule, bool Stateful);
