using Palisade.Cli.Infrastructure;

namespace Palisade.Cli.Tests.Infrastructure;

public sealed class ConfigStoreTests
{
    [Fact]
    public void PALISADE_CONFIG_DIR_wins_over_XDG_CONFIG_HOME_and_HOME()
    {
        var store = Store(("PALISADE_CONFIG_DIR", "/a"), ("XDG_CONFIG_HOME", "/b"), ("HOME", "/c"));

        Assert.Equal("/a/config.json", store.FilePath);
    }

    [Fact]
    public void XDG_CONFIG_HOME_holds_a_palisade_directory()
    {
        var store = Store(("XDG_CONFIG_HOME", "/b"), ("HOME", "/c"));

        Assert.Equal("/b/palisade/config.json", store.FilePath);
    }

    [Fact]
    public void Without_either_the_config_is_under_the_homes_dot_config()
    {
        var store = Store(("HOME", "/c"));

        Assert.Equal("/c/.config/palisade/config.json", store.FilePath);
    }

    [Fact]
    public async Task A_saved_config_reads_back_and_replaces_the_previous_one()
    {
        var directory = Path.Combine(Path.GetTempPath(), "palisade-config-" + Guid.NewGuid().ToString("N"));
        var store = Store(("PALISADE_CONFIG_DIR", directory));
        try
        {
            await store.SaveAsync(new CliConfig("http://a", "t1", "p1"), CancellationToken.None);
            await store.SaveAsync(new CliConfig("http://b", "t2"), CancellationToken.None);

            Assert.Equal(new CliConfig("http://b", "t2"), await store.LoadAsync(CancellationToken.None));
            Assert.Single(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_config_is_an_empty_one()
    {
        var store = Store(("PALISADE_CONFIG_DIR", Path.Combine(Path.GetTempPath(), "palisade-none-" + Guid.NewGuid().ToString("N"))));

        Assert.Equal(new CliConfig(), await store.LoadAsync(CancellationToken.None));
    }

    private static ConfigStore Store(params (string Name, string Value)[] variables) =>
        new(name => variables.FirstOrDefault(v => v.Name == name).Value);
}
