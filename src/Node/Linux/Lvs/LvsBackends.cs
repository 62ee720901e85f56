using EsHa.Node.Linux.Lvs.Nftables;
using EsHa.Node.Ports.Lvs;

namespace EsHa.Node.Linux.Lvs;

/// <summary>Picks the LVS data plane at start: the kernel's IPVS when its generic netlink family resolves, else
/// nftables; `--lvs-backend ipvs|nftables` insists on one (and fails with the reason when it is not there).</summary>
public static class LvsBackends
{
    public static readonly string[] Choices = ["auto", "ipvs", "nftables"];

    public static ILvsBackend Open(string choice)
    {
        string why;
        switch (choice)
        {
            case "ipvs":
                return OpenIpvs(out why) ?? throw new InvalidOperationException($"--lvs-backend ipvs: {why}");
            case "nftables":
                return NftablesBackend.TryOpen(out why) ?? throw new InvalidOperationException($"--lvs-backend nftables: {why}");
            default:
                var ipvs = OpenIpvs(out var noIpvs);
                if (ipvs is not null)
                {
                    return ipvs;
                }

                return NftablesBackend.TryOpen(out why)
                    ?? throw new InvalidOperationException($"no LVS data plane: IPVS: {noIpvs}; nftables: {why}");
        }
    }

    private static ILvsBackend? OpenIpvs(out string why) => Ipvs.IpvsBackend.TryOpen(out why);
}
