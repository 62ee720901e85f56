namespace EsHa.Domain.Vrrp;

/// <summary>
/// A vrrp_script's state from its runs, as keepalived counts them: an up script goes down after <c>fall</c>
/// failures in a row, a down one comes up after <c>rise</c> successes in a row; a run that agrees with the state
/// resets the count. It starts up, or down with init_fail. The node runs the script; this decides what a result means.
/// </summary>
public readonly record struct ScriptHealth(bool Up, int Streak)
{
    public static ScriptHealth Initial(bool initFail) => new(!initFail, 0);

    /// <summary>The state after one run, and whether it changed (when the instances tracking it must hear).</summary>
    public (ScriptHealth Next, bool Changed) Observe(bool succeeded, int rise, int fall)
    {
        Invariant.Holds(rise >= 1);
        Invariant.Holds(fall >= 1);
        if (succeeded == Up)
        {
            return (this with { Streak = 0 }, false);
        }

        var streak = Streak + 1;
        return streak >= (succeeded ? rise : fall) ? (new ScriptHealth(succeeded, 0), true) : (this with { Streak = streak }, false);
    }
}
