using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace EsHa.Node.Linux.Lvs.Ipvs;

/// <summary>
/// Builds one netlink message: the 16-byte nlmsghdr, a 4-byte generic netlink header, then attributes (type, length,
/// value, each padded to 4 bytes; nests are attributes holding attributes). Integers are in the host's order as
/// netlink wants, except where the kernel keeps a network-order field (ports), which have their own writers.
/// </summary>
public sealed class NetlinkRequestWriter
{
    private const int AttributeHeaderLength = 4;

    private byte[] _buffer = new byte[256];
    private int _length;
    private readonly Stack<int> _openNests = new();

    /// <summary>Starts a generic netlink message to <paramref name="familyId"/> running <paramref name="command"/>.</summary>
    public NetlinkRequestWriter(ushort familyId, ushort flags, byte command, byte version)
    {
        Reserve(NetlinkConstants.HeaderLength);
        MemoryMarshal.Write(_buffer.AsSpan(4), familyId);
        MemoryMarshal.Write(_buffer.AsSpan(6), flags);
        var genericHeader = Reserve(GenericNetlinkController.HeaderLength);
        _buffer[genericHeader] = command;
        _buffer[genericHeader + 1] = version;
    }

    public NetlinkRequestWriter U8(ushort type, byte value) => Attribute(type, [value]);

    public NetlinkRequestWriter U16(ushort type, ushort value) => Attribute(type, BitConverter.GetBytes(value));

    public NetlinkRequestWriter U16NetworkOrder(ushort type, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return Attribute(type, bytes);
    }

    public NetlinkRequestWriter U32(ushort type, uint value) => Attribute(type, BitConverter.GetBytes(value));

    public NetlinkRequestWriter U64(ushort type, ulong value) => Attribute(type, BitConverter.GetBytes(value));

    /// <summary>A NUL-terminated string, as NLA_STRING / NLA_NUL_STRING policies accept.</summary>
    public NetlinkRequestWriter String(ushort type, string value) => Attribute(type, [.. Encoding.ASCII.GetBytes(value), 0]);

    public NetlinkRequestWriter Attribute(ushort type, ReadOnlySpan<byte> value)
    {
        var start = Reserve(AttributeHeaderLength + value.Length);
        MemoryMarshal.Write(_buffer.AsSpan(start), (ushort)(AttributeHeaderLength + value.Length));
        MemoryMarshal.Write(_buffer.AsSpan(start + 2), type);
        value.CopyTo(_buffer.AsSpan(start + AttributeHeaderLength));
        Pad();
        return this;
    }

    /// <summary>Opens a nested attribute; every attribute written until <see cref="EndNest"/> goes inside it.</summary>
    public NetlinkRequestWriter BeginNest(ushort type)
    {
        var start = Reserve(AttributeHeaderLength);
        MemoryMarshal.Write(_buffer.AsSpan(start + 2), type);
        _openNests.Push(start);
        return this;
    }

    public NetlinkRequestWriter EndNest()
    {
        var start = _openNests.Pop();
        MemoryMarshal.Write(_buffer.AsSpan(start), (ushort)(_length - start));
        return this;
    }

    /// <summary>The finished message with its length and sequence number filled in.</summary>
    public byte[] ToArray(uint sequence)
    {
        if (_openNests.Count != 0)
        {
            throw new InvalidOperationException("a nested attribute was left open");
        }

        var message = _buffer.AsSpan(0, _length).ToArray();
        MemoryMarshal.Write(message, (uint)message.Length);
        MemoryMarshal.Write(message.AsSpan(8), sequence);
        return message;
    }

    private int Reserve(int count)
    {
        if (_length + count + 3 > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count + 3));
        }

        var start = _length;
        _buffer.AsSpan(start, count).Clear();
        _length += count;
        return start;
    }

    private void Pad()
    {
        var padding = ((_length + 3) & ~3) - _length;
        Reserve(padding);
    }
}
