namespace Palisade.Core.Classification;

/// <summary>The steps of design.md §2, in order; the first that decides wins.</summary>
public enum DecisionStep
{
    PortSecurityDisabled = 1,
    ConnectionTracking = 2,
    Infrastructure = 3,
    AntiSpoofing = 4,
    PlatformPolicy = 5,
    IntraSubnet = 6,
    Rule = 7,
    ImplicitDeny = 8,
}
