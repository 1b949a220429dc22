namespace Palisade.Agent.Tests;

public sealed class AgentOptionsTests
{
    [Fact]
    public void A_server_address_and_a_token_are_all_an_agent_needs()
    {
        var options = new AgentOptions { Server = new Uri("http://127.0.0.1:8080"), Token = "t" };

        Assert.Empty(options.Problems());
    }

    [Fact]
    public void Every_problem_is_named_at_once()
    {
        var options = new AgentOptions { Server = null, Token = " ", Namespace = "a b", ReconcileInterval = TimeSpan.Zero, PollWait = TimeSpan.FromMinutes(10), MaxFeedBytes = 0 };

        var problems = options.Problems().ToList();

        Assert.Equal(6, problems.Count);
        Assert.Contains(problems, p => p.Contains("Server", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("ReconcileInterval", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("MaxFeedBytes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("FlowLogRate", 0)]
    [InlineData("FlowLogBurst", -1)]
    [InlineData("FlowLogQueue", 0)]
    [InlineData("FlowLogBatch", 1001)]
    [InlineData("FlowLogMaxFlows", 0)]
    public void A_flow_log_limit_out_of_range_is_named(string option, int value)
    {
        var options = new AgentOptions { Server = new Uri("http://127.0.0.1:8080"), Token = "t" };
        typeof(AgentOptions).GetProperty(option)!.SetValue(options, value);

        Assert.Equal([$"Palisade:Agent:{option}"], options.Problems().Select(p => p.Split(' ')[0]));
    }

    [Fact]
    public void A_flow_log_window_under_100_ms_is_named()
    {
        var options = new AgentOptions { Server = new Uri("http://127.0.0.1:8080"), Token = "t", FlowLogWindow = TimeSpan.FromMilliseconds(10) };

        Assert.Equal(["Palisade:Agent:FlowLogWindow"], options.Problems().Select(p => p.Split(' ')[0]));
    }

    [Fact]
    public async Task An_agent_without_a_server_refuses_to_start()
    {
        using var agent = PalisadeAgent.Build(["--Palisade:Agent:Token=t"]);

        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => agent.StartAsync());
        Assert.Contains("Palisade:Agent:Server", failure.Message, StringComparison.Ordinal);
    }
}
