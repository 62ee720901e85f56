using System.Net.Sockets;
using System.Text;
using EsHa.Node.Ports.Probes;

namespace EsHa.Node.Linux.Probes;

/// <summary>SMTP_CHECK: connect (port 25 unless given), expect a 220 greeting, HELO helo_name (default the
/// node's host name), expect 250, QUIT. Each step within connect_timeout.</summary>
internal static class SmtpProbe
{
    public static async Task<ProbeOutcome> RunAsync(ProbeRequest request, CancellationToken stop)
    {
        var target = ProbeTarget.Of(request);
        if (target.Remote.Port == 0)
        {
            target = target with { Remote = new System.Net.IPEndPoint(target.Remote.Address, 25) };
        }

        var timeout = request.Settings.ConnectTimeout;
        var (socket, failure) = await target.ConnectAsync(timeout, stop).ConfigureAwait(false);
        if (socket is null)
        {
            return ProbeOutcome.Failure(failure!);
        }

        using (socket)
        {
            try
            {
                var greeting = await ReadLineAsync(socket, timeout, stop).ConfigureAwait(false);
                if (!greeting.StartsWith("220", StringComparison.Ordinal))
                {
                    return ProbeOutcome.Failure($"SMTP greeting from {target} was '{greeting}', expected 220");
                }

                var helo = request.Checker.HeloName ?? Environment.MachineName;
                await socket.SendAsync(Encoding.ASCII.GetBytes($"HELO {helo}\r\n"), stop).ConfigureAwait(false);
                var answer = await ReadLineAsync(socket, timeout, stop).ConfigureAwait(false);
                await socket.SendAsync("QUIT\r\n"u8.ToArray(), stop).ConfigureAwait(false);
                return answer.StartsWith("250", StringComparison.Ordinal)
                    ? ProbeOutcome.Success()
                    : ProbeOutcome.Failure($"SMTP HELO answer from {target} was '{answer}', expected 250");
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                return ProbeOutcome.Failure($"SMTP read timeout after {ProbeTarget.Seconds(timeout)} from {target}");
            }
            catch (SocketException e)
            {
                return ProbeOutcome.Failure($"SMTP {ProbeTarget.Words(e.SocketErrorCode)} from {target}");
            }
        }
    }

    /// <summary>The last line of a (possibly multi-line) reply: "250-..." lines continue, "250 ..." ends it.</summary>
    private static async Task<string> ReadLineAsync(Socket socket, TimeSpan timeout, CancellationToken stop)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        limit.CancelAfter(timeout);
        var text = new StringBuilder();
        var buffer = new byte[512];
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token).ConfigureAwait(false);
            if (n == 0)
            {
                return text.ToString().TrimEnd();
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
            var lines = text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            if (text.ToString().EndsWith("\r\n", StringComparison.Ordinal) && lines.Length > 0 && lines[^1].Length >= 4 && lines[^1][3] == ' ')
            {
                return lines[^1];
            }
        }
    }
}
