using System.Net.NetworkInformation;

namespace EsHa.Node.Config;

/// <summary>The interface names this host has now (for check-config's host checks, like keepalived -t).</summary>
public static class HostInterfaces
{
    public static IReadOnlySet<string> Names() =>
        NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
}
