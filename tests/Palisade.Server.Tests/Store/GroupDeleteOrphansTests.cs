using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;

namespace Palisade.Server.Tests.Store;

/// <summary>
/// Deleting a group through each API leaves none of its rule or tag rows behind: they are rows with
/// a foreign key to the group (ON DELETE CASCADE), counted here in the database file itself.
/// </summary>
public sealed class GroupDeleteOrphansTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("palisade-orphans-").FullName;
    private WebApplication server = null!;
    private HttpClient client = null!;
    private string project = null!;

    private string DatabasePath => Path.Combine(directory, "palisade.db");

    public async Task InitializeAsync()
    {
        (server, client) = await ServerFixture.StartServerAsync($"--Palisade:Database={DatabasePath}");
        project = (string)(await SendAsync(HttpMethod.Post, "/api/v1/projects", new { name = "orphans" }, 201))!["id"]!;
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_group_deleted_through_the_native_api_leaves_no_rule_or_tag_row()
    {
        var id = (string)(await SendAsync(HttpMethod.Post, "/api/v1/security-groups", new { project_id = project, name = "native" }, 201))!["id"]!;
        await SendAsync(HttpMethod.Post, $"/api/v1/security-groups/{id}/rules", new { direction = "ingress", ethertype = "IPv4", protocol = "tcp", port_range_min = 22, port_range_max = 22 }, 201);
        await SendAsync(HttpMethod.Put, $"/v2.0/security-groups/{id}/tags/blue", null, 201);
        Assert.NotEqual((0, 0), await RowsOfAsync(id));

        await SendAsync(HttpMethod.Delete, $"/api/v1/security-groups/{id}", null, 204);

        Assert.Equal((0, 0), await RowsOfAsync(id));
    }

    [Fact]
    public async Task A_group_deleted_through_neutron_leaves_no_rule_or_tag_row()
    {
        var id = (string)(await SendAsync(HttpMethod.Post, "/v2.0/security-groups", new { security_group = new { name = "neutron", project_id = project } }, 201))!["security_group"]!["id"]!;
        await SendAsync(HttpMethod.Post, "/v2.0/security-group-rules", new { security_group_rule = new { security_group_id = id, direction = "ingress", protocol = "tcp", port_range_min = 80, port_range_max = 80 } }, 201);
        await SendAsync(HttpMethod.Put, $"/v2.0/security-groups/{id}/tags", new { tags = new[] { "a", "b" } }, 200);
        Assert.NotEqual((0, 0), await RowsOfAsync(id));

        await SendAsync(HttpMethod.Delete, $"/v2.0/security-groups/{id}", null, 204);

        Assert.Equal((0, 0), await RowsOfAsync(id));
    }

    [Fact]
    public async Task A_group_deleted_through_cloud_foundry_leaves_no_rule_row()
    {
        var id = (string)(await SendAsync(HttpMethod.Post, "/v3/security_groups", new { name = "asg-orphans", rules = new[] { new { protocol = "tcp", destination = "10.0.0.0/8", ports = "443" } } }, 201))!["guid"]!;
        Assert.NotEqual(0, (await RowsOfAsync(id)).Rules);

        await SendAsync(HttpMethod.Delete, $"/v3/security_groups/{id}", null, 202);

        Assert.Equal((0, 0), await RowsOfAsync(id));
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, object? body, int expectedStatus)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };

        // Neutron's clients send the token as X-Auth-Token, not as a bearer.
        request.Headers.Add("X-Auth-Token", ServerFixture.AdminToken);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"{method} {path}: expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private async Task<(long Rules, long Tags)> RowsOfAsync(string groupId)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM security_group_rules WHERE group_id = @id), (SELECT COUNT(*) FROM security_group_tags WHERE group_id = @id)";
        command.Parameters.AddWithValue("id", groupId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
