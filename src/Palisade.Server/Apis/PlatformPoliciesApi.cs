using Microsoft.AspNetCore.Http.HttpResults;
using Palisade.Core.Model;
using Palisade.Core.Validation;
using Palisade.Server.Apis.Requests;
using Palisade.Server.Documents;
using Palisade.Server.Auth;
using Palisade.Server.Infrastructure;
using Palisade.Store;

namespace Palisade.Server.Apis;

/// <summary>Platform deny entries (admin only; explain shows tenants only "platform policy").</summary>
public static class PlatformPoliciesApi
{
    public static IEndpointRouteBuilder MapPlatformPoliciesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/platform-policies").WithTags("Platform policies");
        api.MapPost("/", CreateAsync).WithName("CreatePlatformPolicy");
        api.MapGet("/", ListAsync).WithName("ListPlatformPolicies");
        api.MapDelete("/{id}", DeleteAsync).WithName("DeletePlatformPolicy");
        return app;
    }

    internal static async Task<Created<PlatformPolicyDocument>> CreateAsync(PlatformPolicyCreate request, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        var document = Validate(request);
        var created = await store.WriteAsync(async session =>
        {
            var stored = document with { Id = Guid.NewGuid().ToString(), RevisionNumber = session.Revision };
            await session.PutAsync(Kinds.PlatformPolicy, stored.Id, null, stored, cancellationToken);
            return stored;
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/platform-policies/{created.Id}", created);
    }

    internal static async Task<Ok<List<PlatformPolicyDocument>>> ListAsync(Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        return TypedResults.Ok(await store.ReadAsync(s => s.ListAsync<PlatformPolicyDocument>(Kinds.PlatformPolicy, null, cancellationToken), cancellationToken));
    }

    internal static async Task<NoContent> DeleteAsync(string id, Caller caller, IPalisadeStore store, CancellationToken cancellationToken)
    {
        caller.EnsurePlatformAdmin();
        await store.WriteAsync(async session => await session.DeleteAsync(Kinds.PlatformPolicy, id, cancellationToken) ? true : throw ApiException.NotFound("platform policy", id), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The same protocol and port rules as a rule's; a direction is optional (both when absent).</summary>
    private static PlatformPolicyDocument Validate(PlatformPolicyCreate request)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 255)
        {
            errors.Add(new("name", "is required, at most 255 characters."));
        }

        if (request.Direction is not (null or "ingress" or "egress"))
        {
            errors.Add(new("direction", $"'{request.Direction}' is not 'ingress' or 'egress' (leave it out for both)."));
        }

        var cidrs = new List<string>();
        var given = request.Cidrs ?? [];
        for (var i = 0; i < given.Count; i++)
        {
            if (AddressParser.TryParseCidr(given[i], out var cidr))
            {
                cidrs.Add(cidr.ToString());
            }
            else
            {
                errors.Add(new($"cidrs[{i}]", $"'{given[i]}' is not a CIDR."));
            }
        }

        // Reuse the rule validator for protocol and ports: a platform policy restricts them the same way.
        var check = RuleValidator.Validate(new RuleDraft("ingress", Protocol: request.Protocol, PortRangeMin: request.PortRangeMin, PortRangeMax: request.PortRangeMax), "check", "check");
        errors.AddRange(check.Errors.Where(e => e.Field is "protocol" or "port_range_min" or "port_range_max"));
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(errors);
        }

        var rule = check.Rule!;
        return new PlatformPolicyDocument("", request.Name!, cidrs, request.Direction, rule.Protocol.IsAny ? null : rule.Protocol.ToString(),
            rule.PortRangeMin, rule.PortRangeMax, request.Enabled ?? true);
    }

    internal static PlatformPolicy ToModel(PlatformPolicyDocument document)
    {
        Protocol.TryParse(document.Protocol, out var protocol);
        return new PlatformPolicy(document.Id, document.Name, [.. document.Cidrs.Select(System.Net.IPNetwork.Parse)],
            document.Direction switch { "ingress" => Direction.Ingress, "egress" => Direction.Egress, _ => null },
            protocol, document.PortRangeMin, document.PortRangeMax, document.Enabled);
    }
}
