using System.Text.Json.Nodes;
using EsHa.Domain.Config.Json;
using EsHa.Domain.Config.Model;

namespace EsHa.Domain.Config.Diff;

/// <summary>One behavioural difference between two configurations: what it is about ("vrrp_instance VI_1",
/// "virtual_server 10.0.0.1:80 real_server 10.0.0.2:80"), the setting, and the old and new values.</summary>
public sealed record ConfigChange(string Subject, string Setting, string? Old, string? New)
{
    public override string ToString() => (Old, New) switch
    {
        (null, _) when Setting.Length == 0 => $"{Subject}: added",
        (_, null) when Setting.Length == 0 => $"{Subject}: removed",
        (null, _) => $"{Subject}: {Setting} added: {New}",
        (_, null) => $"{Subject}: {Setting} removed: {Old}",
        _ => $"{Subject}: {Setting} {Old} -> {New}",
    };
}

/// <summary>
/// The semantic difference between two models: blocks are matched by what names them (instance and script
/// names, virtual server keys, real server endpoints), so moving a block, reformatting or changing comments is no
/// change, while a new priority, weight or VIP is. Where each setting was written is ignored.
/// </summary>
public static class ConfigDiff
{
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "at", "sources", "files" };

    /// <summary>Where something was written ("at", "endAt", "passwordAt", "sources") is not behaviour.</summary>
    public static bool IsIgnored(string key) => Ignored.Contains(key) || key.EndsWith("At", StringComparison.Ordinal);

    public static IReadOnlyList<ConfigChange> Compare(KeepalivedConfig before, KeepalivedConfig after)
    {
        var changes = new List<ConfigChange>();
        var a = Tree(before);
        var b = Tree(after);
        CompareObjects("global_defs", a["global"]!.AsObject(), b["global"]!.AsObject(), changes);
        CompareKeyed("vrrp_script", a["scripts"], b["scripts"], n => n["name"]!.GetValue<string>(), changes);
        CompareKeyed("track_file", a["trackFiles"], b["trackFiles"], n => n["name"]!.GetValue<string>(), changes);
        CompareKeyed("vrrp_sync_group", a["syncGroups"], b["syncGroups"], n => n["name"]!.GetValue<string>(), changes);
        CompareKeyed("vrrp_instance", a["instances"], b["instances"], n => n["name"]!.GetValue<string>(), changes);
        CompareKeyed("virtual_server_group", a["virtualServerGroups"], b["virtualServerGroups"],
            n => n["name"]!.GetValue<string>(), changes);
        CompareKeyed("virtual_server", a["virtualServers"], b["virtualServers"], VirtualServerName, changes);
        CompareSets("top level", "carried", a["carried"], b["carried"], changes);
        return changes;
    }

    private static JsonObject Tree(KeepalivedConfig config) =>
        (JsonNode.Parse(ConfigJson.Serialize(config)) ?? new JsonObject()).AsObject();

    private static string VirtualServerName(JsonNode key) => key["kind"]?.GetValue<string>() switch
    {
        "Fwmark" => $"fwmark {key["fwmark"]}",
        "Group" => $"group {key["group"]}",
        _ => key["port"] is { } port ? Endpoint.Format(key["address"]!.GetValue<string>(), port.GetValue<int>())
            : key["address"]?.GetValue<string>() ?? "?",
    };

    private static string RealServerName(JsonNode node) =>
        node["port"] is { } port ? Endpoint.Format(node["address"]!.GetValue<string>(), port.GetValue<int>())
            : node["address"]!.GetValue<string>();

    private static void CompareKeyed(string kind, JsonNode? before, JsonNode? after, Func<JsonNode, string> key,
        List<ConfigChange> changes)
    {
        var old = Index(before, key);
        var @new = Index(after, key);
        foreach (var (name, node) in old.Where(o => !@new.ContainsKey(o.Key)))
        {
            changes.Add(new ConfigChange($"{kind} {name}", "", Canonical(node), null));
        }

        foreach (var (name, node) in @new)
        {
            if (!old.TryGetValue(name, out var previous))
            {
                changes.Add(new ConfigChange($"{kind} {name}", "", null, Canonical(node)));
                continue;
            }

            CompareObjects($"{kind} {name}", previous.AsObject(), node.AsObject(), changes);
        }
    }

    private static Dictionary<string, JsonNode> Index(JsonNode? list, Func<JsonNode, string> key)
    {
        var index = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var item in list?.AsArray() ?? [])
        {
            if (item is null)
            {
                continue;
            }

            var name = item["key"] is { } k ? key(k) : item["address"] is not null ? RealServerName(item) : key(item);
            index.TryAdd(name, item);
        }

        return index;
    }

    /// <summary>Compares two blocks setting by setting. An "effectiveX" value (what keepalived really uses) is
    /// reported only when it changes while X as written did not (state MASTER clearing preempt_delay, say).</summary>
    private static void CompareObjects(string subject, JsonObject before, JsonObject after, List<ConfigChange> changes)
    {
        var names = before.Select(p => p.Key).Union(after.Select(p => p.Key)).Where(n => !IsIgnored(n)).ToList();
        var changedAsWritten = names.Where(n => Canonical(before[n]) != Canonical(after[n])).ToHashSet(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (name.StartsWith("effective", StringComparison.Ordinal) && name.Length > "effective".Length
                && changedAsWritten.Contains(char.ToLowerInvariant(name["effective".Length]) + name[("effective".Length + 1)..]))
            {
                continue;
            }

            var (old, @new) = (before[name], after[name]);
            if (name == "realServers")
            {
                CompareKeyed($"{subject} real_server", old, @new, RealServerName, changes);
            }
            else if (old is JsonArray || @new is JsonArray)
            {
                CompareSets(subject, KeywordOf(name), old, @new, changes);
            }
            else if (Canonical(old) != Canonical(@new))
            {
                changes.Add(new ConfigChange(subject, KeywordOf(name), Canonical(old), Canonical(@new)));
            }
        }
    }

    /// <summary>Model names whose keepalived keyword is not their snake_case form.</summary>
    private static readonly Dictionary<string, string> Keywords = new(StringComparer.Ordinal)
    {
        ["virtualIpAddresses"] = "virtual_ipaddress",
        ["excludedVirtualIpAddresses"] = "virtual_ipaddress_excluded",
        ["unicastPeers"] = "unicast_peer",
        ["advertInterval"] = "advert_int",
        ["noPreempt"] = "nopreempt",
        ["scheduler"] = "lb_algo",
        ["forwardingMethod"] = "lb_kind",
        ["trackScripts"] = "track_script",
        ["trackInterfaces"] = "track_interface",
        ["trackFiles"] = "track_file",
        ["upperThreshold"] = "uthreshold",
        ["lowerThreshold"] = "lthreshold",
        ["members"] = "group",
        ["useVmac"] = "use_vmac",
    };

    /// <summary>The keyword an operator knows for a model property: unicastSrcIp → unicast_src_ip.</summary>
    private static string KeywordOf(string property)
    {
        if (Keywords.TryGetValue(property, out var keyword))
        {
            return keyword;
        }

        var text = new System.Text.StringBuilder(property.Length + 4);
        foreach (var c in property)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                text.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>Lists (VIPs, peers, tracked objects, checkers) compare as sets of their canonical forms.</summary>
    private static void CompareSets(string subject, string setting, JsonNode? before, JsonNode? after, List<ConfigChange> changes)
    {
        var old = (before?.AsArray() ?? []).Select(Canonical).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var @new = (after?.AsArray() ?? []).Select(Canonical).OfType<string>().ToHashSet(StringComparer.Ordinal);
        changes.AddRange(old.Except(@new).Select(o => new ConfigChange(subject, setting, o, null)));
        changes.AddRange(@new.Except(old).Select(n => new ConfigChange(subject, setting, null, n)));
    }

    /// <summary>A node's text without locations, so only behaviour is compared.</summary>
    private static string? Canonical(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var parts = obj.Where(p => !IsIgnored(p.Key)).Select(p => $"{p.Key}={Canonical(p.Value)}");
                return "{" + string.Join(", ", parts) + "}";
            case JsonArray array:
                return "[" + string.Join(", ", array.Select(Canonical)) + "]";
            default:
                return node.ToJsonString().Trim('"');
        }
    }
}
