using System.Net;

namespace Palisade.Core.Model;

/// <summary>
/// The one remote a rule may name. A rule with no remote (<c>null</c>) matches any address of its
/// ethertype, and so does a /0 prefix; <see cref="RuleIdentity"/> treats them as equal.
/// </summary>
public abstract record Remote
{
    private protected Remote()
    {
    }

    /// <summary>A CIDR. <see cref="Network"/> is normalized (host bits cleared); <see cref="Text"/> is as given.</summary>
    public sealed record Prefix(IPNetwork Network, string Text) : Remote
    {
        public static Prefix Of(IPNetwork network) => new(network, network.ToString());

        public override string ToString() => Text;
    }

    /// <summary>An inclusive address range <c>first-last</c> of one family.</summary>
    public sealed record Range(IPAddress First, IPAddress Last) : Remote
    {
        /// <summary>The fewest CIDRs that hold exactly the range's addresses (<see cref="RangeCover"/>).</summary>
        public IReadOnlyList<IPNetwork> Networks => RangeCover.Networks(First, Last);

        public override string ToString() => $"{First}-{Last}";
    }

    /// <summary>Every fixed IP and allowed address pair of the ports bound to the group, of the rule's ethertype.</summary>
    public sealed record Group(string GroupId) : Remote
    {
        public override string ToString() => $"group:{GroupId}";
    }

    /// <summary>Every CIDR of the address group (Neutron's address-group extension) of the rule's ethertype.</summary>
    public sealed record AddressGroup(string AddressGroupId) : Remote
    {
        public override string ToString() => $"address-group:{AddressGroupId}";
    }
}
