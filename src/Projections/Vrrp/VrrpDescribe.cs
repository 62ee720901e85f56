using System.Globalization;
using EsHa.Domain.Vrrp;

namespace EsHa.Projections.Vrrp;

/// <summary>Events, effects and state as people read them: one line each, shared by transcripts and timelines.</summary>
public static class VrrpDescribe
{
    public static string Event(VrrpEvent e) => $"{e.At} " + What(e);

    /// <summary>The event in words, without its time ("became MASTER from Backup: master down timer expired").</summary>
    public static string What(VrrpEvent e) => e switch
    {
        InstanceStarted s => $"started {s.Settings.Name} vrid {s.Settings.VirtualRouterId} prio {s.Settings.Priority} v{s.Settings.Version}",
        BecameBackup b => $"became BACKUP from {b.From}: {Reason(b.Reason)}{(b.Master is null ? "" : $" ({b.Master} prio {b.MasterPriority})")}",
        BecameMaster m => $"became MASTER from {m.From}: {Reason(m.Reason)}",
        EnteredFault f => $"entered FAULT from {f.From}: {Reason(f.Reason)}",
        InstanceStopped s => $"stopped from {s.From}",
        MasterAdvertAccepted a => $"accepted advert from {a.Source} prio {a.Priority}",
        LowerPriorityAdvertIgnored l => $"ignored lower-priority advert from {l.Source} prio {l.Priority} (will preempt)",
        MasterResigned r => $"master {r.Source} resigned (priority 0)",
        PreemptDelayStarted p => $"preempt delay started, until {p.Until}",
        PreemptDelayStopped => "preempt delay stopped",
        MasterIntervalAdopted i => $"adopted master's interval {Seconds(i.Interval)}",
        AdvertSent s => $"sent advert prio {s.Priority} ({Reason(s.Reason)})",
        AdvertRejected r => $"rejected advert from {r.Source}: {Reason(r.Reason)} ({r.Detail})",
        TrackerUpdated t => $"tracked {t.Kind.ToString().ToLowerInvariant()} {t.Name} " + (t.Kind == TrackerKind.File ? $"= {t.Value}" : t.Value != 0 ? "up" : "down"),
        PriorityChanged p => $"priority {p.From} -> {p.To}",
        LinkChanged l => $"link {(l.Up ? "up" : "down")}",
        MasterWanted w => $"ready to be master, waiting for sync group {w.Group}",
        GratuitousArpsSent g => $"gratuitous ARPs x{g.Repeat} ({Reason(g.Reason)})",
        VipDriftFound d => $"VIP {d.Address} {(d.Present ? "present" : "missing")} (drift)",
        LeftoverVipsFound l => $"VIP{(l.Addresses.Count > 1 ? "s" : "")} {string.Join(", ", l.Addresses)} left on the interface by an earlier run: removed",
        SourceAddressChanged { Address: null } => "no source address on the interface",
        SourceAddressChanged a => $"source address now {a.Address}",
        OperatorCommandTaken o => $"operator {o.By}: {o.Action.ToString().ToLowerInvariant()}",
        SettingsChanged c => $"settings reloaded (prio {c.Settings.Priority}" +
            (c.VipsAdded.Count > 0 ? $", VIPs added {string.Join(',', c.VipsAdded)}" : "") +
            (c.VipsRemoved.Count > 0 ? $", VIPs removed {string.Join(',', c.VipsRemoved)}" : "") + ")",
        SyncGroupFaultHeld h => $"held in FAULT by sync group {h.Group}",
        _ => e.GetType().Name,
    };

    /// <summary>An input as a transcript or timeline prints it.</summary>
    public static string Input(VrrpInput input) => $"{input.At} " + input switch
    {
        StartRequested s => $"start (link {(s.InterfaceUp ? "up" : "down")})",
        AdvertReceived a => $"advert from {a.Source} to {a.Destination} ttl {a.Ttl}: {a.Advert}",
        PacketRejected r => $"packet from {r.Source} rejected: {Reason(r.Reason)} ({r.Detail})",
        MasterDownTimerFired => "master-down timer fired",
        AdvertTimerFired => "advert timer fired",
        GarpTimerFired => "garp timer fired",
        InterfaceLinkChanged l => $"interface link {(l.Up ? "up" : "down")}",
        AddressChanged a => $"address {a.Address} {(a.Present ? "added" : "removed")}",
        TrackerChanged t => $"tracker {t.Kind.ToString().ToLowerInvariant()} {t.Name} = {t.Value}",
        OperatorCommanded o => $"operator {o.By}: {o.Action.ToString().ToLowerInvariant()}",
        SettingsReloaded => "settings reloaded",
        MasterDownHeld => "master-down held by sync group",
        SyncGroupMoved m => $"sync group {m.Group} moves to {m.Target.ToString().ToUpperInvariant()} after {m.Member}",
        StopRequested => "stop",
        _ => input.GetType().Name,
    };

    public static string Effect(VrrpEffect effect) => effect switch
    {
        SendAdvert s => $"send {s.Advert} to {(s.To.Count == 0 ? "nobody (no unicast peer)" : string.Join(',', s.To))}",
        AddVips a => $"add VIPs {string.Join(',', a.Addresses)}",
        RemoveVips r => $"remove VIPs {string.Join(',', r.Addresses)}",
        SendGratuitousArps g => $"send gratuitous ARP/NA x{g.Repeat} for {string.Join(',', g.Addresses)}",
        RunScript r => $"run {r.CommandLine}{string.Concat(r.ExtraArguments.Select(a => " " + a))}",
        WriteNotifyFifo w => $"fifo {w.Line}",
        _ => effect.GetType().Name,
    };

    public static string State(VrrpState s) =>
        $"{s.Settings.Name} {s.Role.ToString().ToUpperInvariant()} prio {s.EffectivePriority}" +
        (s.MasterDownAt is { } down ? $" master-down-at {down}" : "") +
        (s.AdvertDueAt is { } due ? $" advert-due-at {due}" : "") +
        (s.GarpDueAt is { } garp ? $" garp-due-at {garp}" : "") +
        (s.PreemptDelayUntil is { } until ? $" preempt-delay-until {until}" : "") +
        (s.Master is { } master && s.Role == VrrpRole.Backup ? $" master {master}" : "");

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture) + "s";

    /// <summary>"MasterDownTimerExpired" → "master down timer expired"; "TtlNot255" → "ttl not 255".</summary>
    private static string Reason<T>(T reason)
        where T : struct, Enum
    {
        var text = reason.ToString();
        var words = new System.Text.StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var startsWord = char.IsUpper(c) || (char.IsDigit(c) && i > 0 && !char.IsDigit(text[i - 1]));
            if (startsWord && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(c));
        }

        return words.ToString();
    }
}
