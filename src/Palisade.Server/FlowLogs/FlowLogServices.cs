using Palisade.Store.FlowLogs;

namespace Palisade.Server.FlowLogs;

internal static class FlowLogServices
{
    /// <summary>The flow-log store is the server's store itself (its own table), without the auditing and id-checking wrappers of policy writes.</summary>
    public static IServiceCollection AddFlowLogs(this IServiceCollection services, IFlowLogStore store, IConfiguration configuration)
    {
        services.AddSingleton(store);
        services.AddSingleton(FlowLogOptions.From(configuration));
        services.AddHostedService<FlowLogRetention>();
        return services;
    }
}
