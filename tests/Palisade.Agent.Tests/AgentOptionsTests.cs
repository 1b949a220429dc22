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

    [Fact]
    public async Task An_agent_without_a_server_refuses_to_start()
    {
        using var agent = PalisadeAgent.Build(["--Palisade:Agent:Token=t"]);

        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => agent.StartAsync());
        Assert.Contains("Palisade:Agent:Server", failure.Message, StringComparison.Ordinal);
    }
}
