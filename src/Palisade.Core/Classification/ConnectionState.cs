namespace Palisade.Core.Classification;

/// <summary>The conntrack state of a packet: the first packet of a flow is <see cref="New"/>.</summary>
public enum ConnectionState
{
    New,
    Established,
    Invalid,
}
