namespace Palisade.Core.Model;

public enum EtherType
{
    IPv4,
    IPv6,
}
