using System.Net.Sockets;
using EsHa.Node.Linux.Native;

namespace EsHa.Node.Linux.Lvs.Ipvs;

/// <summary>
/// A NETLINK_GENERIC socket that sends one request at a time and collects the kernel's answer to it: the data
/// messages carrying its sequence number, up to the NLMSG_ERROR (an ACK when its errno is 0) or NLMSG_DONE that
/// ends it. Messages with another sequence number (the late answer to a request that timed out) are dropped.
/// Not thread-safe: one owner sends and receives.
/// </summary>
public sealed class GenericNetlinkSocket : IDisposable
{
    private const int NetlinkGeneric = 16;

    /// <summary>How long to wait for the kernel; closing a socket does not wake a blocked receive, so it is bounded.</summary>
    private const int ReceiveTimeoutMilliseconds = 5000;

    // A dump answers in datagrams of up to 32 KiB (NLMSG_GOODSIZE grows to that); a smaller buffer would truncate.
    private readonly byte[] _receiveBuffer = new byte[256 * 1024];
    private readonly Socket _socket;
    private uint _sequence;

    public GenericNetlinkSocket()
    {
        _socket = Libc.OpenSocket(Libc.AfNetlink, Libc.SockRaw, NetlinkGeneric);
        _socket.ReceiveTimeout = ReceiveTimeoutMilliseconds;
    }

    public uint NextSequence() => ++_sequence;

    /// <summary>Sends <paramref name="request"/> (built with <paramref name="sequence"/>) and returns the errno that ended
    /// the answer (0 for an ACK or a clean end of dump) with the data messages that came before it.</summary>
    public (int Errno, IReadOnlyList<NetlinkMessage> Messages) Exchange(byte[] request, uint sequence)
    {
        var messages = new List<NetlinkMessage>();
        try
        {
            _socket.Send(request);
            while (true)
            {
                var length = _socket.Receive(_receiveBuffer);
                foreach (var message in NetlinkReader.Messages(_receiveBuffer.AsSpan(0, length)))
                {
                    if (message.Sequence != sequence)
                    {
                        continue;
                    }

                    if (message.Type is NetlinkConstants.Error or NetlinkConstants.Done)
                    {
                        return (message.ErrorNumber, messages);
                    }

                    messages.Add(message);
                }
            }
        }
        catch (SocketException e)
        {
            return (e.SocketErrorCode == SocketError.TimedOut ? Errno.TimedOut : e.NativeErrorCode, messages);
        }
    }

    /// <summary>The id of a generic netlink family, or the errno nlctrl answered (ENOENT: no such family).</summary>
    public (ushort? Id, int Errno) ResolveFamily(string name)
    {
        var sequence = NextSequence();
        var (errno, messages) = Exchange(GenericNetlinkFamily.EncodeGetFamily(name, sequence), sequence);
        var id = messages.Select(GenericNetlinkFamily.DecodeFamilyId).FirstOrDefault(i => i is not null);
        return (id, id is null && errno == 0 ? Errno.NoEntry : errno);
    }

    public void Dispose() => _socket.Dispose();
}
