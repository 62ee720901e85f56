using System.Diagnostics;
using EsHa.Node.Linux.Effects;

namespace EsHa.Node.Linux.Scripts;

/// <summary>How keepalived starts a script: the command line split into argv (no shell), as the script's user.</summary>
public static class ScriptProcess
{
    private static readonly uint Self = Native.Libc.EffectiveUid();

    /// <summary>The start info; null for an empty command line.</summary>
    public static ProcessStartInfo? For(string commandLine, IEnumerable<string> extraArguments, ScriptUser user, bool redirect)
    {
        var argv = CommandLine.Split(commandLine);
        if (argv.Count == 0)
        {
            return null;
        }

        var start = new ProcessStartInfo(argv[0]) { UseShellExecute = false, RedirectStandardOutput = redirect, RedirectStandardError = redirect };
        foreach (var argument in argv.Skip(1).Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        if (user.Uid != Self)
        {
            // .NET sets the child's uid, primary gid and supplementary groups from the account before exec.
            start.UserName = user.Name;
        }

        return start;
    }
}
