using EsHa.Domain.Vrrp;

namespace EsHa.Domain.Lvs;

/// <summary>
/// A virtual server's quorum (docs/keepalived-checkers.md §3), fed with its real servers' events: the weight of
/// live real servers is summed; with the quorum down it is gained at quorum + hysteresis, with it up it is lost
/// below quorum − hysteresis or at 0. At start the quorum is down, and is judged once every real server started.
/// </summary>
public static class VirtualServerDecider
{
    public static (VirtualServerState State, IReadOnlyList<LvsEvent> Events) Step(VirtualServerState state, IReadOnlyList<LvsEvent> realServerEvents,
        Instant now)
    {
        if (realServerEvents.Count == 0)
        {
            return (state, []);     // nothing changed: a steady result, the common case
        }

        var live = state.Live;
        var started = state.Started;
        foreach (var e in realServerEvents)
        {
            live = e switch
            {
                RealServerStarted { Alive: true } s => live.SetItem(s.RealServer, s.Weight),
                RealServerStarted s => live.Remove(s.RealServer),
                RealServerWentUp up => live.SetItem(up.RealServer, up.Weight),
                RealServerWeightChanged w when live.ContainsKey(w.RealServer) => live.SetItem(w.RealServer, w.To),
                RealServerWentDown d => live.Remove(d.RealServer),
                RealServerStopped s => live.Remove(s.RealServer),
                _ => live,
            };
            started = e switch
            {
                RealServerStarted => true,
                RealServerStopped => false,
                _ => started,
            };
        }

        var next = state with { Live = live, Started = started };
        var settings = state.Settings;
        var sum = next.WeightSum;
        if (!started)
        {
            return (next with { QuorumUp = false }, []);
        }

        if (!next.QuorumUp && sum >= settings.Quorum + settings.Hysteresis)
        {
            return (next with { QuorumUp = true }, [new QuorumGained(now, settings.Name, sum, settings.Quorum + settings.Hysteresis)]);
        }

        if (next.QuorumUp && (sum == 0 || sum < settings.Quorum - settings.Hysteresis))
        {
            return (next with { QuorumUp = false }, [new QuorumLost(now, settings.Name, sum, settings.Quorum - settings.Hysteresis)]);
        }

        // At start with too little weight: keepalived says "Starting with quorum down" and the sorry server serves.
        if (!state.Started && started && !next.QuorumUp)
        {
            return (next, [new QuorumLost(now, settings.Name, sum, settings.Quorum + settings.Hysteresis)]);
        }

        return (next, []);
    }
}
