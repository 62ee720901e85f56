using System.Globalization;
using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

internal static class CheckerBinder
{
    public static CheckerType? TypeOf(string keyword) => keyword switch
    {
        "HTTP_GET" => CheckerType.HttpGet,
        "SSL_GET" => CheckerType.SslGet,
        "TCP_CHECK" => CheckerType.TcpCheck,
        "MISC_CHECK" => CheckerType.MiscCheck,
        "DNS_CHECK" => CheckerType.DnsCheck,
        "SMTP_CHECK" => CheckerType.SmtpCheck,
        "UDP_CHECK" => CheckerType.UdpCheck,
        "PING_CHECK" => CheckerType.PingCheck,
        "FILE_CHECK" => CheckerType.FileCheck,
        "BFD_CHECK" => CheckerType.BfdCheck,
        _ => null,
    };

    public static HealthChecker Bind(CheckerType type, ConfigNode block, BindContext c)
    {
        var k = new HealthChecker { Type = type, At = block.At };
        var map = new SourceMap(block.Children?.Count ?? 0);
        var urls = new List<HttpUrl>();
        foreach (var n in block.Children ?? [])
        {
            map.Set(n);
            k = n.Keyword switch
            {
                "retry" => k with { Retry = c.Int(n) },
                "nb_get_retry" => NbGetRetry(k, n, c, map),
                "delay_before_retry" => k with { DelayBeforeRetry = c.Timer(n) },
                "connect_timeout" => k with { ConnectTimeout = c.Timer(n) },
                "warmup" => k with { Warmup = c.Timer(n) },
                "delay_loop" => k with { DelayLoop = c.Timer(n) },
                "alpha" => k with { Alpha = c.Flag(n) },
                "connect_ip" => k with { ConnectIp = c.Word(n) is { } w ? c.Address(w, n.At, "connect_ip") : null },
                "connect_port" => k with { ConnectPort = c.Word(n) is { } w ? c.Port(w, n.At, "connect_port") : null },
                "bindto" => k with { BindTo = c.Word(n) is { } w ? c.Address(w, n.At, "bindto") : null },
                "bind_port" => k with { BindPort = c.Word(n) is { } w ? c.Port(w, n.At, "bind_port") : null },
                "bind_if" => k with { BindInterface = c.Word(n) },
                "fwmark" => k with { Fwmark = c.UInt(n) },
                "url" => AddUrl(k, n, c, urls, map),
                "virtualhost" => k with { Virtualhost = c.Word(n) },
                "misc_path" => k with { MiscPath = c.Script(n) },
                "misc_timeout" => k with { MiscTimeout = c.Seconds(n) },
                "misc_dynamic" => k with { MiscDynamic = true },
                "user" => k with { User = c.Word(n) },
                "type" => k with { DnsType = c.Word(n) },
                "name" when type == CheckerType.DnsCheck => k with { DnsName = c.Word(n) },
                "name" => k with { BfdName = c.Word(n) },
                "helo_name" => k with { HeloName = c.Word(n) },
                "payload" => k with { Payload = n.Args.Count == 0 ? c.Word(n) : string.Join(' ', n.Args) },
                "require_reply" => k with { RequireReply = true, RequireReplyData = n.Args.Count == 0 ? null : string.Join(' ', n.Args) },
                "track_file" => k with { TrackFile = c.Word(n) },
                "weight" => k with { Weight = c.Int(n) },
                _ => map.Carry(k, c, n, block.Keyword),
            };
        }

        return k with { Urls = urls, Sources = map.Sources, Carried = map.Carried };
    }

    /// <summary>HTTP_GET/SSL_GET only: keepalived still applies it, with a deprecation warning.</summary>
    private static HealthChecker NbGetRetry(HealthChecker k, ConfigNode n, BindContext c, SourceMap map)
    {
        c.Diagnostics.Warning(n.At, DiagnosticCodes.Deprecated, "nb_get_retry is deprecated - please use 'retry'",
            $"replace with 'retry {n.Arg(0)}'");
        map.Sources.Remove(n.Keyword);
        map.Sources["retry"] = n.At;
        return k with { Retry = c.Int(n) };
    }

    private static HealthChecker AddUrl(HealthChecker k, ConfigNode n, BindContext c, List<HttpUrl> urls, SourceMap map)
    {
        map.Sources.Remove(n.Keyword);
        var url = new HttpUrl { At = n.At };
        var urlMap = new SourceMap(n.Children?.Count ?? 0);
        foreach (var child in n.Children ?? [])
        {
            urlMap.Set(child);
            url = child.Keyword switch
            {
                "path" => url with { Path = c.Word(child) },
                "digest" => url with { Digest = c.First(url.Digest, child, x => c.Word(x)) },
                "status_code" => url with { StatusCodes = StatusCodes(child, c) },
                "virtualhost" => url with { Virtualhost = c.Word(child) },
                _ => urlMap.Carry(url, c, child, "url"),
            };
        }

        urls.Add(url with { Sources = urlMap.Sources, Carried = urlMap.Carried });
        return k;
    }


    /// <summary>status_code N[-M] ...</summary>
    private static List<StatusCodeRange> StatusCodes(ConfigNode n, BindContext c)
    {
        var ranges = new List<StatusCodeRange>();
        foreach (var arg in n.Args)
        {
            var dash = arg.IndexOf('-', StringComparison.Ordinal);
            var fromText = dash < 0 ? arg : arg[..dash];
            var toText = dash < 0 ? arg : arg[(dash + 1)..];
            if (int.TryParse(fromText, NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                && int.TryParse(toText, NumberStyles.None, CultureInfo.InvariantCulture, out var to))
            {
                ranges.Add(new StatusCodeRange(from, to));
            }
            else
            {
                c.Diagnostics.Error(n.At, DiagnosticCodes.BadValue, $"status_code '{arg}' is not a code or a range like 200-299");
            }
        }

        if (n.Args.Count == 0)
        {
            c.Word(n);
        }

        return ranges;
    }

}
