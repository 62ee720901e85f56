using System.Globalization;
using System.Net;
using System.Text;
using EsHa.Domain.Config;
using EsHa.Domain.Vrrp;
using EsHa.Projections.Vrrp;

namespace EsHa.Domain.Tests.Support;

/// <summary>
/// Drives one VRRP instance from a transcript. Directives:
///   config own=IP        the keepalived.conf text below (its first vrrp_instance), our primary address; time
///                        starts again at 0
///   start [link=down]    StartRequested
///   advert from=IP [prio=N] [ttl=N] [to=IP] [interval=S] [auth=none|pass:PW] [vips=A,B] [version=N] [vrid=N]
///                        an advert; unstated fields are those of our own instance
///   advance to=S | by=S  fire every timer due until then, in order
///   tracker script=NAME up|down | interface=NAME up|down | file=NAME value=N
///   address IP added|removed   an address on the interface (AddressChanged)
///   operator drain|resume [by=NAME]
///   reload               the keepalived.conf text below replaces the settings (SettingsReloaded)
///   link up|down, stop, state
/// Every directive takes at=S (seconds; default: now). Output: each event, its effects ("  > "), then the state.
/// </summary>
public sealed class VrrpTranscript
{
    private VrrpState? _state;
    private Instant _now;

    public string Handle(DataDriven.Directive d)
    {
        var output = new StringBuilder();
        if (d.Command == "config")
        {
            // A new instance starts a timeline of its own.
            _now = Instant.Zero;
        }

        if (d.Arg("at") is { } at)
        {
            // Time passes as it would for the runtime: timers due before the input fire first.
            var next = Instant.At(Seconds(at));
            if (next < _now)
            {
                throw new InvalidDataException($"line {d.Line}: time goes back to {at}");
            }

            if (_state is not null)
            {
                AdvanceTo(next, output);
            }

            _now = next;
        }

        switch (d.Command)
        {
            case "config":
                Configure(d);
                break;
            case "start":
                // vips=A,B: the instance's VIPs already on the interface when it starts (left by an earlier run).
                Step(new StartRequested(_now, !d.Flags.Contains("link=down") && d.Arg("link") != "down",
                    d.Arg("vips") is { } present ? present.Split(',').Select(System.Net.IPAddress.Parse).ToList() : null), output);
                break;
            case "advert":
                Step(Advert(d), output);
                break;
            case "advance":
                Advance(d, output);
                break;
            case "tracker":
                Step(Tracker(d), output);
                break;
            case "link":
                Step(new InterfaceLinkChanged(_now, d.Flags.Contains("up")), output);
                break;
            case "stop":
                Step(new StopRequested(_now), output);
                break;
            case "address":
                Step(new AddressChanged(_now, IPAddress.Parse(d.Flags[0]), d.Flags.Contains("added")), output);
                break;
            case "operator":
                Step(new OperatorCommanded(_now, d.Flags.Contains("drain") ? OperatorAction.Drain : OperatorAction.Resume,
                    d.Arg("by") ?? "operator"), output);
                break;
            case "reload":
                Step(new SettingsReloaded(_now, Settings(d, State.Settings.OwnAddress)), output);
                break;
            case "state":
                break;
            default:
                throw new InvalidDataException($"line {d.Line}: unknown directive '{d.Command}'");
        }

        return output.Append(VrrpDescribe.State(State)).Append('\n').ToString();
    }

    private VrrpState State => _state ?? throw new InvalidDataException("'config' must come first");

    private void Configure(DataDriven.Directive d)
    {
        var own = IPAddress.Parse(d.Arg("own") ?? throw new InvalidDataException($"line {d.Line}: config needs own=IP"));
        _state = VrrpDecider.Initial(Settings(d, own));
    }

    private static InstanceSettings Settings(DataDriven.Directive d, IPAddress own)
    {
        var loaded = ConfigLoader.LoadText(d.Input);
        if (loaded.HasErrors)
        {
            throw new InvalidDataException($"line {d.Line}: the config has errors:\n{string.Join('\n', loaded.Diagnostics)}");
        }

        return InstanceSettings.From(loaded.Config!.Instances[0], loaded.Config, own);
    }

    private void Step(VrrpInput input, StringBuilder output)
    {
        var events = VrrpDecider.Decide(State, input);
        foreach (var e in events)
        {
            _state = VrrpDecider.Evolve(State, e);
            output.Append(VrrpDescribe.Event(e)).Append('\n');
            foreach (var effect in VrrpEffects.Of(e, State))
            {
                output.Append("  > ").Append(VrrpDescribe.Effect(effect)).Append('\n');
            }
        }

        VrrpDecider.CheckInvariants(State);
    }

    private void Advance(DataDriven.Directive d, StringBuilder output) =>
        AdvanceTo(d.Arg("to") is { } to ? Instant.At(Seconds(to))
            : d.Arg("by") is { } by ? _now + Seconds(by)
            : throw new InvalidDataException($"line {d.Line}: advance needs to= or by="), output);

    private void AdvanceTo(Instant target, StringBuilder output)
    {
        while (State.DueTimer(target) is { } timer)
        {
            _now = timer.At;
            Step(timer, output);
        }

        _now = target;
    }

    private AdvertReceived Advert(DataDriven.Directive d)
    {
        var s = State.Settings;
        var version = d.Arg("version") is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : s.Version;
        var (auth, password) = d.Arg("auth") switch
        {
            null => (s.Authentication, s.Password),
            "none" => (AdvertAuthentication.None, (string?)null),
            var text when text.StartsWith("pass:", StringComparison.Ordinal) => (AdvertAuthentication.Pass, text[5..]),
            var text => throw new InvalidDataException($"line {d.Line}: auth={text}"),
        };
        var advert = new VrrpAdvert(version,
            d.Arg("vrid") is { } vrid ? int.Parse(vrid, CultureInfo.InvariantCulture) : s.VirtualRouterId,
            d.Arg("prio") is { } prio ? int.Parse(prio, CultureInfo.InvariantCulture) : 100,
            d.Arg("interval") is { } interval ? Seconds(interval) : s.AdvertInterval,
            d.Arg("vips") is { } vips ? vips.Split(',').Select(IPAddress.Parse).ToList() : s.VirtualIps,
            version == 2 ? auth : AdvertAuthentication.None, version == 2 ? password : null);
        var to = d.Arg("to") is { } dest ? IPAddress.Parse(dest) : VrrpEffects.Destinations(s)[0];
        return new AdvertReceived(_now, IPAddress.Parse(d.Arg("from") ?? "10.1.1.2"), to,
            d.Arg("ttl") is { } ttl ? int.Parse(ttl, CultureInfo.InvariantCulture) : 255, advert);
    }

    /// <summary>tracker script=NAME up|down, tracker interface=NAME up|down, tracker file=NAME value=N.</summary>
    private TrackerChanged Tracker(DataDriven.Directive d)
    {
        var (kind, name) = d.Arg("script") is { } s ? (TrackerKind.Script, s)
            : d.Arg("interface") is { } i ? (TrackerKind.Interface, i)
            : d.Arg("file") is { } f ? (TrackerKind.File, f)
            : throw new InvalidDataException($"line {d.Line}: tracker needs script=, interface= or file=");
        var value = kind == TrackerKind.File ? int.Parse(d.Arg("value") ?? "0", CultureInfo.InvariantCulture) : d.Flags.Contains("up") ? 1 : 0;
        return new TrackerChanged(_now, kind, name, value);
    }

    private static TimeSpan Seconds(string text) => TimeSpan.FromSeconds(double.Parse(text.TrimEnd('s'), CultureInfo.InvariantCulture));
}
