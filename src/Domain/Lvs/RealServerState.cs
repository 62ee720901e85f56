using EsHa.Domain.Vrrp;

namespace EsHa.Domain.Lvs;

/// <summary>One checker's state. <paramref name="FirstRun"/>: no result yet (keepalived's "one failure is enough
/// initially"); <paramref name="Failures"/>: the reasons of the consecutive failed attempts so far;
/// <paramref name="SuccessesNeeded"/>: clean results still needed to go up (an HTTP checker walks its urls, and after
/// a failure its first success only restarts the pass); <paramref name="DueAt"/>: when the next probe starts (null
/// while one runs, or when stopped).</summary>
public sealed record CheckerState(CheckerSettings Settings, bool Up, bool FirstRun, IReadOnlyList<string> Failures, int SuccessesNeeded,
    int Url, Instant? DueAt)
{
    public static CheckerState Initial(CheckerSettings settings, Instant firstProbe) => new(settings, !settings.Alpha, true, [],
        settings.Alpha ? (settings.IsHttp ? settings.Urls : 1) : 0, 0, firstProbe);
}

/// <summary>One real server of one virtual server: alive when every checker is up; <paramref name="Weight"/> is the
/// effective weight (the configured one, or what a misc_dynamic MISC_CHECK set).</summary>
public sealed record RealServerState(RealServerSettings Settings, bool Started, bool Alive, int Weight, IReadOnlyList<CheckerState> Checkers)
{
    public static RealServerState Idle(RealServerSettings settings) =>
        new(settings, false, false, settings.Weight, settings.Checkers.Select(c => CheckerState.Initial(c, Instant.Zero) with { DueAt = null }).ToList());

    /// <summary>The earliest probe due, with its checker.</summary>
    public (int Checker, Instant At)? NextProbe
    {
        get
        {
            (int, Instant)? next = null;
            for (var i = 0; i < Checkers.Count; i++)
            {
                if (Checkers[i].DueAt is { } due && (next is null || due < next.Value.Item2))
                {
                    next = (i, due);
                }
            }

            return next;
        }
    }
}
