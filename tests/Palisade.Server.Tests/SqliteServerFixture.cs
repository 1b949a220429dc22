namespace Palisade.Server.Tests;

/// <summary>A server over a fresh SQLite file in a temporary directory.</summary>
public class SqliteServerFixture : ServerFixture
{
    private readonly string directory = Directory.CreateTempSubdirectory("palisade-test-").FullName;

    protected override Task<string> CreateStoreAsync() =>
        Task.FromResult($"--Palisade:Database={Path.Combine(directory, "palisade.db")}");

    protected override Task DropStoreAsync()
    {
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }
}
