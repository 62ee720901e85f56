using System.Globalization;

namespace EsHa.Domain.Vrrp;

/// <summary>A point on the node's monotonic clock, in microseconds since the node's start (keepalived's timers
/// have microsecond resolution). The domain never reads a clock: every input carries its instant.</summary>
public readonly record struct Instant(long Microseconds) : IComparable<Instant>
{
    public static Instant Zero => default;

    public static Instant At(TimeSpan sinceStart) => new(sinceStart.Ticks / 10);

    public static Instant operator +(Instant instant, TimeSpan span) => new(instant.Microseconds + (span.Ticks / 10));

    public static TimeSpan operator -(Instant later, Instant earlier) => TimeSpan.FromTicks((later.Microseconds - earlier.Microseconds) * 10);

    public static bool operator <(Instant a, Instant b) => a.Microseconds < b.Microseconds;

    public static bool operator >(Instant a, Instant b) => a.Microseconds > b.Microseconds;

    public static bool operator <=(Instant a, Instant b) => a.Microseconds <= b.Microseconds;

    public static bool operator >=(Instant a, Instant b) => a.Microseconds >= b.Microseconds;

    public int CompareTo(Instant other) => Microseconds.CompareTo(other.Microseconds);

    /// <summary>Seconds with microseconds, as transcripts and timelines print it ("10.957031s").</summary>
    public override string ToString() =>
        (Microseconds / 1_000_000.0).ToString("0.######", CultureInfo.InvariantCulture) + "s";
}
