namespace Palisade.Server.Tests.Compat.Neutron.Tempest;

/// <summary>One server process and one tempest workspace, shared by the tempest runs of a class.</summary>
public sealed class TempestFixture : IAsyncLifetime
{
    private ServerProcess server = null!;

    public TempestWorkspace Workspace { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The Keystone endpoint counts failed sign-ins; tempest signs in often, from one address.
        server = await ServerProcess.StartAsync(ServerFixture.NoAuthRateLimit);
        Workspace = await TempestWorkspace.CreateAsync(server.Client);
    }

    public async Task DisposeAsync()
    {
        Workspace?.Dispose();
        await server.DisposeAsync();
    }
}
