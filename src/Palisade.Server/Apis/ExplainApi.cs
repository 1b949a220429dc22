using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Core.Classification;
using Palisade.Core.Model;
using Palisade.Core.Policy;
using Palisade.Core.Validation;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Auth;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Apis;

public static partial class ExplainApi
{
    public static IEndpointRouteBuilder MapExplainApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/explain", ExplainAsync)
            .WithTags("Explain")
            .WithName("Explain")
            .WithSummary("Why a flow at a port is allowed or dropped")
            .WithDescription("Step 3 (infrastructure) drops a router advertisement (ICMPv6 134) and a DHCP or DHCPv6 server reply (UDP 67→68, 547→546) "
                + "leaving any port, whatever its rules, as Neutron does; give source_port to explain DHCP.");
        return app;
    }

    internal static async Task<Ok<ExplainResponse>> ExplainAsync(ExplainRequest request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var flow = ParseFlow(request);
        var snapshot = await store.ReadAsync(session => SnapshotReader.ReadAsync(session, cancellationToken), cancellationToken);
        if (snapshot.Ports.FirstOrDefault(p => p.Id == request.PortId) is not { } port || !caller.CanRead(port.ProjectId))
        {
            throw ApiException.NotFound("port", request.PortId!);
        }

        var result = PolicyClassifier.Compile(EffectivePolicyBuilder.Build(snapshot, request.PortId!)).Explain(flow);
        return TypedResults.Ok(new ExplainResponse(
            result.Decision.Verdict.ToString().ToLowerInvariant(),
            SnakeCase(result.Decision.Step.ToString()),
            (int)result.Decision.Step,
            [.. result.MatchedRules.Select(m => RuleMapping.ToDocument(m.Rule, 0))],
            result.PlatformPolicy is not { } policy ? null : caller.IsPlatformAdmin ? $"platform policy {policy.Name} ({policy.Id})" : "platform policy"));
    }

    private static Flow ParseFlow(ExplainRequest request)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrEmpty(request.PortId))
        {
            errors.Add(new("port_id", "is required."));
        }

        Direction? direction = request.Direction switch { "ingress" => Direction.Ingress, "egress" => Direction.Egress, _ => null };
        if (direction is null)
        {
            errors.Add(new("direction", "is required: 'ingress' or 'egress'."));
        }

        if (!AddressParser.TryParseAddress(request.RemoteIpAddress, out var peer))
        {
            errors.Add(new("remote_ip_address", $"'{request.RemoteIpAddress}' is not an IP address."));
        }

        var etherType = peer.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? EtherType.IPv6 : EtherType.IPv4;
        if (request.Ethertype is { } text && !text.Equals(etherType.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new("ethertype", $"'{text}' does not match the family of remote_ip_address {request.RemoteIpAddress}."));
        }

        if (!Protocol.TryParse(request.Protocol, out var protocol) || protocol.IsAny)
        {
            errors.Add(new("protocol", $"'{request.Protocol}' is not a protocol name or number 0-255; a flow has one protocol."));
        }

        if (request.Port is < 0 or > 65535)
        {
            errors.Add(new("port", $"{request.Port} is not a port: use 0-65535."));
        }

        if (request.SourcePort is < 0 or > 65535)
        {
            errors.Add(new("source_port", $"{request.SourcePort} is not a port: use 0-65535."));
        }

        if (request.IcmpType is < 0 or > 255 || request.IcmpCode is < 0 or > 255)
        {
            errors.Add(new(request.IcmpType is < 0 or > 255 ? "icmp_type" : "icmp_code", "must be 0-255."));
        }

        System.Net.IPAddress? local = null;
        if (request.LocalIpAddress is not null && !AddressParser.TryParseAddress(request.LocalIpAddress, out local))
        {
            errors.Add(new("local_ip_address", $"'{request.LocalIpAddress}' is not an IP address."));
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(errors);
        }

        return new Flow(direction!.Value, etherType, protocol.Number!.Value, peer, request.Port ?? 0, request.SourcePort ?? 0,
            (byte)(request.IcmpType ?? 0), (byte)(request.IcmpCode ?? 0), local);
    }

    private static string SnakeCase(string name) => CamelBoundary().Replace(name, "$1_$2").ToLowerInvariant();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex CamelBoundary();
}
