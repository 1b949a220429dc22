using Palisade.Core.Classification;

namespace Palisade.Core.Analysis;

/// <summary>A class of new flows whose verdict a proposed change turns from <see cref="Before"/> to <see cref="After"/>; the class's rules are the changed rules that cause it.</summary>
public sealed record FlowChange(FlowClass Flows, Verdict Before, Verdict After);
