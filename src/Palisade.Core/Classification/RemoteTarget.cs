namespace Palisade.Core.Classification;

/// <summary>What one rule's remote contributes to a classifier node: every address, an interval, or a group set.</summary>
internal readonly record struct RemoteTarget(bool All, UInt128 First, UInt128 Last, int Group)
{
    public static RemoteTarget Any { get; } = new(true, 0, 0, -1);

    public static RemoteTarget Interval((UInt128 First, UInt128 Last) interval) => new(false, interval.First, interval.Last, -1);

    public static RemoteTarget OfGroup(int group) => new(false, 0, 0, group);

    public void AddTo(AddressMatchBuilder builder)
    {
        if (All)
        {
            builder.AddAll();
        }
        else if (Group >= 0)
        {
            builder.AddGroup(Group);
        }
        else
        {
            builder.Add((First, Last));
        }
    }
}
