namespace Palisade.Core.Model;

/// <summary>The lifecycle phase of an app's port, as Cloud Foundry distinguishes staging and running groups.</summary>
public enum PortPhase
{
    None,
    Staging,
    Running,
}
