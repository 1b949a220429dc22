namespace Palisade.Core.Classification;

public enum Verdict
{
    Allow,
    Drop,
}
