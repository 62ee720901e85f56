namespace EsHa.Domain.Config.Model;

/// <summary>
/// The settings keepalived 2.2.7 really runs a vrrp_instance with, derived from what was written the way its
/// vrrp_complete_instance() does: priority from state and state from priority, strict mode's restrictions,
/// authentication dropped where it cannot work, nopreempt and preempt_delay cleared where they cannot apply,
/// accept's default, and the advert interval as each VRRP version can carry it.
/// </summary>
public sealed record ResolvedVrrpSettings(
    int Version,
    int Priority,
    InitialState State,
    bool NoPreempt,
    TimeSpan PreemptDelay,
    bool Accept,
    TimeSpan AdvertInterval,
    AuthenticationType Authentication,
    string? Password,
    int DownTimerAdverts,
    bool Strict)
{
    public const int PriorityOwner = 255;
    public const int PriorityDefault = 100;
    public const int DownTimerAdvertsDefault = 3;

    public static ResolvedVrrpSettings Of(VrrpInstance v, GlobalDefs global)
    {
        var strict = v.StrictMode || global.VrrpStrict;
        var version = v.Version is 2 or 3 ? v.Version.Value : v.IsIpv6 ? 3 : global.VrrpVersion is 3 ? 3 : 2;

        // keepalived replaces an out-of-range priority with 100 (not with the state's default).
        var written = v.Priority is null or (>= 1 and <= PriorityOwner) ? v.Priority : PriorityDefault;
        var priority = written ?? (v.State == InitialState.Master ? PriorityOwner : PriorityDefault);
        var owner = priority == PriorityOwner;
        var state = v.State ?? (owner ? InitialState.Master : InitialState.Backup);
        if (strict && (state == InitialState.Master) != owner)
        {
            state = owner ? InitialState.Master : InitialState.Backup;
        }

        var (authentication, password, stateAfterAuth) = ResolveAuthentication(v, strict, version, owner, state);
        state = stateAfterAuth;
        var noPreempt = v.NoPreempt && !owner && state != InitialState.Master;
        var preemptDelay = state == InitialState.Master || strict || noPreempt || v.PreemptDelay is not { } delay
            || delay < TimeSpan.Zero || delay > TimeSpan.FromSeconds(1000) ? TimeSpan.Zero : delay;
        var accept = v.Accept ?? (owner || !strict);
        if (accept && !owner && strict && version == 2)
        {
            accept = false;
        }

        var downTimerAdverts = strict || v.DownTimerAdverts is < 1 or > 100 ? DownTimerAdvertsDefault : v.DownTimerAdverts;
        return new ResolvedVrrpSettings(version, priority, state, noPreempt, preemptDelay, accept,
            ResolveInterval(v.AdvertInterval, version), authentication, password, downTimerAdverts, strict);
    }

    private static (AuthenticationType, string?, InitialState) ResolveAuthentication(VrrpInstance v, bool strict,
        int version, bool owner, InitialState state)
    {
        if (v.Authentication is not { Type: not AuthenticationType.None } auth || strict || version == 3
            || auth.Password is null || (v.IsIpv6 && auth.Type == AuthenticationType.Ah))
        {
            return (AuthenticationType.None, null, state);
        }

        // AH needs a received advert's sequence number before taking over, so it cannot start as MASTER.
        var afterAh = auth.Type == AuthenticationType.Ah && state == InitialState.Master && !owner ? InitialState.Backup : state;
        return (auth.Type, auth.EffectivePassword, afterAh);
    }

    /// <summary>Unreadable (outside 0.01-255 s): 1 s. VRRPv2 carries whole seconds (rounded, at least 1);
    /// VRRPv3 centiseconds (rounded half up), at most 40.95 s.</summary>
    public static TimeSpan ResolveInterval(TimeSpan written, int version)
    {
        if (!VrrpInstance.IsAdvertIntervalReadable(written))
        {
            return TimeSpan.FromSeconds(1);
        }

        if (version == 2)
        {
            return TimeSpan.FromSeconds(Math.Max(1, (long)Math.Round(written.TotalSeconds, MidpointRounding.AwayFromZero)));
        }

        var centiseconds = (written.Ticks + (TimeSpan.TicksPerMillisecond * 5)) / (TimeSpan.TicksPerMillisecond * 10);
        return TimeSpan.FromMilliseconds(Math.Min(centiseconds, 4095) * 10);
    }
}
