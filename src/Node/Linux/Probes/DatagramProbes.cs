using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using EsHa.Node.Ports.Probes;

namespace EsHa.Node.Linux.Probes;

/// <summary>The checks that are one datagram and its answer: UDP_CHECK, DNS_CHECK and PING_CHECK.</summary>
internal static class DatagramProbes
{
    /// <summary>UDP_CHECK: send the payload; with require_reply an answer (equal to the expected bytes when given)
    /// must come within connect_timeout; without it, only an ICMP port unreachable (seen as a refused receive on a
    /// connected socket) fails the check.</summary>
    public static async Task<ProbeOutcome> UdpAsync(ProbeRequest request, CancellationToken stop)
    {
        var target = ProbeTarget.Of(request);
        var payload = Hex(request.Checker.Payload) ?? [];
        var expected = Hex(request.Checker.RequireReplyData);
        var (reply, failure) = await ExchangeAsync(target, payload, request.Settings.ConnectTimeout, stop).ConfigureAwait(false);
        if (failure is not null)
        {
            return ProbeOutcome.Failure(failure);
        }

        if (reply is null)
        {
            return request.Checker.RequireReply
                ? ProbeOutcome.Failure($"no UDP reply from {target} within {ProbeTarget.Seconds(request.Settings.ConnectTimeout)}")
                : ProbeOutcome.Success();
        }

        return expected is null || reply.AsSpan().StartsWith(expected)
            ? ProbeOutcome.Success()
            : ProbeOutcome.Failure($"UDP reply from {target} is {Convert.ToHexString(reply)}, expected {Convert.ToHexString(expected)}");
    }

    /// <summary>DNS_CHECK: a query (type dns_type, default SOA, for dns_name, default ".") over UDP; success is an
    /// answer with our id, no error code and at least one answer record.</summary>
    public static async Task<ProbeOutcome> DnsAsync(ProbeRequest request, CancellationToken stop)
    {
        var target = ProbeTarget.Of(request);
        if (target.Remote.Port == 0)
        {
            target = target with { Remote = new IPEndPoint(target.Remote.Address, 53) };
        }

        var id = (ushort)Random.Shared.Next(ushort.MaxValue);
        var name = request.Checker.DnsName ?? ".";
        var (reply, failure) = await ExchangeAsync(target, DnsQuery(id, name, DnsType(request.Checker.DnsType)), request.Settings.ConnectTimeout, stop)
            .ConfigureAwait(false);
        if (failure is not null || reply is null)
        {
            return ProbeOutcome.Failure(failure ?? $"no DNS answer from {target} within {ProbeTarget.Seconds(request.Settings.ConnectTimeout)}");
        }

        if (reply.Length < 12 || BinaryPrimitives.ReadUInt16BigEndian(reply) != id || (reply[2] & 0x80) == 0)
        {
            return ProbeOutcome.Failure($"malformed DNS answer from {target}");
        }

        var rcode = reply[3] & 0x0f;
        var answers = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(6));
        return rcode != 0 ? ProbeOutcome.Failure($"DNS rcode {rcode} ({RcodeName(rcode)}) for {name} from {target}")
            : answers == 0 ? ProbeOutcome.Failure($"DNS answer for {name} from {target} has no records")
            : ProbeOutcome.Success();
    }

    /// <summary>PING_CHECK: one ICMP echo within connect_timeout.</summary>
    public static async Task<ProbeOutcome> PingAsync(ProbeRequest request, CancellationToken stop)
    {
        var address = IPAddress.Parse(request.Checker.ConnectIp ?? request.RealServer.Address);
        var timeout = request.Settings.ConnectTimeout;
        using var ping = new Ping();
        try
        {
            var reply = await ping.SendPingAsync(address, timeout, null, null, stop).ConfigureAwait(false);
            return reply.Status switch
            {
                IPStatus.Success => ProbeOutcome.Success(),
                IPStatus.TimedOut => ProbeOutcome.Failure($"no echo reply from {address} within {ProbeTarget.Seconds(timeout)}"),
                _ => ProbeOutcome.Failure($"ping {address}: {reply.Status}"),
            };
        }
        catch (PingException e) when (e.InnerException is SocketException socket)
        {
            return ProbeOutcome.Failure($"ping {address}: {ProbeTarget.Words(socket.SocketErrorCode)}");
        }
        catch (PingException e)
        {
            return ProbeOutcome.Failure($"ping {address}: {e.InnerException?.Message ?? e.Message}");
        }
    }

    private static async Task<(byte[]? Reply, string? Failure)> ExchangeAsync(ProbeTarget target, byte[] payload, TimeSpan timeout, CancellationToken stop)
    {
        using var socket = new Socket(target.Remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (target.Local is { } local)
            {
                socket.Bind(local);
            }

            await socket.ConnectAsync(target.Remote, stop).ConfigureAwait(false);
            await socket.SendAsync(payload, SocketFlags.None, stop).ConfigureAwait(false);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
            limit.CancelAfter(timeout);
            var buffer = new byte[2048];
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token).ConfigureAwait(false);
            return (buffer[..received], null);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return (null, null);
        }
        catch (SocketException e)
        {
            return (null, $"{ProbeTarget.Words(e.SocketErrorCode)} from {target}");
        }
    }

    private static byte[] DnsQuery(ushort id, string name, ushort type)
    {
        var message = new List<byte> { (byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            message.Add((byte)bytes.Length);
            message.AddRange(bytes);
        }

        message.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
        return [.. message];
    }

    private static string RcodeName(int rcode) => rcode switch
    {
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        _ => "rcode",
    };

    private static ushort DnsType(string? type) => type?.ToUpperInvariant() switch
    {
        "A" => 1,
        "NS" => 2,
        "CNAME" => 5,
        "MX" => 15,
        "TXT" => 16,
        "AAAA" => 28,
        _ => 6,
    };

    private static byte[]? Hex(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var digits = text.Replace(" ", "", StringComparison.Ordinal);
        try
        {
            return Convert.FromHexString(digits.Length % 2 == 1 ? "0" + digits : digits);
        }
        catch (FormatException)
        {
            return Encoding.ASCII.GetBytes(text);
        }
    }
}
