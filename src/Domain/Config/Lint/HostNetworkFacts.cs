namespace EsHa.Domain.Config.Lint;

/// <summary>An address this host (network namespace) holds, and the device it is on.</summary>
public sealed record HostAddress(string Address, string Interface);

/// <summary>What the DR checks need to know about the host they run on, read by src/Node: its addresses, the devices
/// that never answer ARP (NOARP: lo, dummy devices), and net.ipv4.conf.*.arp_ignore / arp_announce by device name
/// ("all", "eth0"; a device whose value could not be read is absent).</summary>
public sealed record HostNetworkFacts(
    IReadOnlyList<HostAddress> Addresses,
    IReadOnlySet<string> NoArpInterfaces,
    IReadOnlyDictionary<string, int> ArpIgnore,
    IReadOnlyDictionary<string, int> ArpAnnounce)
{
    public string? InterfaceOf(string address) => Addresses.FirstOrDefault(a => a.Address == address)?.Interface;

    /// <summary>Whether a device answers ARP requests for addresses on it: every device but lo and NOARP ones.</summary>
    public bool AnswersArp(string device) => device != "lo" && !NoArpInterfaces.Contains(device);

    /// <summary>The value the kernel acts on for <paramref name="device"/>: the larger of "all" and the device's own
    /// (as net/ipv4/devinet.c's IN_DEV_ARP_IGNORE and IN_DEV_ARP_ANNOUNCE take it); null when either is unknown.</summary>
    public static int? Effective(IReadOnlyDictionary<string, int> values, string device) =>
        values.TryGetValue("all", out var all) && values.TryGetValue(device, out var own) ? Math.Max(all, own) : null;
}
