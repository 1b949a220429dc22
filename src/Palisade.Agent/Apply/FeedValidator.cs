using System.Diagnostics.CodeAnalysis;
using Palisade.Core.Feed;

namespace Palisade.Agent.Apply;

/// <summary>
/// The shape of a feed answer, before anything reads it. System.Text.Json fills a field the JSON
/// leaves out or sets to null with null, whatever the record declares, and always lets a list hold
/// null elements (<c>"ports":[null]</c>), so a server (or anything between it and the agent) can
/// hand the agent objects its types say cannot exist. This names every such hole, with its JSON
/// path, so the reader refuses the feed as a value instead of failing somewhere inside with a
/// <see cref="NullReferenceException"/>. The meaning of the values (addresses, rules) is checked
/// later by Core (<see cref="PolicyWire.ToEffectivePolicy"/>).
/// </summary>
internal static class FeedValidator
{
    /// <summary>Enough to tell what is wrong without making the status report a copy of the feed.</summary>
    private const int MaxProblems = 10;

    public static IReadOnlyList<string> Problems(HostPolicy? host)
    {
        var problems = new List<string>();
        if (host is null)
        {
            problems.Add("the feed answered null");
            return problems;
        }

        Required(problems, host.Host, "host");
        if (host.Revision < 0)
        {
            problems.Add($"revision {host.Revision} is negative");
        }

        if (Required(problems, host.Ports, "ports"))
        {
            for (var i = 0; i < host.Ports.Count && problems.Count < MaxProblems; i++)
            {
                Port(problems, host.Ports[i], $"ports[{i}]");
            }
        }

        Lists(problems, host.RemoteGroups, "remote_groups");
        Lists(problems, host.AddressGroups, "address_groups");
        foreach (var (group, rules) in host.GroupRules ?? new Dictionary<string, IReadOnlyList<RuleEntry>>())
        {
            Rules(problems, rules, $"group_rules.{group}");
        }

        return problems.Count > MaxProblems ? problems.GetRange(0, MaxProblems) : problems;
    }

    private static void Port(List<string> problems, PortPolicy? port, string path)
    {
        if (!Required(problems, port, path))
        {
            return;
        }

        Required(problems, port.PortId, path + ".port_id");
        Required(problems, port.ProjectId, path + ".project_id");
        Required(problems, port.NetworkId, path + ".network_id");
        Required(problems, port.Device, path + ".device");
        Each(problems, port.FixedIps, path + ".fixed_ips", (entry, at) =>
        {
            Required(problems, entry.SubnetId, at + ".subnet_id");
            Required(problems, entry.IpAddress, at + ".ip_address");
        });
        Each(problems, port.AllowedAddressPairs, path + ".allowed_address_pairs", (entry, at) => Required(problems, entry.IpAddress, at + ".ip_address"));
        Texts(problems, port.SecurityGroups, path + ".security_groups");
        Texts(problems, port.SourceAddresses, path + ".source_addresses");
        Texts(problems, port.IntraSubnetCidrs, path + ".intra_subnet_cidrs");
        Rules(problems, port.Rules, path + ".rules");
        if (Required(problems, port.RemoteGroups, path + ".remote_groups"))
        {
            Lists(problems, port.RemoteGroups, path + ".remote_groups");
        }

        Lists(problems, port.AddressGroups, path + ".address_groups");
        Each(problems, port.PlatformPolicies, path + ".platform_policies", (entry, at) =>
        {
            Required(problems, entry.Id, at + ".id");
            Required(problems, entry.Name, at + ".name");
            Texts(problems, entry.Cidrs, at + ".cidrs");
        });
    }

    private static void Rules(List<string> problems, IReadOnlyList<RuleEntry>? rules, string path) =>
        Each(problems, rules, path, (rule, at) =>
        {
            Required(problems, rule.Id, at + ".id");
            Required(problems, rule.SecurityGroupId, at + ".security_group_id");
            Required(problems, rule.Direction, at + ".direction");
            Required(problems, rule.Ethertype, at + ".ethertype");
        });

    /// <summary>A map of id to text lists (members, CIDRs); the map itself may be absent.</summary>
    private static void Lists(List<string> problems, IReadOnlyDictionary<string, IReadOnlyList<string>>? lists, string path)
    {
        foreach (var (id, texts) in lists ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            Texts(problems, texts, $"{path}.{id}");
        }
    }

    private static void Texts(List<string> problems, IReadOnlyList<string>? texts, string path) =>
        Each(problems, texts, path, (_, _) => { });

    private static void Each<T>(List<string> problems, IReadOnlyList<T?>? items, string path, Action<T, string> check)
        where T : class
    {
        if (!Required(problems, items, path))
        {
            return;
        }

        for (var i = 0; i < items.Count && problems.Count < MaxProblems; i++)
        {
            if (Required(problems, items[i], $"{path}[{i}]"))
            {
                check(items[i]!, $"{path}[{i}]");
            }
        }
    }

    private static bool Required<T>(List<string> problems, [NotNullWhen(true)] T? value, string path)
        where T : class
    {
        if (value is not null)
        {
            return true;
        }

        problems.Add($"{path} is missing or null");
        return false;
    }
}
