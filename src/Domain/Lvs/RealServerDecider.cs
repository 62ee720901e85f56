using EsHa.Domain.Config.Model;
using EsHa.Domain.Vrrp;

namespace EsHa.Domain.Lvs;

/// <summary>
/// A real server's checkers as keepalived 2.2.7 runs them (docs/keepalived-checkers.md §1–2), as a pure step:
/// state and input in, state and events out. The events are what the journal and the table need; the state also
/// carries what only schedules probes (due times, attempt counts), which the same inputs rebuild on replay.
/// </summary>
public static class RealServerDecider
{
    /// <summary>keepalived's BOOTSTRAP_DELAY: the first probe never starts sooner than this after start-up.</summary>
    public static readonly TimeSpan Bootstrap = TimeSpan.FromSeconds(1);

    public static (RealServerState State, IReadOnlyList<LvsEvent> Events) Step(RealServerState state, LvsInput input) => input switch
    {
        CheckersStartRequested start => Start(state, start.At),
        CheckersStopRequested stop => Stop(state, stop.At),
        ProbeCompleted probe when state.Started && probe.Checker >= 0 && probe.Checker < state.Checkers.Count => Completed(state, probe),
        _ => (state, []),
    };

    /// <summary>The runtime starts the probe now due: the checker has no due time until its result is in.</summary>
    public static RealServerState ProbeStarted(RealServerState state, int checker) => state with
    {
        Checkers = Replace(state.Checkers, checker, state.Checkers[checker] with { DueAt = null }),
    };

    private static (RealServerState, IReadOnlyList<LvsEvent>) Start(RealServerState state, Instant now)
    {
        var s = state.Settings;
        var checkers = s.Checkers.Select(c => CheckerState.Initial(c, now + Bootstrap + WarmupShare(s.Stream, c))).ToList();
        var alive = checkers.All(c => c.Up);
        return (new RealServerState(s, true, alive, s.Weight, checkers), [new RealServerStarted(now, s.VirtualServer, s.Id, alive, s.Weight)]);
    }

    private static (RealServerState, IReadOnlyList<LvsEvent>) Stop(RealServerState state, Instant now) => !state.Started
        ? (state, [])
        : (RealServerState.Idle(state.Settings), [new RealServerStopped(now, state.Settings.VirtualServer, state.Settings.Id)]);

    private static (RealServerState, IReadOnlyList<LvsEvent>) Completed(RealServerState state, ProbeCompleted probe)
    {
        var s = state.Settings;
        var before = state.Checkers[probe.Checker];
        var c = before.Settings;
        var events = new List<LvsEvent>();
        CheckerState after;
        var weight = state.Weight;
        if (probe.Succeeded)
        {
            var needed = Math.Max(0, before.SuccessesNeeded - 1);
            var up = before.Up || needed == 0;
            if (!before.Up && up)
            {
                events.Add(new CheckerWentUp(probe.At, s.VirtualServer, s.Id, c.Name));
            }

            after = before with { Up = up, FirstRun = false, Failures = [], SuccessesNeeded = needed, Url = (probe.Url + 1) % c.Urls, DueAt = probe.At + c.DelayLoop };
            if (c.Dynamic && probe.ExitCode is { } code && DynamicWeight(code, s.Weight) is { } dynamic && dynamic != weight)
            {
                events.Add(new RealServerWeightChanged(probe.At, s.VirtualServer, s.Id, weight, dynamic, c.Name));
                weight = dynamic;
            }
        }
        else
        {
            var reason = probe.Reason ?? "failed";
            var attempts = before.Failures.Append(reason).ToList();
            var recovery = c.IsHttp ? c.Urls + 1 : 1;
            if (before.Up && (before.FirstRun || attempts.Count >= c.Retry + 1))
            {
                events.Add(new CheckerWentDown(probe.At, s.VirtualServer, s.Id, c.Name, attempts));
                after = before with { Up = false, FirstRun = false, Failures = [], SuccessesNeeded = recovery, DueAt = probe.At + AfterDown(c) };
            }
            else if (before.Up)
            {
                events.Add(new CheckAttemptFailed(probe.At, s.VirtualServer, s.Id, c.Name, attempts.Count, c.Retry + 1, reason));
                after = before with { FirstRun = false, Failures = attempts, DueAt = probe.At + c.DelayBeforeRetry };
            }
            else
            {
                if (before.FirstRun)
                {
                    // An alpha checker's first failure confirms it down (keepalived runs notify_down for it once).
                    events.Add(new CheckerWentDown(probe.At, s.VirtualServer, s.Id, c.Name, attempts));
                }

                // Already down: TCP_CHECK still walks its retries (delay_before_retry apart, then delay_loop); the
                // others wait delay_loop; HTTP re-fetches the failed url every max(delay_before_retry, delay_loop).
                var retrying = c.Type == CheckerType.TcpCheck && attempts.Count < c.Retry + 1;
                after = before with
                {
                    FirstRun = false, Failures = retrying ? attempts : [], SuccessesNeeded = recovery,
                    DueAt = probe.At + (retrying ? c.DelayBeforeRetry : AfterDown(c)),
                };
            }

            if (c.Dynamic && weight != s.Weight)
            {
                weight = s.Weight;
            }
        }

        var checkers = Replace(state.Checkers, probe.Checker, after);
        var alive = checkers.All(x => x.Up);
        if (alive && !state.Alive)
        {
            events.Add(new RealServerWentUp(probe.At, s.VirtualServer, s.Id, weight));
        }
        else if (!alive && state.Alive)
        {
            var first = events.OfType<CheckerWentDown>().First();
            events.Add(new RealServerWentDown(probe.At, s.VirtualServer, s.Id, first.Checker, s.Inhibit));
        }

        var next = state with { Alive = alive, Weight = weight, Checkers = checkers };
        Invariant.Holds(next.Alive == next.Checkers.All(x => x.Up));
        return (next, events);
    }

    /// <summary>misc_dynamic: 0 restores the configured weight, 2–255 sets code − 2, anything else is no weight.</summary>
    private static int? DynamicWeight(int code, int configured) => code switch
    {
        0 => configured,
        >= 2 and <= 255 => code - 2,
        _ => null,
    };

    private static TimeSpan AfterDown(CheckerSettings c) =>
        c.IsHttp && c.DelayBeforeRetry > c.DelayLoop ? c.DelayBeforeRetry : c.DelayLoop;

    /// <summary>keepalived spreads first probes uniformly over [0, warmup] with random(); EsHa spreads them by a
    /// hash of the checker's name, so the same configuration starts the same way on every replay.</summary>
    private static TimeSpan WarmupShare(string stream, CheckerSettings c)
    {
        var hash = 2166136261u;
        foreach (var ch in $"{stream}#{c.Index}")
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return TimeSpan.FromTicks((long)(c.Warmup.Ticks * (hash % 10007 / 10007.0)));
    }

    private static List<CheckerState> Replace(IReadOnlyList<CheckerState> list, int index, CheckerState value)
    {
        var copy = list.ToList();
        copy[index] = value;
        return copy;
    }
}
