using System.Collections.Immutable;
using Palisade.Core.Model;

namespace Palisade.Core.Policy;

/// <summary>A group bound to a port and the scopes that bind it there (port, instance, project, global), in that order.</summary>
public sealed record GroupOrigin(string GroupId, ImmutableArray<BindingScope> Scopes);
