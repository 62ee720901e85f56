using System.Text.Json;
using EsHa.Projections.Lvs;

namespace EsHa.Node.Linux.Lvs.Nftables;

/// <summary>Reads EsHa's table back from `nft -j list table ip esha_lvs` output: services and destinations from
/// their rule comments (a destination chain whose commented rule is gone is a destination gone), the chains and
/// maps that exist, and the counters of each.</summary>
internal static class NftTableReader
{
    public sealed record Reading(LvsTable Table, NftInventory Inventory, Dictionary<string, (long Packets, long Bytes)> Counters);

    public static Reading Parse(string json)
    {
        var inventory = NftInventory.Empty();
        var services = new Dictionary<string, LvsService>(StringComparer.Ordinal);
        var destinations = new List<(string Chain, LvsDestination Destination)>();
        var counters = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var item in document.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (item.TryGetProperty("chain", out var chain))
            {
                inventory.Chains.Add(chain.GetProperty("name").GetString()!);
            }
            else if (item.TryGetProperty("map", out var map))
            {
                inventory.Maps.Add(map.GetProperty("name").GetString()!);
            }
            else if (item.TryGetProperty("rule", out var rule) && rule.TryGetProperty("comment", out var comment))
            {
                var name = rule.GetProperty("chain").GetString()!;
                var text = comment.GetString() ?? "";
                if (Counter(rule) is { } counter)
                {
                    counters[name] = counter;
                }

                if (NftNames.ParseService(text) is { } service)
                {
                    services[name] = service;
                }
                else if (NftNames.ParseDestination(text) is { } destination)
                {
                    destinations.Add((name, destination));
                }
            }
        }

        var table = LvsDiff.Sorted(services.Select(s => s.Value with
        {
            Destinations = destinations.Where(d => d.Chain.StartsWith($"d_{s.Key[2..]}_", StringComparison.Ordinal)).Select(d => d.Destination).ToList(),
        }));
        return new Reading(table, inventory, counters);
    }

    private static (long, long)? Counter(JsonElement rule)
    {
        foreach (var expr in rule.GetProperty("expr").EnumerateArray())
        {
            if (expr.TryGetProperty("counter", out var counter) && counter.ValueKind == JsonValueKind.Object)
            {
                return (counter.GetProperty("packets").GetInt64(), counter.GetProperty("bytes").GetInt64());
            }
        }

        return null;
    }
}
