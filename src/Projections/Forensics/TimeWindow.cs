using System.Globalization;

namespace EsHa.Projections.Forensics;

/// <summary>The span of time a timeline page draws, and where in it (as a percentage of its width) a time falls.</summary>
public readonly record struct TimeWindow(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>The filter's bounds, else the first and last record (of the node asked for); never empty, so that
    /// percentages stay defined (a single instant gets a second).</summary>
    public static TimeWindow Of(IReadOnlyList<TimelineEntry> entries, TimelineFilter filter)
    {
        var first = entries.Count == 0 ? DateTimeOffset.UnixEpoch : entries.Min(e => e.Wall);
        var last = entries.Count == 0 ? first : entries.Max(e => e.Wall);
        var from = filter.From ?? (filter.To is { } to && to < first ? to.AddSeconds(-1) : first);
        var until = filter.To ?? (last > from ? last : from.AddSeconds(1));
        return new TimeWindow(from, until > from ? until : from.AddSeconds(1));
    }

    public TimeSpan Span => To - From;

    /// <summary>Whether an interval (open when <paramref name="until"/> is null) shows in the window: it shares some of
    /// it, more than an edge, or it is an instant (a state left as soon as entered) within it.</summary>
    public bool Overlaps(DateTimeOffset from, DateTimeOffset? until)
    {
        var end = until ?? DateTimeOffset.MaxValue;
        return from < To && end > From || from == end && from >= From && from <= To;
    }

    /// <summary>Where a time falls, in percent of the window, clamped to it.</summary>
    public double Percent(DateTimeOffset time) => Math.Clamp((time - From) / Span * 100, 0, 100);

    /// <summary>A percentage as CSS takes it (invariant, four decimals at most).</summary>
    public static string Css(double percent) => percent.ToString("0.####", CultureInfo.InvariantCulture) + "%";

    /// <summary>The axis' ticks: round times (multiples of a step of 1-2-5 ms up to days, from the Unix epoch) with
    /// at most <paramref name="ticksMax"/> in the window. The page's script picks them the same way for a zoomed view.</summary>
    public IReadOnlyList<(DateTimeOffset At, string Label)> Ticks(int ticksMax = 10)
    {
        var spanMs = Span.TotalMilliseconds;
        var step = StepsMs.FirstOrDefault(s => spanMs / s <= ticksMax, StepsMs[^1]);
        var fromMs = (From - DateTimeOffset.UnixEpoch).TotalMilliseconds;
        var ticks = new List<(DateTimeOffset, string)>();
        for (var ms = Math.Ceiling(fromMs / step) * step; ms <= fromMs + spanMs && ticks.Count <= ticksMax; ms += step)
        {
            var at = DateTimeOffset.UnixEpoch.AddMilliseconds(ms);
            ticks.Add((at, at.UtcDateTime.ToString(Format(step), CultureInfo.InvariantCulture)));
        }

        return ticks;
    }

    private static string Format(double stepMs) => stepMs switch
    {
        < 1000 => "HH:mm:ss.fff",
        < 60_000 => "HH:mm:ss",
        < 86_400_000 => "HH:mm",
        _ => "yyyy-MM-dd",
    };

    /// <summary>Tick steps in milliseconds, smallest first (the script's list is the same).</summary>
    private static readonly double[] StepsMs =
    [
        1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
        900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000,
        604_800_000, 1_209_600_000, 2_592_000_000, 7_776_000_000, 31_536_000_000,
    ];
}
