namespace Palisade.Store;

/// <summary>One schema change as each engine runs it (see <see cref="SchemaMigrations"/>).</summary>
internal sealed record MigrationStep(string Sqlite, string Postgres)
{
    /// <summary>A step both engines run as written.</summary>
    public static MigrationStep Shared(string sql) => new(sql, sql);
}
