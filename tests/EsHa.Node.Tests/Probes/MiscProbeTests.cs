using EsHa.Config.Tests.Support;
using Xunit;

namespace EsHa.Node.Tests.Probes;

/// <summary>MISC_CHECK with real scripts, started by LinuxProbes on the thread pool as the daemon does: exit codes
/// (misc_dynamic), argv without a shell, misc_timeout and the script's user.</summary>
public sealed class MiscProbeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esha-misc-").FullName;

    public MiscProbeTests()
    {
        // Scripts run as nobody must reach their files; what they write goes to out/.
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(Out(""));
        File.SetUnixFileMode(Out(""), (UnixFileMode)0b111_111_111);
    }

    private string Out(string name) => Path.Combine(_dir, "out", name);

    private string Script(string name, string body)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    private static string Config(string miscPath, string extra = "") => $$"""
        virtual_server 10.231.0.100 80 {
            delay_loop 5
            lb_algo rr
            lb_kind NAT
            protocol TCP
            real_server 10.231.0.1 80 {
                MISC_CHECK {
                    misc_path "{{miscPath}}"
                    misc_timeout 20
                    {{extra}}
                }
            }
        }
        """;

    [Fact]
    public void exit_0_is_success_and_exit_1_is_failure_with_the_status()
    {
        var exit = Script("exit.sh", "exit \"$1\"");

        var (up, _) = ProbeRun.Run(Config($"{exit} 0"));
        var (down, _) = ProbeRun.Run(Config($"{exit} 1"));

        Assert.True(up.Succeeded, up.Reason);
        Assert.Equal(0, up.ExitCode);
        Assert.False(down.Succeeded);
        Assert.Equal(1, down.ExitCode);
        Assert.Equal($"{exit} exited with status 1", down.Reason);
    }

    [Fact]
    public void misc_dynamic_makes_2_to_255_a_success_carrying_the_code_and_without_it_they_fail()
    {
        var exit = Script("exit.sh", "exit \"$1\"");

        var (dynamic, _) = ProbeRun.Run(Config($"{exit} 12", "misc_dynamic"));
        var (one, _) = ProbeRun.Run(Config($"{exit} 1", "misc_dynamic"));
        var (plain, _) = ProbeRun.Run(Config($"{exit} 12"));

        Assert.True(dynamic.Succeeded, dynamic.Reason);
        Assert.Equal(12, dynamic.ExitCode);
        Assert.False(one.Succeeded);
        Assert.Equal(1, one.ExitCode);
        Assert.False(plain.Succeeded);
        Assert.Equal($"{exit} exited with status 12", plain.Reason);
    }

    [Fact]
    public void misc_path_is_split_into_argv_without_a_shell()
    {
        var argv = Script("argv.sh", $"printf '%s\\n' \"$@\" > {Out("argv")}");
        var mark = Script("mark.sh", $"touch {Out("marked")}");

        var (outcome, _) = ProbeRun.Run(Config($"{argv} a;{mark} b|c 'two words' >x"));

        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Equal([$"a;{mark}", "b|c", "two words", ">x"], File.ReadAllLines(Out("argv")));
        Assert.False(File.Exists(Out("marked")), "a shell ran what followed the ';'");
        Assert.False(File.Exists(Path.Combine(_dir, "x")), "a shell redirected to x");
    }

    [Fact]
    public void misc_timeout_kills_a_script_that_overruns_it()
    {
        var sleeper = Script("sleep.sh", $"echo $$ > {Out("pid")}\nexec sleep 60");

        var (outcome, took) = ProbeRun.Run(Config(sleeper, "misc_timeout 1").Replace("misc_timeout 20", "", StringComparison.Ordinal));

        Assert.False(outcome.Succeeded);
        Assert.Equal($"{sleeper} timed out after 1 s", outcome.Reason);
        Assert.InRange(took, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
        var pid = File.ReadAllText(Out("pid")).Trim();
        Assert.True(Support.Lab.WaitUntil(() => !Directory.Exists($"/proc/{pid}"), TimeSpan.FromSeconds(10)), $"the script (pid {pid}) still runs");
    }

    [Fact]
    public void user_nobody_runs_the_script_as_nobody()
    {
        Prerequisite.Root();
        var uid = Script("uid.sh", $"id -u > {Out("uid")}");

        var (outcome, _) = ProbeRun.Run(Config(uid, "user nobody"));

        Assert.True(outcome.Succeeded, outcome.Reason);
        var (_, nobody) = Tools.Run("/usr/bin/id", "-u", "nobody");
        Assert.Equal(nobody.Trim(), File.ReadAllText(Out("uid")).Trim());
        Assert.NotEqual("0", nobody.Trim());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
