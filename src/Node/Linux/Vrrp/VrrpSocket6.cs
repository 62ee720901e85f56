using System.Net;
using System.Net.Sockets;
using System.Text;
using EsHa.Node.Linux.Native;

namespace EsHa.Node.Linux.Vrrp;

/// <summary>
/// VRRPv3 over IPv6 on one interface, as keepalived does it: raw IPv6 protocol 112 sockets bound to the device, one
/// to send (from the interface's link-local address, hop limit 255, traffic class 0xc0, multicast out of this
/// interface, no loopback) and one to receive (member of ff02::12, or the configured group, on this interface only).
/// Raw IPv6 sockets give no IP header: the hop limit and destination come from control messages (recvmsg), and the
/// checksum is the codec's (over the IPv6 pseudo-header).
/// </summary>
public sealed class VrrpSocket6 : IVrrpWire
{
    private const int SolSocket = 1, SoBindToDevice = 25, SoReceiveTimeout = 20;
    private const int SolIpv6 = 41, UnicastHops = 16, MulticastIf = 17, MulticastHops = 18, MulticastLoop = 19,
        AddMembership = 20, RecvPktInfo = 49, RecvHopLimit = 51, MulticastAll = 29, TrafficClass = 67;

    private readonly Socket _send;
    private readonly Socket _receive;
    private readonly int _index;
    private readonly Thread _reader;
    private volatile bool _stopping;
    private readonly Action<string>? _problem;

    /// <param name="problem">told when receiving fails other than by the socket closing (the reader keeps trying)</param>
    public VrrpSocket6(string interfaceName, IPAddress source, IPAddress? multicastGroup, Action<ReceivedAdvert> received, Action<string>? problem = null)
    {
        _problem = problem;
        Interface = interfaceName;
        _index = Libc.InterfaceIndex(interfaceName);
        if (_index == 0)
        {
            throw new InvalidOperationException($"interface {interfaceName} does not exist");
        }

        var device = Encoding.ASCII.GetBytes(interfaceName + "\0");
        _send = Libc.OpenSocket(Libc.AfInet6, Libc.SockRaw, Libc.IpProtoVrrp);
        _send.SetRawSocketOption(SolSocket, SoBindToDevice, device);
        _send.SetRawSocketOption(SolIpv6, MulticastIf, BitConverter.GetBytes(_index));
        _send.SetRawSocketOption(SolIpv6, MulticastHops, BitConverter.GetBytes(255));
        _send.SetRawSocketOption(SolIpv6, UnicastHops, BitConverter.GetBytes(255));
        _send.SetRawSocketOption(SolIpv6, MulticastLoop, BitConverter.GetBytes(0));
        _send.SetRawSocketOption(SolIpv6, TrafficClass, BitConverter.GetBytes(0xc0));
        _send.Bind(new IPEndPoint(new IPAddress(source.GetAddressBytes(), source.IsIPv6LinkLocal ? _index : 0), 0));

        _receive = Libc.OpenSocket(Libc.AfInet6, Libc.SockRaw, Libc.IpProtoVrrp);
        _receive.SetRawSocketOption(SolSocket, SoBindToDevice, device);
        _receive.SetRawSocketOption(SolIpv6, MulticastAll, BitConverter.GetBytes(0));
        _receive.SetRawSocketOption(SolIpv6, RecvHopLimit, BitConverter.GetBytes(1));
        _receive.SetRawSocketOption(SolIpv6, RecvPktInfo, BitConverter.GetBytes(1));
        // Half a second, so that the reader notices a stop (closing a socket does not wake a blocked recvmsg).
        var timeout = new byte[16];
        BitConverter.TryWriteBytes(timeout.AsSpan(8), 500_000L);
        _receive.SetRawSocketOption(SolSocket, SoReceiveTimeout, timeout);
        if (multicastGroup is not null)
        {
            var membership = new byte[20];
            multicastGroup.GetAddressBytes().CopyTo(membership, 0);
            BitConverter.TryWriteBytes(membership.AsSpan(16), _index);
            _receive.SetRawSocketOption(SolIpv6, AddMembership, membership);
        }

        _reader = new Thread(() => Read(received)) { IsBackground = true, Name = $"vrrp6-{interfaceName}" };
        _reader.Start();
    }

    public string Interface { get; }

    public void Send(IPAddress destination, byte[] message) =>
        _send.SendTo(message, new IPEndPoint(new IPAddress(destination.GetAddressBytes(), destination.IsIPv6LinkLocal || destination.IsIPv6Multicast ? _index : 0), 0));

    public void Warm()
    {
        try
        {
            Send(IPAddress.IPv6Loopback, new byte[8]);
        }
        catch (SocketException)
        {
            // Expected: no route to ::1 through this device.
        }
    }

    private void Read(Action<ReceivedAdvert> received)
    {
        var buffer = new byte[65536];
        while (!_stopping)
        {
            var length = Libc.ReceiveIpv6(_receive, buffer, out var source, out var destination, out var hopLimit, out var errno);
            if (length < 0)
            {
                if (errno is 11 or 4) // EAGAIN: the receive timeout passed; EINTR
                {
                    continue;
                }

                if (_stopping || errno == 9) // EBADF: closed
                {
                    return;
                }

                // A reader that quietly stopped would let this node take over from a master it no longer hears.
                _problem?.Invoke($"receiving VRRP on {Interface} failed: errno {errno}; trying again in a second");
                Thread.Sleep(1000);
            }

            // Compared and journaled without the scope: the interface already says where it came from.
            received(new ReceivedAdvert(Interface, new IPAddress(source.GetAddressBytes()), destination ?? IPAddress.IPv6None, hopLimit,
                buffer.AsSpan(0, length).ToArray()));
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _reader.Join(TimeSpan.FromSeconds(2));
        _receive.Dispose();
        _send.Dispose();
    }
}
