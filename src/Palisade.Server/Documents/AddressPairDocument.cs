using System.Text.Json.Serialization;

namespace Palisade.Server.Documents;

/// <summary>
/// One allowed address pair of a port. <see cref="IpAddress"/> is the network it admits (what is
/// enforced); <see cref="IpAddressAsGiven"/> keeps the client's text when it differs
/// (<c>198.18.0.2</c> without /32, <c>10.0.0.1/24</c> with host bits), because Neutron shows the pair
/// as given (neutron/objects/port/extensions/allowedaddresspairs.py reads it back as neutron-lib's
/// <c>AuthenticIPNetwork</c>, which keeps the text it was made from).
/// </summary>
public sealed record AddressPairDocument(
    string IpAddress,
    string? MacAddress,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IpAddressAsGiven = null);
