using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Core.Validation;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Auth;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Apis;

/// <summary>Networks and subnets, as far as ports need them: fixed IPs and the same-subnet allowance.</summary>
public static class NetworksApi
{
    public static IEndpointRouteBuilder MapNetworksApi(this IEndpointRouteBuilder app)
    {
        var networks = app.MapGroup("/api/v1/networks").WithTags("Networks");
        networks.MapPost("/", CreateNetworkAsync).WithName("CreateNetwork");
        networks.MapGet("/", ListNetworksAsync).WithName("ListNetworks");
        var subnets = app.MapGroup("/api/v1/subnets").WithTags("Networks");
        subnets.MapPost("/", CreateSubnetAsync).WithName("CreateSubnet");
        subnets.MapGet("/", ListSubnetsAsync).WithName("ListSubnets");
        return app;
    }

    internal static async Task<Created<NetworkDocument>> CreateNetworkAsync(NetworkCreate request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.ProjectId))
        {
            throw ApiException.Invalid("project_id", "is required.");
        }

        if (request.Name is { Length: > 255 })
        {
            throw ApiException.Invalid("name", "must be at most 255 characters.");
        }

        var network = await store.WriteAsync(async session =>
        {
            caller.EnsureReadable(request.ProjectId, "project", request.ProjectId);
            await session.RequireAsync<ProjectDocument>(Kinds.Project, request.ProjectId, "project", cancellationToken);
            caller.EnsureProjectWrite(request.ProjectId, "project", request.ProjectId);
            var created = new NetworkDocument(Guid.NewGuid().ToString(), request.ProjectId, request.Name ?? "", session.Revision);
            await session.PutAsync(Kinds.Network, created.Id, created.ProjectId, created, cancellationToken);
            return created;
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/networks/{network.Id}", network);
    }

    internal static async Task<Ok<List<NetworkDocument>>> ListNetworksAsync([FromQuery(Name = "project_id")] string? projectId, int? limit, string? cursor, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var networks = await store.ReadAsync(s => s.ListAsync<NetworkDocument>(Kinds.Network, projectId, cancellationToken), cancellationToken);
        return TypedResults.Ok(networks.Where(n => caller.CanRead(n.ProjectId)).Page(n => n.Id, limit, cursor, context, ("name", n => n.Name)));
    }

    internal static async Task<Created<SubnetDocument>> CreateSubnetAsync(SubnetCreate request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.NetworkId))
        {
            throw ApiException.Invalid("network_id", "is required.");
        }

        if (!AddressParser.TryParseCidr(request.Cidr, out var cidr) || !request.Cidr!.Contains('/', StringComparison.Ordinal))
        {
            throw ApiException.Invalid("cidr", $"'{request.Cidr}' is not a CIDR such as 198.18.0.0/24.");
        }

        var subnet = await store.WriteAsync(async session =>
        {
            var network = await session.RequireAsync<NetworkDocument>(Kinds.Network, request.NetworkId, "network", cancellationToken);
            caller.EnsureProjectWrite(network.ProjectId, "network", network.Id);
            var version = cidr.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 6 : 4;
            var created = new SubnetDocument(Guid.NewGuid().ToString(), network.Id, network.ProjectId, cidr.ToString(), version, request.IntraSubnetAllowed ?? true, session.Revision);
            await session.PutAsync(Kinds.Subnet, created.Id, created.ProjectId, created, cancellationToken);
            return created;
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/subnets/{subnet.Id}", subnet);
    }

    internal static async Task<Ok<List<SubnetDocument>>> ListSubnetsAsync([FromQuery(Name = "network_id")] string? networkId, int? limit, string? cursor, HttpContext context, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        var subnets = await store.ReadAsync(s => s.ListAsync<SubnetDocument>(Kinds.Subnet, null, cancellationToken), cancellationToken);
        return TypedResults.Ok(subnets
            .Where(s => caller.CanRead(s.ProjectId))
            .Where(s => networkId is null || s.NetworkId == networkId)
            .Page(s => s.Id, limit, cursor, context, ("cidr", s => s.Cidr)));
    }
}
