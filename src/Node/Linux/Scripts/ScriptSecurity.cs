using EsHa.Domain.Config.Model;
using EsHa.Node.Linux.Effects;
using EsHa.Node.Linux.Native;

namespace EsHa.Node.Linux.Scripts;

/// <summary>Who each script runs as: a vrrp_script's own <c>user</c>, else the default script user.</summary>
public sealed record ScriptPolicy(ScriptUser DefaultUser, IReadOnlyDictionary<string, ScriptUser> VrrpScriptUsers)
{
    public ScriptUser ForVrrpScript(string name) => VrrpScriptUsers.GetValueOrDefault(name) ?? DefaultUser;
}

/// <summary>
/// keepalived's script security, applied when a configuration is loaded (start and reload), with its messages:
/// the default user is <c>script_user</c>, else <c>keepalived_script</c> when that account exists, else root; a
/// script that cannot be found or is not executable for its user is dropped; a script run as root whose path has a
/// component not owned by root, or writable by a non-root group or by anyone (directories with the sticky bit
/// excepted), is insecure — dropped under <c>enable_script_security</c>, run with a warning without it. Dropped
/// tracking scripts leave the instances that tracked them, as in keepalived; dropped notify scripts are not run.
/// </summary>
public static class ScriptSecurity
{
    private sealed class Review(bool enforce, Action<string> report)
    {
        public bool AnyScript { get; private set; }

        public bool AnyInsecure { get; private set; }

        /// <summary>Whether the script may run; reports why not (or why it is insecure) as keepalived does.</summary>
        /// <summary>The command line to run (its program as the real path that was checked, as keepalived replaces
        /// args[0]), or null when the script may not run; reports why as keepalived does.</summary>
        public string? Allows(string commandLine, ScriptUser user, out bool missing)
        {
            missing = false;
            var argv = CommandLine.Split(commandLine);
            if (argv.Count == 0)
            {
                return null;
            }

            var path = argv[0];
            if (!path.Contains('/', StringComparison.Ordinal))
            {
                var found = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
                    .Select(dir => Path.Combine(dir, path)).FirstOrDefault(File.Exists);
                if (found is not null)
                {
                    report($"WARNING - script `{path}` resolved by path search to `{found}`. Please specify full path.");
                    path = found;
                }
            }

            // Every symlink and .. resolved: the path checked is the path run, so no link can be swapped in between.
            if (Libc.RealPath(path) is not { } real || !File.Exists(real))
            {
                report($"check_script_secure could not find script '{argv[0]}' - disabling");
                missing = true;
                return null;
            }

            AnyScript = true;
            if (Libc.LinkStatus(real) is not { } status || !Executable(status, user))
            {
                report($"WARNING - script '{argv[0]}' is not executable for uid:gid {user.Uid}:{user.Gid} - disabling.");
                missing = true;
                return null;
            }

            if ((user.Uid == 0 || user.Gid == 0 || SetIdRoot(status)) && !SafePath(real))
            {
                AnyInsecure = true;
                report($"Unsafe permissions found for script '{argv[0]}'{(enforce ? " - disabling" : "")}.");
                if (enforce)
                {
                    return null;
                }
            }

            return string.Join(' ', argv.Skip(1).Prepend(real).Select(Quote));
        }

        /// <summary>A setuid or setgid root program runs as root whoever starts it (keepalived checks its path too).</summary>
        private static bool SetIdRoot((uint Mode, uint Uid, uint Gid) file) =>
            ((file.Mode & 0x800) != 0 && file.Uid == 0) || ((file.Mode & 0x400) != 0 && file.Gid == 0);

        private static string Quote(string word) =>
            word.Length > 0 && !word.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? word
            : word.Contains('"', StringComparison.Ordinal) ? $"'{word}'" : $"\"{word}\"";

        private static bool Executable((uint Mode, uint Uid, uint Gid) file, ScriptUser user) =>
            user.Uid == 0 ? (file.Mode & 0b001_001_001) != 0
            : file.Uid == user.Uid ? (file.Mode & 0b001_000_000) != 0
            : file.Gid == user.Gid ? (file.Mode & 0b000_001_000) != 0
            : (file.Mode & 0b000_000_001) != 0;

        /// <summary>keepalived's check_security: every component from / down to the script.</summary>
        private static bool SafePath(string real)
        {
            var prefix = "";
            foreach (var component in real.Split('/', StringSplitOptions.RemoveEmptyEntries).Prepend(""))
            {
                prefix = prefix.Length == 0 && component.Length == 0 ? "/" : prefix.TrimEnd('/') + "/" + component;
                if (Libc.LinkStatus(prefix) is not { } status || status.Uid != 0)
                {
                    return false;
                }

                const uint typeMask = 0xF000, symlink = 0xA000, directory = 0x4000, sticky = 0x200;
                if ((status.Mode & typeMask) == symlink || ((status.Mode & typeMask) == directory && (status.Mode & sticky) != 0))
                {
                    continue;
                }

                if (((status.Mode & 0b000_010_000) != 0 && status.Gid != 0) || (status.Mode & 0b000_000_010) != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The configuration as keepalived would run its scripts, and who runs each.</summary>
    public static (KeepalivedConfig Config, ScriptPolicy Policy) Apply(KeepalivedConfig config, Action<string> report)
    {
        var global = config.Global;
        var review = new Review(global.EnableScriptSecurity, report);
        ScriptUser? defaultUser;
        if (global.ScriptUser is { } configured)
        {
            defaultUser = UnixUsers.Find(configured);
            if (defaultUser is null)
            {
                report($"Error setting global script uid/gid: script user '{configured}' does not exist");
            }
        }
        else
        {
            defaultUser = UnixUsers.Find("keepalived_script");
            if (defaultUser is null && global.EnableScriptSecurity)
            {
                report("Unable to set default user keepalived_script for script");
            }
            else
            {
                defaultUser ??= ScriptUser.Root;
            }
        }

        var users = new Dictionary<string, ScriptUser>(StringComparer.Ordinal);
        var checkedScripts = new Dictionary<string, ScriptCommand>(StringComparer.Ordinal);
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var script in config.Scripts.Where(s => s.Script is not null))
        {
            var user = script.User is { } own ? UnixUsers.Find(own) : defaultUser;
            if (user is null)
            {
                report(script.User is null ? $"Unable to set default user for vrrp script {script.Name} - removing" : $"Unable to set uid/gid for script {script.Name}");
                dropped.Add(script.Name);
            }
            else if (review.Allows(script.Script!.CommandLine, user, out var missing) is not { } resolved)
            {
                report($"Disabling track script {script.Name} {(missing ? "since not found/accessible" : "due to insecure")}");
                dropped.Add(script.Name);
            }
            else
            {
                users[script.Name] = user;
                checkedScripts[script.Name] = script.Script with { CommandLine = resolved };
            }
        }

        var verdicts = new Dictionary<string, string?>(StringComparer.Ordinal);
        ScriptCommand? Notify(ScriptCommand? command)
        {
            if (command is null)
            {
                return null;
            }

            if (!verdicts.TryGetValue(command.CommandLine, out var resolved))
            {
                // Once per command line: instances often share their notify script.
                if (defaultUser is null)
                {
                    report($"Failed to set default user for notify script {command.CommandLine} - ignoring");
                }

                resolved = verdicts[command.CommandLine] = defaultUser is null ? null : review.Allows(command.CommandLine, defaultUser, out _);
            }

            return resolved is null ? null : command with { CommandLine = resolved };
        }

        var instances = config.Instances.Select(i => i with
        {
            TrackScripts = [.. i.TrackScripts.Where(t => !dropped.Contains(t.Name))],
            Notify = Notify(i.Notify), NotifyMaster = Notify(i.NotifyMaster), NotifyBackup = Notify(i.NotifyBackup),
            NotifyFault = Notify(i.NotifyFault), NotifyStop = Notify(i.NotifyStop), NotifyMasterRxLowerPri = Notify(i.NotifyMasterRxLowerPri),
        }).ToList();
        var groups = config.SyncGroups.Select(g => g with
        {
            TrackScripts = [.. g.TrackScripts.Where(t => !dropped.Contains(t.Name))],
            Notify = Notify(g.Notify), NotifyMaster = Notify(g.NotifyMaster), NotifyBackup = Notify(g.NotifyBackup),
            NotifyFault = Notify(g.NotifyFault), NotifyStop = Notify(g.NotifyStop),
        }).ToList();
        FifoSetting? Fifo(FifoSetting? fifo) =>
            fifo?.Script is { } script ? fifo with { Script = Notify(new ScriptCommand(script, config.Global.At))?.CommandLine } : fifo;
        var globals = global with { NotifyFifo = Fifo(global.NotifyFifo), VrrpNotifyFifo = Fifo(global.VrrpNotifyFifo) };
        if (!global.EnableScriptSecurity && review.AnyScript)
        {
            report($"SECURITY VIOLATION - scripts are being executed but script_security not enabled.{(review.AnyInsecure ? " There are insecure scripts." : "")}");
        }

        var applied = config with
        {
            Global = globals, Scripts = [.. config.Scripts.Where(s => !dropped.Contains(s.Name)).Select(s => checkedScripts.TryGetValue(s.Name, out var c) ? s with { Script = c } : s)], Instances = instances, SyncGroups = groups,
        };
        return (applied, new ScriptPolicy(defaultUser ?? ScriptUser.Root, users));
    }
}
