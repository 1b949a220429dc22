namespace Palisade.Server.Tests;

/// <summary>
/// The dashboard cannot be framed (clickjacking): CSP frame-ancestors for current browsers and
/// X-Frame-Options (RFC 7034) for those that do not read CSP level 2, on the page and its modules.
/// </summary>
public sealed class DashboardHeadersTests(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/dashboard/app.js")]
    public async Task The_dashboard_forbids_framing_in_both_headers(string path)
    {
        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };

        using var response = await anonymous.GetAsync(path);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
