namespace Palisade.Server.Tests;

/// <summary>A principal made for one test, with the secret of one of its tokens.</summary>
public sealed record TestPrincipal(string Id, string Name, string Token);
