namespace Palisade.Core.Model;

/// <summary>Ingress is traffic into the port (the remote is the source); egress leaves it (the remote is the destination).</summary>
public enum Direction
{
    Ingress,
    Egress,
}
