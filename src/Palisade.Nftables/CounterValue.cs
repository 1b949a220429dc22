namespace Palisade.Nftables;

/// <summary>What an nft named counter has seen since the table was (re)created.</summary>
public readonly record struct CounterValue(long Packets, long Bytes);
