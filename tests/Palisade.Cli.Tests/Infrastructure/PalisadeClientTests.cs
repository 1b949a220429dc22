using Palisade.Cli.Infrastructure;

namespace Palisade.Cli.Tests.Infrastructure;

public sealed class PalisadeClientTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task A_list_follows_next_links_to_the_last_page()
    {
        var project = await server.NewProjectAsync();
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            await server.PostAsync("/api/v1/security-groups", new { project_id = project, name });
        }

        using var client = new PalisadeClient(new Uri(server.Server), CliServerFixture.AdminToken);
        var groups = await client.ListAsync($"/api/v1/security-groups?project_id={project}&limit=2", CancellationToken.None);

        Assert.Equal(["a", "b", "c", "d", "default"], groups.Select(g => (string)g!["name"]!).Order());
    }

    [Fact]
    public async Task A_problem_is_read_into_status_title_detail_and_fields()
    {
        using var client = new PalisadeClient(new Uri(server.Server), CliServerFixture.AdminToken);

        var refused = await Assert.ThrowsAsync<ServerRefusedException>(() => client.PostAsync("/api/v1/projects", new { name = "" }, CancellationToken.None));

        Assert.Equal(400, refused.Status);
        Assert.Equal("Invalid request", refused.Title);
        Assert.Contains("name", refused.Errors.Keys);
        Assert.Equal(ExitCodes.Refused, refused.ExitCode);
    }

    [Fact]
    public async Task A_path_that_is_not_the_api_is_a_refusal_that_says_so()
    {
        using var client = new PalisadeClient(new Uri(server.Server), CliServerFixture.AdminToken);

        var refused = await Assert.ThrowsAsync<ServerRefusedException>(() => client.GetAsync("/not-palisade", CancellationToken.None));

        Assert.Equal(404, refused.Status);
    }
}
