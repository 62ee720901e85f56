using EsHa.Node.Ports.Lvs;
using EsHa.Projections.Lvs;

namespace EsHa.Node.Linux.Lvs.Nftables;

/// <summary>
/// The LVS table as an nftables ruleset (for kernels without IPVS): table ip esha_lvs, applied through libnftables
/// one transaction per change, so a change applies whole or not at all. Each mutation of a batch is reported with
/// the transaction's outcome. A service it cannot express (IPv6, TUN, mixed methods, a DR real server off every
/// local segment) is refused with the reason and the rest still applies.
/// </summary>
public sealed class NftablesBackend : ILvsBackend
{
    private readonly Libnftables _nft;
    private NftTableReader.Reading? _last;

    private NftablesBackend(Libnftables nft) => _nft = nft;

    public static NftablesBackend? TryOpen(out string why) => Libnftables.TryOpen(out why) is { } nft ? new NftablesBackend(nft) : null;

    public string Name => "nftables";

    public LvsTable Read() => Refresh().Table;

    /// <summary>Packets and bytes per service and destination chain, for `esha lvs`.</summary>
    public IReadOnlyDictionary<string, (long Packets, long Bytes)> Counters() => Refresh().Counters;

    private NftTableReader.Reading Refresh()
    {
        var (ok, output, _) = _nft.Run($"list table ip {NftNames.Table}");
        _last = ok ? NftTableReader.Parse(output) : new NftTableReader.Reading(LvsTable.Empty, NftInventory.Empty(), []);
        return _last;
    }

    public IReadOnlyList<LvsMutationResult> Apply(IReadOnlyList<LvsMutation> mutations)
    {
        var current = _last ?? Refresh();
        var target = LvsDiff.ApplyAll(current.Table, mutations);
        var affected = mutations.Select(m => m.Service).ToHashSet();
        // The host's addresses, read once per change (not once per destination).
        var host = HostAddresses.Now();
        var (script, refused, after) = new NftRuleset(host.IsLocal, host.DeviceFor).Transaction(target, affected, current.Inventory, current.Table);
        var (ok, _, error) = _nft.Run(script);
        // The transaction applies whole or not at all, so what the kernel has now is known without reading it
        // back (reading a large table would cost more than the change); drift checks read it.
        if (ok)
        {
            var applied = new LvsTable(target.Services.Where(s => !refused.ContainsKey(s.Key)).ToList());
            _last = new NftTableReader.Reading(applied, after, current.Counters);
        }

        return mutations.Select(m => refused.TryGetValue(m.Service, out var why)
            ? new LvsMutationResult(m, why)
            : new LvsMutationResult(m, ok ? null : $"nft: {FirstLine(error)}")).ToList();
    }

    private static string FirstLine(string text) => text.Split('\n').FirstOrDefault(l => l.Contains("Error", StringComparison.Ordinal)) ?? text.Split('\n')[0];

    public void Dispose() => _nft.Dispose();
}
