using System.Text.Json;

namespace Palisade.Cli.Infrastructure;

/// <summary>
/// The config file: <c>$PALISADE_CONFIG_DIR/config.json</c>, else <c>$XDG_CONFIG_HOME/palisade/config.json</c>,
/// else <c>~/.config/palisade/config.json</c>. It holds a bearer token, so it is created readable
/// by its owner only (0600, in a 0700 directory), as ssh and kubectl do with their credentials.
/// </summary>
internal sealed class ConfigStore(Func<string, string?> environment)
{
    public string Directory
    {
        get
        {
            if (environment("PALISADE_CONFIG_DIR") is { Length: > 0 } explicitDirectory)
            {
                return explicitDirectory;
            }

            var configHome = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return Path.Combine(configHome, "palisade");
        }
    }

    public string FilePath => Path.Combine(Directory, "config.json");

    public async Task<CliConfig> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            return new CliConfig();
        }

        try
        {
            await using var stream = File.OpenRead(FilePath);
            return await JsonSerializer.DeserializeAsync<CliConfig>(stream, CliJson.Options, cancellationToken) ?? new CliConfig();
        }
        catch (JsonException e)
        {
            throw CliException.NotLoggedIn($"{FilePath} is not a Palisade config ({e.Message}); run palisade login again.");
        }
    }

    public async Task SaveAsync(CliConfig config, CancellationToken cancellationToken)
    {
        var directory = System.IO.Directory.CreateDirectory(Directory);
        if (!OperatingSystem.IsWindows())
        {
            directory.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        }

        // Written beside the file and renamed over it, so a crash never leaves half a config.
        var temporary = FilePath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temporary, options))
        {
            await JsonSerializer.SerializeAsync(stream, config, CliJson.Indented, cancellationToken);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }
}
