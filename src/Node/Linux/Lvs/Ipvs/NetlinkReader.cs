using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace EsHa.Node.Linux.Lvs.Ipvs;

/// <summary>One netlink message as it came from the kernel: the nlmsghdr's fields and what follows the header.</summary>
public sealed record NetlinkMessage(ushort Type, ushort Flags, uint Sequence, byte[] Payload)
{
    /// <summary>For NLMSG_ERROR: the errno the kernel answered with (0 is an ACK).</summary>
    public int ErrorNumber => Payload.Length >= 4 ? -MemoryMarshal.Read<int>(Payload) : 0;

    /// <summary>The generic netlink command (first byte after the header).</summary>
    public byte GenericCommand => Payload.Length > 0 ? Payload[0] : (byte)0;

    /// <summary>The attributes after the generic netlink header.</summary>
    public NetlinkAttributes GenericAttributes => NetlinkReader.Attributes(
        Payload.AsSpan(Math.Min(Payload.Length, GenericNetlinkController.HeaderLength)));
}

/// <summary>A set of attributes by type (the last wins if one repeats, as nla_parse does).</summary>
public sealed class NetlinkAttributes(IReadOnlyDictionary<ushort, byte[]> values)
{
    public bool Has(ushort type) => values.ContainsKey(type);

    public byte[]? Bytes(ushort type) => values.GetValueOrDefault(type);

    public byte? U8(ushort type) => Bytes(type) is { Length: >= 1 } b ? b[0] : null;

    public ushort? U16(ushort type) => Bytes(type) is { Length: >= 2 } b ? MemoryMarshal.Read<ushort>(b) : null;

    public ushort? U16NetworkOrder(ushort type) => Bytes(type) is { Length: >= 2 } b ? BinaryPrimitives.ReadUInt16BigEndian(b) : null;

    public uint? U32(ushort type) => Bytes(type) is { Length: >= 4 } b ? MemoryMarshal.Read<uint>(b) : null;

    /// <summary>A counter the kernel sends as u32 in older attributes and u64 in newer ones: read by its length.</summary>
    public ulong? Counter(ushort type) => Bytes(type) switch
    {
        { Length: >= 8 } b => MemoryMarshal.Read<ulong>(b),
        { Length: >= 4 } b => MemoryMarshal.Read<uint>(b),
        _ => null,
    };

    public string? String(ushort type) => Bytes(type) is { } b ? Encoding.ASCII.GetString(b).TrimEnd('\0') : null;

    public NetlinkAttributes Nested(ushort type) => NetlinkReader.Attributes(Bytes(type) ?? []);
}

/// <summary>Splits a datagram from a netlink socket into messages, and attribute runs into attributes.</summary>
public static class NetlinkReader
{
    public static IReadOnlyList<NetlinkMessage> Messages(ReadOnlySpan<byte> datagram)
    {
        var messages = new List<NetlinkMessage>();
        var offset = 0;
        while (offset + NetlinkConstants.HeaderLength <= datagram.Length)
        {
            var length = (int)MemoryMarshal.Read<uint>(datagram[offset..]);
            if (length < NetlinkConstants.HeaderLength || offset + length > datagram.Length)
            {
                throw new InvalidDataException($"netlink message of length {length} at offset {offset} in a datagram of {datagram.Length} bytes");
            }

            messages.Add(new NetlinkMessage(
                MemoryMarshal.Read<ushort>(datagram[(offset + 4)..]),
                MemoryMarshal.Read<ushort>(datagram[(offset + 6)..]),
                MemoryMarshal.Read<uint>(datagram[(offset + 8)..]),
                datagram[(offset + NetlinkConstants.HeaderLength)..(offset + length)].ToArray()));
            offset += (length + 3) & ~3;
        }

        return messages;
    }

    public static NetlinkAttributes Attributes(ReadOnlySpan<byte> run)
    {
        var values = new Dictionary<ushort, byte[]>();
        var offset = 0;
        while (offset + 4 <= run.Length)
        {
            var length = MemoryMarshal.Read<ushort>(run[offset..]);
            var type = (ushort)(MemoryMarshal.Read<ushort>(run[(offset + 2)..]) & NetlinkConstants.AttributeTypeMask);
            if (length < 4 || offset + length > run.Length)
            {
                break; // a truncated tail: nla_parse stops there too
            }

            values[type] = run[(offset + 4)..(offset + length)].ToArray();
            offset += (length + 3) & ~3;
        }

        return new NetlinkAttributes(values);
    }
}
