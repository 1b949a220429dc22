namespace Palisade.Server.Documents;

public sealed record AddressPairDocument(string IpAddress, string? MacAddress);
