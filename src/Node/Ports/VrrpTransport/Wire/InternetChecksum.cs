using System.Buffers.Binary;

namespace EsHa.Node.Ports.VrrpTransport.Wire;

/// <summary>The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words.</summary>
public struct InternetChecksum
{
    private ulong _sum;
    private bool _odd;
    private byte _pending;

    public void Add(ReadOnlySpan<byte> data)
    {
        if (_odd && data.Length > 0)
        {
            _sum += (uint)((_pending << 8) | data[0]);
            data = data[1..];
            _odd = false;
        }

        while (data.Length >= 2)
        {
            _sum += BinaryPrimitives.ReadUInt16BigEndian(data);
            data = data[2..];
        }

        if (data.Length == 1)
        {
            _pending = data[0];
            _odd = true;
        }
    }

    public readonly ushort Complement()
    {
        var sum = _sum + (_odd ? (uint)(_pending << 8) : 0u);
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
