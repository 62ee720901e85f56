using System.Buffers.Binary;
using System.Net;
using EsHa.Node.Ports.VrrpTransport.Wire;

namespace EsHa.Node.Tests.Support;

/// <summary>Just enough of the pcap format to hand packets to tcpdump and to read what it captured.</summary>
public static class Pcap
{
    private const uint Magic = 0xa1b2c3d4;
    private const uint LinkTypeRawIp = 101;
    private const uint LinkTypeEthernet = 1;

    /// <summary>A capture of raw IP packets, each VRRP payload wrapped in the IP header keepalived's kernel would add.</summary>
    public static byte[] Write(IEnumerable<(byte[] Vrrp, IPAddress Source, IPAddress Destination)> packets)
    {
        using var stream = new MemoryStream();
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkTypeRawIp);
        stream.Write(header);
        Span<byte> record = stackalloc byte[16];
        foreach (var (vrrp, source, destination) in packets)
        {
            var ip = IpPacket(vrrp, source, destination);
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)ip.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)ip.Length);
            stream.Write(record);
            stream.Write(ip);
        }

        return stream.ToArray();
    }

    private static byte[] IpPacket(byte[] payload, IPAddress source, IPAddress destination)
    {
        if (source.GetAddressBytes().Length == 16)
        {
            var v6 = new byte[40 + payload.Length];
            v6[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(v6.AsSpan(4), (ushort)payload.Length);
            v6[6] = VrrpCodec.ProtocolNumber;
            v6[7] = 255;
            source.TryWriteBytes(v6.AsSpan(8), out _);
            destination.TryWriteBytes(v6.AsSpan(24), out _);
            payload.CopyTo(v6, 40);
            return v6;
        }

        var v4 = new byte[20 + payload.Length];
        v4[0] = 0x45;
        v4[1] = 0xc0;
        BinaryPrimitives.WriteUInt16BigEndian(v4.AsSpan(2), (ushort)v4.Length);
        v4[8] = 255;
        v4[9] = VrrpCodec.ProtocolNumber;
        source.TryWriteBytes(v4.AsSpan(12), out _);
        destination.TryWriteBytes(v4.AsSpan(16), out _);
        var sum = new InternetChecksum();
        sum.Add(v4.AsSpan(0, 20));
        BinaryPrimitives.WriteUInt16BigEndian(v4.AsSpan(10), sum.Complement());
        payload.CopyTo(v4, 20);
        return v4;
    }

    /// <summary>A received IP packet: the addresses and TTL/hop limit from its header, and its VRRP payload.</summary>
    public sealed record Captured(IPAddress Source, IPAddress Destination, int Ttl, byte[] Vrrp);

    /// <summary>The VRRP packets of an Ethernet capture (as tcpdump -w writes on a veth).</summary>
    public static List<Captured> ReadEthernet(byte[] file)
    {
        var packets = new List<Captured>();
        if (BinaryPrimitives.ReadUInt32LittleEndian(file) != Magic || BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(20)) != LinkTypeEthernet)
        {
            throw new InvalidDataException("not a little-endian Ethernet pcap");
        }

        for (var offset = 24; offset + 16 <= file.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 8));
            var frame = file.AsSpan(offset + 16, length);
            offset += 16 + length;
            var etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
            var ip = frame[14..];
            if (etherType == 0x0800 && ip[9] == VrrpCodec.ProtocolNumber)
            {
                var headerLength = (ip[0] & 0x0f) * 4;
                var total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
                packets.Add(new Captured(new IPAddress(ip[12..16]), new IPAddress(ip[16..20]), ip[8], ip[headerLength..total].ToArray()));
            }
            else if (etherType == 0x86dd && ip[6] == VrrpCodec.ProtocolNumber)
            {
                var payload = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
                packets.Add(new Captured(new IPAddress(ip[8..24]), new IPAddress(ip[24..40]), ip[7], ip[40..(40 + payload)].ToArray()));
            }
        }

        return packets;
    }
}
