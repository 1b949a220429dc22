using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Palisade.Core.Model;

namespace Palisade.Core.Validation;

/// <summary>Either the canonical rule or the list of what is wrong with the draft.</summary>
public sealed record RuleValidation(SecurityGroupRule? Rule, ImmutableArray<ValidationError> Errors)
{
    [MemberNotNullWhen(true, nameof(Rule))]
    public bool IsValid => Rule is not null;
}
