namespace Palisade.Server.Compat.CloudFoundry;

/// <summary>
/// The Cloud Foundry v3 dialect under <c>/v3</c> (SAP BTP's application security groups), with
/// CAPI's bearer tokens (a Palisade token in <c>Authorization: bearer …</c>) and CAPI's error envelope.
/// </summary>
public static class CloudFoundryApi
{
    public static IEndpointRouteBuilder MapCloudFoundryApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v3").AddEndpointFilter(CfErrors.FilterAsync).ExcludeFromDescription().MapCfSecurityGroups();
        return app;
    }
}
