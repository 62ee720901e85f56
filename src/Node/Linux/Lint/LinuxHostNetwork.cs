using System.Globalization;
using System.Net.NetworkInformation;
using EsHa.Domain.Config.Binding;
using EsHa.Domain.Config.Lint;

namespace EsHa.Node.Linux.Lint;

/// <summary>Reads what the DR checks need from this host (its network namespace): each device's addresses, which
/// devices are NOARP (/sys/class/net/DEV/flags), and net.ipv4.conf.{all,DEV}.arp_ignore / arp_announce.</summary>
public static class LinuxHostNetwork
{
    /// <summary>IFF_NOARP in include/uapi/linux/if.h.</summary>
    private const int NoArpFlag = 0x80;

    public static HostNetworkFacts Read()
    {
        var devices = NetworkInterface.GetAllNetworkInterfaces();
        var addresses = devices
            .SelectMany(d => d.GetIPProperties().UnicastAddresses.Select(a => new HostAddress(Canonical(a.Address.ToString()), d.Name)))
            .ToList();
        var names = devices.Select(d => d.Name).ToList();
        var noArp = names.Where(n => ReadNumber($"/sys/class/net/{n}/flags") is { } flags && (flags & NoArpFlag) != 0)
            .ToHashSet(StringComparer.Ordinal);
        return new HostNetworkFacts(addresses, noArp, Sysctls(names, "arp_ignore"), Sysctls(names, "arp_announce"));
    }

    private static Dictionary<string, int> Sysctls(IEnumerable<string> devices, string name)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var device in devices.Prepend("all"))
        {
            if (ReadNumber($"/proc/sys/net/ipv4/conf/{device}/{name}") is { } value)
            {
                values[device] = value;
            }
        }

        return values;
    }

    /// <summary>A decimal or 0x-hexadecimal number from a /proc or /sys file; null when it cannot be read.</summary>
    private static int? ReadNumber(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return text.StartsWith("0x", StringComparison.Ordinal)
                ? int.Parse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
                : int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }

    private static string Canonical(string address) => IpText.TryParseAddress(address, out var canonical) ? canonical : address;
}
