using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Palisade.Agent.Apply;
using Palisade.Agent.Conntrack;
using Palisade.Agent.Reconcile;
using Palisade.Agent.Watch;

namespace Palisade.Agent;

/// <summary>
/// Builds the host daemon (design.md §3): watch the server's feed for this host, render and apply
/// the ruleset, reconcile the kernel with what was applied, report status and counters. The tests
/// and the benchmarks run the same host in their own process.
/// </summary>
public static class PalisadeAgent
{
    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddOptions<AgentOptions>()
            .Bind(builder.Configuration.GetSection(AgentOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AgentStatistics>();
        builder.Services.AddSingleton<CommandRunner>();
        builder.Services.AddSingleton<NftClient>();
        builder.Services.AddSingleton<ConntrackClient>();
        builder.Services.AddSingleton<ConnectionCutter>();
        builder.Services.AddSingleton<CounterTotals>();
        builder.Services.AddSingleton<PolicyReader>();
        builder.Services.AddSingleton<RulesetApplier>();
        builder.Services.AddSingleton<FeedClient>();
        builder.Services.AddSingleton<TableMonitor>();
        builder.Services.AddHostedService<AgentWorker>();
        builder.Services.AddHostedService<FlowLogs.FlowLogCollector>();
        return builder.Build();
    }

    /// <summary>Names every problem at once, so a misconfigured agent fails at start with one readable message.</summary>
    private sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
    {
        public ValidateOptionsResult Validate(string? name, AgentOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
