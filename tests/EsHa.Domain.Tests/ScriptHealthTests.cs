using CsCheck;
using EsHa.Domain.Vrrp;
using Xunit;

namespace EsHa.Domain.Tests;

/// <summary>vrrp_script rise/fall: the state flips only after enough results in a row against it.</summary>
public sealed class ScriptHealthTests
{
    [Fact]
    public void a_script_goes_down_after_fall_failures_in_a_row_and_up_after_rise_successes()
    {
        var health = ScriptHealth.Initial(initFail: false);
        bool changed;
        (health, changed) = health.Observe(false, rise: 2, fall: 3);
        Assert.False(changed);
        (health, changed) = health.Observe(false, 2, 3);
        Assert.False(changed);
        (health, _) = health.Observe(true, 2, 3);
        (health, _) = health.Observe(false, 2, 3);
        (health, _) = health.Observe(false, 2, 3);
        Assert.True(health.Up);
        (health, changed) = health.Observe(false, 2, 3);
        Assert.True(changed);
        Assert.False(health.Up);
        (health, _) = health.Observe(true, 2, 3);
        (health, changed) = health.Observe(true, 2, 3);
        Assert.True(changed && health.Up);
        Assert.False(ScriptHealth.Initial(initFail: true).Up);
    }

    [Fact]
    public void the_state_is_always_the_result_of_the_last_run_of_length_rise_or_fall()
    {
        Gen.Select(Gen.Bool.Array[1, 60], Gen.Int[1, 5], Gen.Int[1, 5], Gen.Bool).Sample((runs, rise, fall, initFail) =>
        {
            var health = ScriptHealth.Initial(initFail);
            var expected = !initFail;
            var streak = 0;
            foreach (var ok in runs)
            {
                (health, var changed) = health.Observe(ok, rise, fall);
                streak = ok == expected ? 0 : streak + 1;
                var flips = streak >= (ok ? rise : fall);
                if (flips)
                {
                    expected = ok;
                    streak = 0;
                }

                Assert.Equal(flips, changed);
                Assert.Equal(expected, health.Up);
            }
        }, iter: 2000);
    }
}
