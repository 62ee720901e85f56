using System.Diagnostics;
using EsHa.Config.Tests.Support;
using EsHa.Domain.Config;
using EsHa.Domain.Config.Model;
using EsHa.Node.Linux.Scripts;
using Xunit;

namespace EsHa.Node.Tests.Host;

/// <summary>
/// keepalived's script security on real files (as root, as CI runs): who scripts run as, which are dropped and with
/// which of keepalived's messages. A script run as root must have a path of root-owned components that no one else
/// can write (sticky directories such as /tmp excepted).
/// </summary>
public sealed class ScriptSecurityTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("esha-scripts-");
    private readonly List<string> _log = [];

    public ScriptSecurityTests() => Prerequisite.Root();

    private string Script(string name, UnixFileMode directoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir.FullName, name + ".d"));
        File.SetUnixFileMode(dir.FullName, directoryMode);
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return path;
    }

    private static KeepalivedConfig Config(string globals, string script, string notify) => ConfigLoader.LoadText($$"""
        global_defs {
        {{globals}}
        }
        vrrp_script chk {
            script "{{script}}"
            interval 1
        }
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority 100
            virtual_ipaddress {
                10.9.0.100/24
            }
            track_script {
                chk
            }
            notify_master "{{notify}} master"
        }
        """).Config!;

    [Fact]
    public void with_script_security_a_root_script_in_a_world_writable_directory_is_dropped_and_its_tracking_goes_with_it()
    {
        var unsafeScript = Script("unsafe", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        var safeNotify = Script("notify");
        var (config, _) = ScriptSecurity.Apply(Config("    enable_script_security\n    script_user root", unsafeScript, safeNotify), _log.Add);

        Assert.Contains($"Unsafe permissions found for script '{unsafeScript}' - disabling.", _log);
        Assert.Contains("Disabling track script chk due to insecure", _log);
        Assert.Empty(config.Scripts);
        Assert.Empty(config.Instances[0].TrackScripts);
        Assert.Equal($"{safeNotify} master", config.Instances[0].NotifyMaster?.CommandLine);
        Assert.DoesNotContain(_log, l => l.StartsWith("SECURITY VIOLATION", StringComparison.Ordinal));
    }

    [Fact]
    public void without_script_security_insecure_scripts_still_run_with_keepalived_s_warning()
    {
        var unsafeScript = Script("unsafe", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute);
        Assert.Equal(0, Tools.Run("chgrp", "nogroup", Path.GetDirectoryName(unsafeScript)!).Code);
        var (config, _) = ScriptSecurity.Apply(Config("    script_user root", unsafeScript, Script("notify")), _log.Add);

        Assert.Contains($"Unsafe permissions found for script '{unsafeScript}'.", _log);
        Assert.Contains("SECURITY VIOLATION - scripts are being executed but script_security not enabled. There are insecure scripts.", _log);
        Assert.Single(config.Scripts);
        Assert.Single(config.Instances[0].TrackScripts);
    }

    [Fact]
    public void a_script_owned_by_another_user_is_insecure_for_root_and_a_missing_or_non_executable_one_is_dropped()
    {
        var foreign = Script("foreign");
        Assert.Equal(0, Tools.Run("chown", "nobody", foreign).Code);
        var notExecutable = Script("plain");
        File.SetUnixFileMode(notExecutable, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        ScriptSecurity.Apply(Config("    enable_script_security\n    script_user root", foreign, notExecutable), _log.Add);
        Assert.Contains($"Unsafe permissions found for script '{foreign}' - disabling.", _log);
        Assert.Contains($"WARNING - script '{notExecutable}' is not executable for uid:gid 0:0 - disabling.", _log);

        _log.Clear();
        var (config, _) = ScriptSecurity.Apply(Config("    enable_script_security\n    script_user root", Path.Combine(_dir.FullName, "gone"), foreign), _log.Add);
        Assert.Contains($"check_script_secure could not find script '{Path.Combine(_dir.FullName, "gone")}' - disabling", _log);
        Assert.Contains("Disabling track script chk since not found/accessible", _log);
        Assert.Empty(config.Scripts);
        Assert.Null(config.Instances[0].NotifyMaster);
    }

    [Fact]
    public void scripts_run_as_script_user_and_a_script_user_that_does_not_exist_is_reported()
    {
        var id = Script("id");
        File.WriteAllText(id, "#!/bin/sh\nid -u\n");
        var (_, policy) = ScriptSecurity.Apply(Config("    script_user nobody", id, id), _log.Add);
        Assert.Equal("nobody", policy.DefaultUser.Name);
        // nobody cannot enter a root-only temporary directory: the test's script goes where nobody can read it.
        var shared = Path.Combine(Path.GetTempPath(), $"esha-id-{Guid.NewGuid():N}.sh");
        File.Copy(id, shared);
        try
        {
            File.SetUnixFileMode(shared, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            var start = ScriptProcess.For(shared, [], policy.ForVrrpScript("chk"), redirect: true)!;
            using var process = Process.Start(start)!;
            var uid = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            Assert.Equal(UnixUsers.Find("nobody")!.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture), uid);
        }
        finally
        {
            File.Delete(shared);
        }

        _log.Clear();
        ScriptSecurity.Apply(Config("    script_user no_such_user_here", id, id), _log.Add);
        Assert.Contains("Error setting global script uid/gid: script user 'no_such_user_here' does not exist", _log);
    }

    [Fact]
    public void a_script_reached_through_a_symlink_is_checked_and_run_at_its_real_path()
    {
        // A root-owned link to a directory anyone may write: the link itself is fine, where it leads is not.
        var unsafeScript = Script("behind", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        var link = Path.Combine(_dir.FullName, "scripts");
        Directory.CreateSymbolicLink(link, Path.GetDirectoryName(unsafeScript)!);
        var throughLink = Path.Combine(link, "behind");
        ScriptSecurity.Apply(Config("    enable_script_security\n    script_user root", throughLink, Script("n1")), _log.Add);
        Assert.Contains($"Unsafe permissions found for script '{throughLink}' - disabling.", _log);

        // A safe script through a link: what runs is the real path that was checked, with its arguments.
        var safe = Script("safe");
        var safeLink = Path.Combine(_dir.FullName, "safe-link");
        File.CreateSymbolicLink(safeLink, safe);
        var (config, _) = ScriptSecurity.Apply(Config("    enable_script_security\n    script_user root", safeLink, safeLink), _log.Add);
        Assert.Equal(safe, config.Scripts[0].Script!.CommandLine);
        Assert.Equal($"{safe} master", config.Instances[0].NotifyMaster!.CommandLine);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
