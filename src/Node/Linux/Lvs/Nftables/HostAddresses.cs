using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace EsHa.Node.Linux.Lvs.Nftables;

/// <summary>This host's addresses at one moment: which destinations are the host itself (delivered locally), and
/// which interface's IPv4 subnet holds a DR real server (the segment its packets are forwarded on).</summary>
internal sealed class HostAddresses
{
    private readonly HashSet<IPAddress> _local = [];
    private readonly List<(string Device, uint Network, uint Mask)> _subnets = [];

    public static HostAddresses Now()
    {
        var host = new HostAddresses();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                host._local.Add(unicast.Address);
                if (unicast.Address.AddressFamily == AddressFamily.InterNetwork && unicast.PrefixLength is > 0 and < 32)
                {
                    var mask = uint.MaxValue << (32 - unicast.PrefixLength);
                    host._subnets.Add((nic.Name, BinaryPrimitives.ReadUInt32BigEndian(unicast.Address.GetAddressBytes()) & mask, mask));
                }
            }
        }

        return host;
    }

    public bool IsLocal(IPAddress address) => IPAddress.IsLoopback(address) || _local.Contains(address);

    public string? DeviceFor(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return null;
        }

        var target = BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
        return _subnets.FirstOrDefault(s => (target & s.Mask) == s.Network).Device;
    }
}
