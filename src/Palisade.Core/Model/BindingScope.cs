namespace Palisade.Core.Model;

public enum BindingScope
{
    /// <summary>One port.</summary>
    Port,

    /// <summary>Every port of an instance, now and later.</summary>
    Instance,

    /// <summary>Every port of a project in a phase.</summary>
    Project,

    /// <summary>Every port everywhere in a phase (platform admins only).</summary>
    Global,
}
