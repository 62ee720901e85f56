using System.Net;
using System.Net.Sockets;
using System.Text;
using EsHa.Node.Linux.Native;

namespace EsHa.Node.Linux.Vrrp;

/// <summary>A VRRP packet as it came off an interface: the IP header's addresses and TTL, and the VRRP message.</summary>
public sealed record ReceivedAdvert(string Interface, IPAddress Source, IPAddress Destination, int Ttl, byte[] Message);

/// <summary>
/// VRRP over IPv4 on one interface, as keepalived does it: raw IP protocol 112 sockets bound to the device
/// (SO_BINDTODEVICE), one to send (from our address, TTL 255, TOS 0xc0, multicast out of this interface, no loopback)
/// and one to receive (member of the multicast group on this interface only, IP_MULTICAST_ALL off). The kernel
/// writes the IP header; received packets carry it, and the TTL is read from it.
/// </summary>
public sealed class VrrpSocket : IVrrpWire
{
    private const int SolSocket = 1, SoBindToDevice = 25, SolIp = 0, IpMulticastAll = 49, IpFreeBind = 15;

    private readonly Socket _send;
    private readonly Socket _receive;
    private readonly Thread _reader;
    private volatile bool _stopping;
    private readonly Action<string>? _problem;

    /// <param name="problem">told when receiving fails other than by the socket closing (the reader keeps trying)</param>
    public VrrpSocket(string interfaceName, IPAddress source, IPAddress? multicastGroup, Action<ReceivedAdvert> received, Action<string>? problem = null)
    {
        _problem = problem;
        Interface = interfaceName;
        var index = Libc.InterfaceIndex(interfaceName);
        if (index == 0)
        {
            throw new InvalidOperationException($"interface {interfaceName} does not exist");
        }

        var device = Encoding.ASCII.GetBytes(interfaceName + "\0");
        _send = Libc.OpenSocket(Libc.AfInet, Libc.SockRaw, Libc.IpProtoVrrp);
        _send.SetRawSocketOption(SolSocket, SoBindToDevice, device);
        _send.SetRawSocketOption(SolIp, IpFreeBind, BitConverter.GetBytes(1));
        _send.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.HostToNetworkOrder(index));
        _send.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
        _send.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.IpTimeToLive, 255);
        _send.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xc0);
        _send.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, false);
        _send.Bind(new IPEndPoint(source, 0));

        _receive = Libc.OpenSocket(Libc.AfInet, Libc.SockRaw, Libc.IpProtoVrrp);
        _receive.SetRawSocketOption(SolSocket, SoBindToDevice, device);
        _receive.SetRawSocketOption(SolIp, IpMulticastAll, BitConverter.GetBytes(0));
        if (multicastGroup is not null)
        {
            _receive.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(multicastGroup, index));
        }

        _reader = new Thread(() => Read(received)) { IsBackground = true, Name = $"vrrp-{interfaceName}" };
        _reader.Start();
    }

    public string Interface { get; }

    public void Send(IPAddress destination, byte[] message) => _send.SendTo(message, new IPEndPoint(destination, 0));

    /// <summary>Runs the send path once to the loopback address, which the kernel will not route out of a bound
    /// ethernet device, so that the first advert as master does not pay for binding that code (2–6 ms measured).</summary>
    public void Warm()
    {
        try
        {
            Send(IPAddress.Loopback, new byte[8]);
        }
        catch (SocketException)
        {
            // Expected: no route to 127.0.0.1 through this device.
        }
    }

    private void Read(Action<ReceivedAdvert> received)
    {
        var buffer = new byte[65536];
        while (!_stopping)
        {
            int length;
            try
            {
                length = _receive.Receive(buffer);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_stopping || e is ObjectDisposedException)
                {
                    return;
                }

                // A reader that quietly stopped would let this node take over from a master it no longer hears.
                _problem?.Invoke($"receiving VRRP on {Interface} failed: {e.Message}; trying again in a second");
                Thread.Sleep(1000);
                continue;
            }

            // The IPv4 header: version/IHL, TTL at 8, protocol at 9, source at 12, destination at 16.
            var headerLength = (buffer[0] & 0x0f) * 4;
            if (length < headerLength || buffer[9] != Libc.IpProtoVrrp)
            {
                continue;
            }

            received(new ReceivedAdvert(Interface, new IPAddress(buffer.AsSpan(12, 4)), new IPAddress(buffer.AsSpan(16, 4)), buffer[8],
                buffer.AsSpan(headerLength, length - headerLength).ToArray()));
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _receive.Dispose();
        _send.Dispose();
    }
}
