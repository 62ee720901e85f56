using System.Globalization;
using System.Text.RegularExpressions;
using EsHa.Projections.Lvs;

namespace EsHa.Node.Linux.Lvs.Nftables;

/// <summary>Reads EsHa's table back from `nft list table ip esha_lvs` (text: libnftables' JSON output cannot render
/// dynamic map updates and says so on stderr): services and destinations from their rule comments (a destination
/// chain whose commented rule is gone is a destination gone), the chains and maps that exist, and each commented
/// rule's counter.</summary>
internal static partial class NftTableReader
{
    public sealed record Reading(LvsTable Table, NftInventory Inventory, Dictionary<string, (long Packets, long Bytes)> Counters);

    public static Reading Parse(string listing)
    {
        var inventory = NftInventory.Empty();
        var services = new Dictionary<string, LvsService>(StringComparer.Ordinal);
        var destinations = new List<(string Chain, LvsDestination Destination)>();
        var counters = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        var chain = "";
        foreach (var line in listing.Split('\n'))
        {
            if (Block().Match(line) is { Success: true } block)
            {
                (block.Groups[1].Value == "chain" ? inventory.Chains : inventory.Maps).Add(block.Groups[2].Value);
                chain = block.Groups[1].Value == "chain" ? block.Groups[2].Value : "";
                continue;
            }

            if (chain.Length == 0 || Comment().Match(line) is not { Success: true } comment)
            {
                continue;
            }

            if (Counter().Match(line) is { Success: true } counter)
            {
                counters[chain] = (long.Parse(counter.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(counter.Groups[2].Value, CultureInfo.InvariantCulture));
            }

            var text = comment.Groups[1].Value;
            if (NftNames.ParseService(text) is { } service)
            {
                services[chain] = service;
            }
            else if (NftNames.ParseDestination(text) is { } destination)
            {
                destinations.Add((chain, destination));
            }
        }

        var table = LvsDiff.Sorted(services.Select(s => s.Value with
        {
            Destinations = destinations.Where(d => d.Chain.StartsWith($"d_{s.Key[2..]}_", StringComparison.Ordinal)).Select(d => d.Destination).ToList(),
        }));
        return new Reading(table, inventory, counters);
    }

    [GeneratedRegex(@"^\s*(chain|map) (\S+) \{")]
    private static partial Regex Block();

    [GeneratedRegex("comment \"(esha [^\"]*)\"")]
    private static partial Regex Comment();

    [GeneratedRegex(@"counter packets (\d+) bytes (\d+)")]
    private static partial Regex Counter();
}
