namespace Palisade.Core.Classification;

public readonly record struct Decision(Verdict Verdict, DecisionStep Step);
