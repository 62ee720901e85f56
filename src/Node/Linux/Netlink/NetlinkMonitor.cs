using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EsHa.Node.Linux.Native;

namespace EsHa.Node.Linux.Netlink;

/// <summary>What the kernel said changed: an interface's link, or an address on an interface.</summary>
public abstract record KernelChange(string Interface);

public sealed record LinkStateChanged(string Interface, bool Up) : KernelChange(Interface);

public sealed record AddressStateChanged(string Interface, IPAddress Address, bool Present) : KernelChange(Interface);

/// <summary>
/// A netlink subscription to link and address changes (RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR), as
/// keepalived's vrrp_netlink keeps one: an interface going down is a FAULT input, and an address added or removed by
/// someone else is drift the instance records and corrects. A link counts as up when IFF_UP and IFF_RUNNING are set.
/// </summary>
public sealed class NetlinkMonitor : IDisposable
{
    private const int GroupLink = 1, GroupIpv4Address = 5, GroupIpv6Address = 9;
    private const ushort RtmNewLink = 16, RtmDelLink = 17, RtmNewAddr = 20, RtmDelAddr = 21;
    private const uint IffUp = 0x1, IffRunning = 0x40;

    private readonly Socket _socket = Libc.OpenSocket(Libc.AfNetlink, Libc.SockRaw, 0);
    private readonly Thread _reader;
    private readonly Dictionary<int, bool> _links = [];
    private volatile bool _stopping;

    public NetlinkMonitor(Action<KernelChange> changed)
    {
        // Group n is bit n-1 of the mask bind() takes.
        Libc.BindNetlink(_socket, (1u << (GroupLink - 1)) | (1u << (GroupIpv4Address - 1)) | (1u << (GroupIpv6Address - 1)));

        // Closing a netlink socket does not wake a thread blocked on it: the reader wakes twice a second to see
        // whether it should stop.
        _socket.ReceiveTimeout = 500;

        _reader = new Thread(() => Read(changed)) { IsBackground = true, Name = "netlink-monitor" };
        _reader.Start();
    }

    private void Read(Action<KernelChange> changed)
    {
        var buffer = new byte[65536];
        while (!_stopping)
        {
            int length;
            try
            {
                length = _socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            for (var offset = 0; offset + 16 <= length;)
            {
                var messageLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(offset));
                if (messageLength < 16 || offset + messageLength > length)
                {
                    break;
                }

                var type = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset + 4));
                var body = buffer.AsSpan(offset + 16, messageLength - 16);
                KernelChange? change = type switch
                {
                    RtmNewLink or RtmDelLink => Link(body, type == RtmNewLink),
                    RtmNewAddr or RtmDelAddr => Address(body, type == RtmNewAddr),
                    _ => null,
                };
                if (change is not null)
                {
                    changed(change);
                }

                offset += (messageLength + 3) & ~3;
            }
        }
    }

    /// <summary>ifinfomsg (family, pad, type u16, index i32, flags u32, change u32) and IFLA_IFNAME (3). Reported only
    /// when the up/running state moved.</summary>
    private LinkStateChanged? Link(ReadOnlySpan<byte> body, bool exists)
    {
        if (body.Length < 16)
        {
            return null;
        }

        var index = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
        var up = exists && (flags & (IffUp | IffRunning)) == (IffUp | IffRunning);
        if (_links.TryGetValue(index, out var was) && was == up)
        {
            return null;
        }

        _links[index] = up;
        return Attribute(body[16..], 3) is { } name ? new LinkStateChanged(Encoding.ASCII.GetString(name).TrimEnd('\0'), up) : null;
    }

    /// <summary>ifaddrmsg (family, prefix, flags, scope, index u32) and IFA_LOCAL (2), else IFA_ADDRESS (1).</summary>
    private static AddressStateChanged? Address(ReadOnlySpan<byte> body, bool present)
    {
        if (body.Length < 8)
        {
            return null;
        }

        var index = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
        var address = Attribute(body[8..], 2) ?? Attribute(body[8..], 1);
        var name = InterfaceName(index);
        return address is { Length: 4 or 16 } && name is not null ? new AddressStateChanged(name, new IPAddress(address), present) : null;
    }

    private static string? InterfaceName(int index) =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .FirstOrDefault(n => n.GetIPProperties().GetIPv4Properties()?.Index == index || n.GetIPProperties().GetIPv6Properties()?.Index == index)?.Name;

    private static byte[]? Attribute(ReadOnlySpan<byte> attributes, ushort wanted)
    {
        while (attributes.Length >= 4)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]);
            if (length < 4 || length > attributes.Length)
            {
                return null;
            }

            if ((type & 0x3fff) == wanted)
            {
                return attributes[4..length].ToArray();
            }

            attributes = attributes[Math.Min(attributes.Length, (length + 3) & ~3)..];
        }

        return null;
    }

    public void Dispose()
    {
        _stopping = true;
        _reader.Join(TimeSpan.FromSeconds(2));
        _socket.Dispose();
    }
}
