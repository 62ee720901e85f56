using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using EsHa.Domain.Config.Model;
using EsHa.Node.Ports.Probes;

namespace EsHa.Node.Linux.Probes;

/// <summary>
/// HTTP_GET / SSL_GET, one url per probe as keepalived walks them: `GET path HTTP/1.0` with keepalived's
/// User-Agent and Host header (url virtualhost, else the checker's, the real server's, the virtual server's, else
/// ip:port), to connect_ip:connect_port from bindto. Success is a status in the url's ranges (default 200–299) and,
/// when the url has a digest, the MD5 of the body equal to it (genhash's digest). SSL_GET does not verify the
/// server's certificate, as keepalived does not unless told to. Each step (connect, headers, body) has
/// connect_timeout.
/// </summary>
internal static class HttpProbe
{
    public static async Task<ProbeOutcome> RunAsync(ProbeRequest request, CancellationToken stop)
    {
        var target = ProbeTarget.Of(request);
        var url = request.Checker.Urls.Count > 0 ? request.Checker.Urls[Math.Min(request.Url, request.Checker.Urls.Count - 1)] : new HttpUrl { Path = "/" };
        var path = url.Path ?? "/";
        var tls = request.Checker.Type == CheckerType.SslGet;
        var host = url.Virtualhost ?? request.Checker.Virtualhost ?? request.RealServer.Virtualhost ?? request.VirtualServer.Virtualhost;
        var timeout = request.Settings.ConnectTimeout;
        // Connected here, before the handler is asked: its own connection attempts run on the thread pool, whereas this
        // socket is made on the thread that started the probe (and in its network namespace). Every check is a new
        // connection, as keepalived's: a pooled one would hide a server that stopped accepting.
        var (socket, failure) = await target.ConnectAsync(timeout, stop).ConfigureAwait(false);
        if (socket is null)
        {
            return ProbeOutcome.Failure(failure!);
        }

        var connection = new NetworkStream(socket, ownsSocket: true);
        using var client = new HttpMessageInvoker(Handler(connection));
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri($"{(tls ? "https" : "http")}://{Authority(target.Remote)}{(path.StartsWith('/') ? "" : "/")}{path}"))
        {
            Version = HttpVersion.Version10,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        message.Headers.Host = host ?? Authority(target.Remote);
        message.Headers.UserAgent.ParseAdd("KeepAliveClient");
        message.Headers.ConnectionClose = true;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        // connect_timeout per step: the connect had its own above; headers and body get one each here.
        limit.CancelAfter(timeout + timeout);
        try
        {
            using var response = await client.SendAsync(message, limit.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            var ranges = url.StatusCodes.Count > 0 ? url.StatusCodes : [new StatusCodeRange(200, 299)];
            if (!ranges.Any(r => code >= r.From && code <= r.To))
            {
                return ProbeOutcome.Failure($"HTTP {code} for {path} from {target}");
            }

            if (url.Digest is { } expected)
            {
                var body = await response.Content.ReadAsByteArrayAsync(limit.Token).ConfigureAwait(false);
                // MD5 because keepalived's digest keyword and genhash are MD5: a checksum here, not security.
#pragma warning disable CA5351
                var got = Convert.ToHexStringLower(MD5.HashData(body));
#pragma warning restore CA5351
                if (!string.Equals(got, expected, StringComparison.OrdinalIgnoreCase))
                {
                    return ProbeOutcome.Failure($"MD5 digest {got} for {path} from {target}, expected {expected.ToLowerInvariant()}");
                }
            }

            return ProbeOutcome.Success();
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"read timeout after {ProbeTarget.Seconds(timeout)} for {path} from {target}");
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
        {
            // keepalived: "SSL handshake/communication error connecting to".
            return ProbeOutcome.Failure($"SSL handshake error for {path} from {target}: {Innermost(e)}");
        }
        catch (HttpRequestException e)
        {
            return ProbeOutcome.Failure($"{(tls ? "SSL/HTTP" : "HTTP")} error for {path} from {target}: {Innermost(e)}");
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A handler for one request over the connection already made; it never connects by itself.</summary>
    private static SocketsHttpHandler Handler(NetworkStream connection)
    {
        var taken = 0;
        return new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            // keepalived's SSL_GET checks that the service answers, not who it is (no CA is configured for it).
#pragma warning disable CA5359
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
#pragma warning restore CA5359
            ConnectCallback = (_, _) => Interlocked.Exchange(ref taken, 1) == 0
                ? ValueTask.FromResult<Stream>(connection)
                : throw new InvalidOperationException("an HTTP probe makes one connection"),
        };
    }

    private static string Authority(IPEndPoint endpoint) => endpoint.AddressFamily == AddressFamily.InterNetworkV6
        ? $"[{endpoint.Address}]:{endpoint.Port}" : $"{endpoint.Address}:{endpoint.Port}";

    private static string Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }

        return e.Message;
    }
}
