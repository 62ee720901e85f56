using System.Globalization;
using System.Text;
using EsHa.Domain.Config;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Lvs;
using EsHa.Domain.Vrrp;
using EsHa.Projections.Lvs;

namespace EsHa.Domain.Tests.Support;

/// <summary>
/// Drives the health-checking side of one node from a transcript, as the runtime does (real server step, then the
/// virtual server's quorum, then the desired table). Directives:
///   config               the keepalived.conf text below (its virtual servers); prints each checker's resolved
///                        settings; time starts again at 0
///   start                CheckersStartRequested for every virtual server
///   probe rs=IP:PORT ok|fail [vs=NAME] [checker=N] [reason=WORDS_WITH_UNDERSCORES] [exit=N] [url=N]
///                        a probe result (vs defaults to the first virtual server)
///   stop                 CheckersStopRequested
/// Every directive takes at=S (seconds). Output: each event in words, the table when it changed, and when each
/// checker's next probe is due.
/// </summary>
public sealed class LvsTranscript
{
    private KeepalivedConfig _config = new();
    private readonly Dictionary<string, VirtualServerState> _vs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RealServerState> _rs = new(StringComparer.Ordinal);
    private string _table = "";
    private Instant _now;

    public string Handle(DataDriven.Directive d)
    {
        if (d.Arg("at") is { } at)
        {
            _now = Instant.At(TimeSpan.FromSeconds(double.Parse(at, CultureInfo.InvariantCulture)));
        }

        var output = new StringBuilder();
        switch (d.Command)
        {
            case "config":
                return Configure(d.Input);
            case "start":
                foreach (var vs in _vs.Keys.ToList())
                {
                    Step(vs, new CheckersStartRequested(_now, vs), _vs[vs].Settings.RealServers.Select(r => r.Stream), output);
                }

                break;
            case "stop":
                foreach (var vs in _vs.Keys.ToList())
                {
                    Step(vs, new CheckersStopRequested(_now, vs), _vs[vs].Settings.RealServers.Select(r => r.Stream), output);
                }

                break;
            case "probe":
                var vsName = d.Arg("vs")?.Replace('_', ' ') ?? _vs.Keys.First();
                var rs = d.Arg("rs") ?? throw new InvalidDataException($"line {d.Line}: probe needs rs=");
                var ok = d.Flags.Contains("ok");
                var probe = new ProbeCompleted(_now, vsName, rs, int.Parse(d.Arg("checker") ?? "0", CultureInfo.InvariantCulture), ok,
                    ok ? null : d.Arg("reason")?.Replace('_', ' ') ?? "failed",
                    d.Arg("exit") is { } exit ? int.Parse(exit, CultureInfo.InvariantCulture) : null,
                    int.Parse(d.Arg("url") ?? "0", CultureInfo.InvariantCulture));
                Step(vsName, probe, [$"{vsName}/{rs}"], output);
                break;
            default:
                throw new InvalidDataException($"line {d.Line}: unknown directive {d.Command}");
        }

        return output.ToString();
    }

    private string Configure(string text)
    {
        _now = Instant.Zero;
        var loaded = ConfigLoader.LoadText(text);
        _config = loaded.Config ?? throw new InvalidDataException(string.Join('\n', loaded.Diagnostics));
        _table = "";
        _vs.Clear();
        _rs.Clear();
        var output = new StringBuilder();
        foreach (var settings in LvsSettingsResolver.Resolve(_config))
        {
            _vs[settings.Name] = VirtualServerState.Idle(settings);
            output.Append(CultureInfo.InvariantCulture, $"{settings.Name} quorum {settings.Quorum} hysteresis {settings.Hysteresis}{(settings.HasSorryServer ? " sorry_server" : "")}\n");
            foreach (var rs in settings.RealServers)
            {
                _rs[rs.Stream] = RealServerState.Idle(rs);
                foreach (var c in rs.Checkers)
                {
                    output.Append(CultureInfo.InvariantCulture,
                        $"  {rs.Id} weight {rs.Weight}{(rs.Inhibit ? " inhibit" : "")} {c.Name}: delay_loop {S(c.DelayLoop)} connect_timeout {S(c.ConnectTimeout)} retry {c.Retry} delay_before_retry {S(c.DelayBeforeRetry)} warmup {S(c.Warmup)}{(c.Alpha ? " alpha" : "")}{(c.IsHttp ? $" urls {c.Urls}" : "")}\n");
                }
            }
        }

        return output.ToString();
    }

    private void Step(string vsName, LvsInput input, IEnumerable<string> streams, StringBuilder output)
    {
        var rsEvents = new List<LvsEvent>();
        foreach (var stream in streams.ToList())
        {
            var (after, events) = RealServerDecider.Step(_rs[stream], input);
            _rs[stream] = after;
            rsEvents.AddRange(events);
        }

        var (vs, vsEvents) = VirtualServerDecider.Step(_vs[vsName], rsEvents, input.At);
        _vs[vsName] = vs;
        foreach (var e in rsEvents.Concat(vsEvents))
        {
            output.Append(CultureInfo.InvariantCulture, $"{S(e.At - Instant.Zero)} {LvsDescribe.What(e)}\n");
        }

        var table = Table();
        if (table != _table)
        {
            output.Append(table.Length == 0 ? "table: empty\n" : $"table:\n{table}");
            _table = table;
        }

        foreach (var stream in streams)
        {
            var rs = _rs[stream];
            var due = string.Join(", ", rs.Checkers.Select(c => $"{c.Settings.Name} {(c.DueAt is { } at ? S(at - Instant.Zero) : "-")}{(c.Failures.Count > 0 ? $" ({c.Failures.Count} failed)" : "")}"));
            output.Append(CultureInfo.InvariantCulture, $"{rs.Settings.Id} {(rs.Alive ? "alive" : "dead")} weight {rs.Weight}; next: {due}\n");
        }
    }

    private string Table()
    {
        var text = new StringBuilder();
        foreach (var service in LvsDesiredTable.Of(_config, _vs.GetValueOrDefault, _rs.GetValueOrDefault).Services)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {service.Key} {service.Scheduler}\n");
            foreach (var d in service.Destinations)
            {
                text.Append(CultureInfo.InvariantCulture, $"    -> {d.Endpoint} {d.Method} weight {d.Weight}\n");
            }
        }

        return text.ToString();
    }

    private static string S(TimeSpan t) => $"{t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s";
}
