using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EsHa.Node.Linux.Native;

namespace EsHa.Node.Linux.Netlink;

/// <summary>
/// Our own rtnetlink (NETLINK_ROUTE) requests for addresses: RTM_NEWADDR / RTM_DELADDR with an ifaddrmsg, the address
/// as IFA_LOCAL and IFA_ADDRESS, an optional IFA_LABEL, and IFA_F_NODAD for IPv6 (keepalived adds VIPs the same way).
/// Each request asks for an ACK; the kernel's errno comes back as the result (0: done).
/// </summary>
public sealed class RtNetlink : IDisposable
{
    private const ushort NlmFRequest = 1, NlmFAck = 4, NlmFExcl = 0x200, NlmFCreate = 0x400;
    private const ushort RtmNewAddr = 20, RtmDelAddr = 21, NlmsgError = 2;
    private const ushort IfaAddress = 1, IfaLocal = 2, IfaLabel = 3, IfaFlags = 8;
    private const uint IfaFNoDad = 0x2;

    private readonly Socket _socket = Libc.OpenSocket(Libc.AfNetlink, Libc.SockRaw, 0);
    private uint _sequence;

    /// <summary>Adds an address; 0, or the errno (17 EEXIST when it is already there).</summary>
    public int AddAddress(string interfaceName, IPAddress address, int prefixLength, string? label) =>
        Request(RtmNewAddr, NlmFRequest | NlmFAck | NlmFCreate | NlmFExcl, interfaceName, address, prefixLength, label);

    /// <summary>Removes an address; 0, or the errno (99 EADDRNOTAVAIL when it is not there).</summary>
    public int DeleteAddress(string interfaceName, IPAddress address, int prefixLength) =>
        Request(RtmDelAddr, NlmFRequest | NlmFAck, interfaceName, address, prefixLength, null);

    /// <summary>Runs the request path once against a device that cannot exist (the kernel answers ENODEV), so that
    /// the first real VIP change after start does not pay for loading and binding that code (measured: ~7 ms).</summary>
    public int Warm() => Request(RtmDelAddr, NlmFRequest | NlmFAck, int.MaxValue, IPAddress.Parse("192.0.2.1"), 32, null);

    private int Request(ushort type, ushort flags, string interfaceName, IPAddress address, int prefixLength, string? label)
    {
        var index = Libc.InterfaceIndex(interfaceName);
        return index == 0 ? 19 /* ENODEV */ : Request(type, flags, index, address, prefixLength, label);
    }

    private int Request(ushort type, ushort flags, int index, IPAddress address, int prefixLength, string? label)
    {
        var bytes = address.GetAddressBytes();
        var message = new List<byte>(64);
        var header = new byte[16];
        message.AddRange(header);
        message.Add((byte)(address.AddressFamily == AddressFamily.InterNetworkV6 ? 10 : 2));
        message.Add((byte)prefixLength);
        message.Add(0); // flags (the 32-bit IFA_FLAGS attribute carries them)
        message.Add(0); // scope: universe
        message.AddRange(BitConverter.GetBytes(index));
        Attribute(message, IfaLocal, bytes);
        Attribute(message, IfaAddress, bytes);
        if (label is not null)
        {
            Attribute(message, IfaLabel, [.. Encoding.ASCII.GetBytes(label), 0]);
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Attribute(message, IfaFlags, BitConverter.GetBytes(IfaFNoDad));
        }

        var packet = message.ToArray();
        var sequence = ++_sequence;
        BinaryPrimitives.WriteUInt32LittleEndian(packet, (uint)packet.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(packet.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(packet.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(8), sequence);
        _socket.Send(packet);
        var reply = new byte[8192];
        while (true)
        {
            var length = _socket.Receive(reply);
            for (var offset = 0; offset + 16 <= length;)
            {
                var messageLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(offset));
                var messageType = BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(offset + 4));
                var messageSequence = BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(offset + 8));
                if (messageType == NlmsgError && messageSequence == sequence)
                {
                    return -BinaryPrimitives.ReadInt32LittleEndian(reply.AsSpan(offset + 16));
                }

                offset += Math.Max(16, (messageLength + 3) & ~3);
            }
        }
    }

    private static void Attribute(List<byte> message, ushort type, byte[] data)
    {
        var length = 4 + data.Length;
        message.AddRange(BitConverter.GetBytes((ushort)length));
        message.AddRange(BitConverter.GetBytes(type));
        message.AddRange(data);
        while (message.Count % 4 != 0)
        {
            message.Add(0);
        }
    }

    public void Dispose() => _socket.Dispose();
}
