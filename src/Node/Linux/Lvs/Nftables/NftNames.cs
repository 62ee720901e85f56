using System.Globalization;
using System.Net;
using EsHa.Domain.Config.Model;
using EsHa.Projections.Lvs;

namespace EsHa.Node.Linux.Lvs.Nftables;

/// <summary>
/// How an LVS table is named inside EsHa's nftables table: a chain per service ("s_" + a hash of its key) and per
/// destination ("d_" + service hash + "_" + destination hash), each service's first rule and each destination's
/// rule commented with what they stand for ("esha service tcp/192.168.126.100/80 wrr 0 32", "esha dest
/// 192.168.126.138/80 dr 2 0 0"), so the table can be read back from the kernel, and a packet mark per destination
/// that the service's selection writes and its verdict map reads.
/// </summary>
public static class NftNames
{
    public const string Table = "esha_lvs";
    public const string DirectChain = "dispatch_dr";
    public const string NatChain = "dispatch_nat";
    private const uint MarkBase = 0x45a00000;

    public static string Service(LvsServiceKey key) => $"s_{Hash(key.ToString()):x8}";

    public static string Destination(LvsServiceKey key, LvsDestination d) => $"d_{Hash(key.ToString()):x8}_{Hash(d.Endpoint):x8}";

    /// <summary>Each destination's mark within its service: from its address, stable across changes (so flows
    /// pinned to it stay on it), distinct within the service.</summary>
    public static Dictionary<LvsDestination, uint> Marks(LvsService service)
    {
        var marks = new Dictionary<LvsDestination, uint>();
        var used = new HashSet<uint>();
        foreach (var d in service.Destinations)
        {
            var mark = MarkBase | (Hash(d.Endpoint) & 0xffff);
            while (!used.Add(mark))
            {
                mark = MarkBase | ((mark + 1) & 0xffff);
            }

            marks[d] = mark;
        }

        return marks;
    }

    public static string ServiceComment(LvsService s) =>
        $"esha service {KeyText(s.Key)} {s.Scheduler} {(int)(s.PersistenceTimeout?.TotalSeconds ?? 0)} {s.PersistenceNetmask}";

    public static string DestinationComment(LvsDestination d) =>
        $"esha dest {d.Address}/{d.Port} {Method(d.Method)} {d.Weight} {d.UpperThreshold} {d.LowerThreshold}";

    public static LvsService? ParseService(string comment)
    {
        var w = comment.Split(' ');
        if (w.Length != 6 || w[0] != "esha" || w[1] != "service" || !int.TryParse(w[4], CultureInfo.InvariantCulture, out var persist)
            || !int.TryParse(w[5], CultureInfo.InvariantCulture, out var mask))
        {
            return null;
        }

        var k = w[2].Split('/');
        LvsServiceKey? key = k switch
        {
            ["fwm", var mark] when uint.TryParse(mark, CultureInfo.InvariantCulture, out var m) => LvsServiceKey.OfFwmark(m),
            [var proto, var address, var port] when IPAddress.TryParse(address, out var a) && int.TryParse(port, CultureInfo.InvariantCulture, out var p)
                && Enum.TryParse<LvsProtocol>(proto, true, out var protocol) => LvsServiceKey.Of(a, p, protocol),
            _ => null,
        };
        return key is null ? null : new LvsService(key, w[3], persist == 0 ? null : TimeSpan.FromSeconds(persist), mask, []);
    }

    public static LvsDestination? ParseDestination(string comment)
    {
        var w = comment.Split(' ');
        if (w.Length != 7 || w[0] != "esha" || w[1] != "dest")
        {
            return null;
        }

        var endpoint = w[2].Split('/');
        return endpoint.Length == 2 && IPAddress.TryParse(endpoint[0], out var address) && int.TryParse(endpoint[1], CultureInfo.InvariantCulture, out var port)
            && int.TryParse(w[4], CultureInfo.InvariantCulture, out var weight) && int.TryParse(w[5], CultureInfo.InvariantCulture, out var upper)
            && int.TryParse(w[6], CultureInfo.InvariantCulture, out var lower)
            ? new LvsDestination(address, port, ParseMethod(w[3]), weight, upper, lower)
            : null;
    }

    private static string KeyText(LvsServiceKey key) => key.IsFwmark
        ? $"fwm/{key.Fwmark}"
        : $"{key.Protocol?.ToString().ToLowerInvariant()}/{key.Address}/{key.Port}";

    private static string Method(ForwardingMethod m) => m switch
    {
        ForwardingMethod.DirectRouting => "dr",
        ForwardingMethod.Tunnel => "tun",
        _ => "nat",
    };

    private static ForwardingMethod ParseMethod(string text) => text switch
    {
        "dr" => ForwardingMethod.DirectRouting,
        "tun" => ForwardingMethod.Tunnel,
        _ => ForwardingMethod.Nat,
    };

    private static uint Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var ch in text)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return hash;
    }
}
