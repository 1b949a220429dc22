using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Palisade.Agent.Watch;
using Palisade.Core.Feed;
using Palisade.Core.Policy;

namespace Palisade.Agent.Apply;

/// <summary>
/// Turns the feed into effective policies through Core's strict <see cref="PolicyWire.ToEffectivePolicy"/>,
/// but parses each distinct thing once. The feed repeats a group's rules and a remote group's members
/// in every port that uses them, so parsing port by port costs ports × members: with 100 ports and a
/// 500-member group that was most of the agent's time for a one-member change. Rules are cached by
/// value, member lists by group while their text is unchanged, across feeds. Each port also gets a
/// fingerprint (its document without the members, plus a version per remote group's members) to
/// tell which ports changed. Address-group CIDRs are parsed once per feed too, but stay in the
/// port's document that the fingerprint and structure are made of: a change to them is a
/// structural change here, so the applier builds the next ruleset, whose difference is still only
/// set elements (<see cref="Nftables.HostRuleset.DeltaTo"/>) and goes to the kernel as such.
/// </summary>
internal sealed class PolicyReader
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoRemoteGroups = new Dictionary<string, IReadOnlyList<string>>();

    private Dictionary<RuleEntry, EffectiveRule> rules = [];
    private Dictionary<string, Members> members = new(StringComparer.Ordinal);
    private long nextVersion;

    /// <summary>
    /// Reads a feed answer as the server sent it (compact, see <see cref="HostPolicy"/>). A feed the
    /// agent cannot understand (holes in its shape, a name the host lists do not carry, a value
    /// Core refuses) is refused as a value naming what is wrong: the caller keeps the last good
    /// ruleset and asks again. The caches change only when a feed is read whole.
    /// </summary>
    public FeedReadResult Read(HostPolicy? host)
    {
        var problems = FeedValidator.Problems(host);
        if (problems.Count > 0)
        {
            return FeedReadResult.Refused(string.Join("; ", problems));
        }

        try
        {
            return FeedReadResult.Accepted(ReadValid(PolicyWire.Expand(host!)));
        }
        catch (FormatException e)
        {
            // Core's parsers throw on a value they refuse; at this boundary that becomes the answer.
            return FeedReadResult.Refused(e.Message);
        }
    }

    private FeedReading ReadValid(HostPolicy host)
    {
        var usedRules = new Dictionary<RuleEntry, EffectiveRule>();
        var usedMembers = new Dictionary<string, Members>(StringComparer.Ordinal);
        var addressGroups = new Dictionary<string, (IReadOnlyList<string> Text, ImmutableArray<IPNetwork> Networks)>(StringComparer.Ordinal);
        var policies = new List<EffectivePolicy>(host.Ports.Count);
        var fingerprints = new Dictionary<string, string>(StringComparer.Ordinal);
        var structures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var port in host.Ports)
        {
            var bare = port with { Rules = [], RemoteGroups = NoRemoteGroups, AddressGroups = null };
            var policy = PolicyWire.ToEffectivePolicy(bare) with { AddressGroups = ReadAddressGroups(port, bare, addressGroups) };
            var portRules = ImmutableArray.CreateBuilder<EffectiveRule>(port.Rules.Count);
            foreach (var entry in port.Rules)
            {
                if (!usedRules.TryGetValue(entry, out var rule))
                {
                    // Core converts (and re-validates) the rule, as it would inside the whole port.
                    rule = rules.TryGetValue(entry, out var known) ? known : PolicyWire.ToEffectivePolicy(bare with { Rules = [entry] }).Rules[0];
                    usedRules[entry] = rule;
                }

                portRules.Add(rule);
            }

            var remote = ImmutableDictionary.CreateBuilder<string, ImmutableArray<IPNetwork>>(StringComparer.Ordinal);
            var structure = JsonSerializer.Serialize(port with { RemoteGroups = NoRemoteGroups }, AgentJson.Options) + "|" + string.Join(',', port.RemoteGroups.Keys.Order(StringComparer.Ordinal));
            var fingerprint = new StringBuilder(structure);
            foreach (var (groupId, text) in port.RemoteGroups.OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                if (!usedMembers.TryGetValue(groupId, out var parsed) || !SameText(parsed.Text, text))
                {
                    parsed = members.TryGetValue(groupId, out var known) && SameText(known.Text, text)
                        ? known
                        : new Members(text, PolicyWire.ToEffectivePolicy(bare with { RemoteGroups = new Dictionary<string, IReadOnlyList<string>> { [groupId] = text } }).RemoteGroups[groupId], ++nextVersion);
                    usedMembers[groupId] = parsed;
                }

                remote[groupId] = parsed.Networks;
                fingerprint.Append('|').Append(groupId).Append('@').Append(parsed.Version.ToString(CultureInfo.InvariantCulture));
            }

            policies.Add(policy with { Rules = portRules.MoveToImmutable(), RemoteGroups = remote.ToImmutable() });
            fingerprints[port.PortId] = fingerprint.ToString();
            structures[port.PortId] = structure;
        }

        // Keep only what the latest feed uses, so the caches do not grow with history.
        rules = usedRules;
        members = usedMembers;
        return new FeedReading(
            policies,
            fingerprints,
            structures,
            usedMembers.ToDictionary(m => m.Key, m => (m.Value.Version, m.Value.Networks), StringComparer.Ordinal));
    }

    /// <summary>The port's address groups, each parsed once per feed (ports share the host's lists).</summary>
    private static ImmutableDictionary<string, ImmutableArray<IPNetwork>> ReadAddressGroups(
        PortPolicy port, PortPolicy bare, Dictionary<string, (IReadOnlyList<string> Text, ImmutableArray<IPNetwork> Networks)> parsed)
    {
        var result = ImmutableDictionary.CreateBuilder<string, ImmutableArray<IPNetwork>>(StringComparer.Ordinal);
        foreach (var (id, text) in port.AddressGroups ?? NoRemoteGroups)
        {
            if (!parsed.TryGetValue(id, out var known) || !SameText(known.Text, text))
            {
                known = (text, PolicyWire.ToEffectivePolicy(bare with { AddressGroups = new Dictionary<string, IReadOnlyList<string>> { [id] = text } }).AddressGroups[id]);
                parsed[id] = known;
            }

            result[id] = known.Networks;
        }

        return result.ToImmutable();
    }

    private static bool SameText(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        ReferenceEquals(a, b) || a.SequenceEqual(b, StringComparer.Ordinal);

    /// <summary>
    /// The policies of one feed answer; per port a fingerprint (anything changed) and its structure
    /// (anything but members changed); per remote group a version of its members and the members.
    /// </summary>
    internal sealed record FeedReading(
        IReadOnlyList<EffectivePolicy> Policies,
        IReadOnlyDictionary<string, string> Fingerprints,
        IReadOnlyDictionary<string, string> Structures,
        IReadOnlyDictionary<string, (long Version, ImmutableArray<IPNetwork> Networks)> Members);

    /// <summary>Either the reading of a feed or why the feed was refused.</summary>
    internal sealed record FeedReadResult(FeedReading? Reading, string? Problem)
    {
        public static FeedReadResult Accepted(FeedReading reading) => new(reading, null);

        public static FeedReadResult Refused(string problem) => new(null, problem);
    }

    private sealed record Members(IReadOnlyList<string> Text, ImmutableArray<IPNetwork> Networks, long Version);
}
