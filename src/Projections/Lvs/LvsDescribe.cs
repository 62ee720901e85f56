using EsHa.Domain.Lvs;

namespace EsHa.Projections.Lvs;

/// <summary>LVS facts in words, for logs, `esha journal cat` and timelines.</summary>
public static class LvsDescribe
{
    public static string What(LvsEvent e) => e switch
    {
        RealServerStarted s => $"{s.RealServer} of {s.VirtualServer} started {(s.Alive ? "alive" : "down (alpha)")}, weight {s.Weight}",
        CheckAttemptFailed f => $"{f.Checker} on {f.RealServer} failed (attempt {f.Attempt} of {f.Of}): {f.Reason}",
        CheckerWentDown d => $"{d.Checker} on {d.RealServer} went down after {d.Attempts.Count} attempt{(d.Attempts.Count == 1 ? "" : "s")}: {string.Join("; ", d.Attempts)}",
        CheckerWentUp u => $"{u.Checker} on {u.RealServer} went up",
        RealServerWentDown d => $"{d.RealServer} removed from {d.VirtualServer}{(d.Inhibited ? " (inhibited: weight 0)" : "")}: {d.Checker} down",
        RealServerWentUp u => $"{u.RealServer} added to {u.VirtualServer} at weight {u.Weight}",
        RealServerWeightChanged w => $"{w.RealServer} weight {w.From} -> {w.To} ({w.Checker})",
        RealServerStopped s => $"{s.RealServer} of {s.VirtualServer} stopped",
        QuorumGained q => $"{q.VirtualServer} gained quorum: live weight {q.WeightSum} >= {q.Threshold}",
        QuorumLost q => $"{q.VirtualServer} lost quorum: live weight {q.WeightSum} < {q.Threshold}",
        _ => e.ToString(),
    };

    public static string What(LvsKernelEvent e) => e switch
    {
        LvsServiceAdded a => $"{a.Backend}: added service {a.Service} ({a.Scheduler}){Note(a.Note)}",
        LvsServiceChanged c => $"{c.Backend}: set service {c.Service} ({c.Scheduler}){Note(c.Note)}",
        LvsServiceRemoved r => $"{r.Backend}: removed service {r.Service}{Note(r.Note)}",
        LvsDestinationAdded a => $"{a.Backend}: added {a.Destination} {a.Method} weight {a.Weight} to {a.Service}{Note(a.Note)}",
        LvsWeightSet w => $"{w.Backend}: {w.Destination} in {w.Service} weight {w.From} -> {w.To}{Note(w.Note)}",
        LvsDestinationRemoved r => $"{r.Backend}: removed {r.Destination} from {r.Service}{Note(r.Note)}",
        LvsMutationFailed f => $"{f.Backend}: {f.Mutation} failed: {f.Error}",
        LvsDriftFound d => $"{d.Backend}: drift found, correcting: {string.Join("; ", d.Differences)}",
        _ => e.ToString(),
    };

    private static string Note(string? note) => note is null ? "" : $" ({note})";
}
