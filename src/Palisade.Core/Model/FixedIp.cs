using System.Net;

namespace Palisade.Core.Model;

public sealed record FixedIp(string SubnetId, IPAddress Address);
