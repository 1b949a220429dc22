using Palisade.Server.Documents;
using Palisade.Store;

namespace Palisade.Server.Infrastructure;

/// <summary>
/// Checks a project's limits inside the writing transaction, so two concurrent creates cannot both
/// slip under a limit. Exceeding one is a 409 that names the quota, as Neutron's OverQuota is.
/// </summary>
internal static class Quotas
{
    public static async Task<QuotaDocument> ReadAsync(IStoreSession session, string projectId, CancellationToken cancellationToken) =>
        await session.GetAsync<QuotaDocument>(Kinds.Quota, projectId, cancellationToken) ?? QuotaDocument.Defaults(projectId);

    public static async Task EnsureAsync(IStoreSession session, string? projectId, Func<QuotaDocument, int> limit, string name, int wanted, CancellationToken cancellationToken)
    {
        if (projectId is null)
        {
            return; // platform-owned groups have no project and no quota
        }

        var allowed = limit(await ReadAsync(session, projectId, cancellationToken));
        if (allowed >= 0 && wanted > allowed)
        {
            throw new ApiException(409, "Conflict", $"Quota exceeded: {name} of project {projectId} is {allowed} (this change needs {wanted}).",
                new Dictionary<string, string[]> { ["quota"] = [name] }, "OverQuota");
        }
    }
}
