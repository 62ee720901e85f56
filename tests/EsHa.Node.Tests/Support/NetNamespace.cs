using System.Diagnostics;
using EsHa.Config.Tests.Support;
using Xunit;

namespace EsHa.Node.Tests.Support;

/// <summary>
/// A network namespace of the test's own ("esha-" + purpose + random suffix) with a veth pair inside it, removed on
/// dispose, processes and all. Nothing in it is connected to the host's network.
/// </summary>
public sealed class NetNamespace : IDisposable
{
    public const string Ip = "/usr/sbin/ip";
    private readonly List<Process> _processes = [];

    public NetNamespace(string purpose)
    {
        Require();
        Name = $"esha-{purpose}-{Guid.NewGuid().ToString("N")[..6]}";
        Must(Ip, "netns", "add", Name);
        try
        {
            Exec("sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0");
            Exec("sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0");
            Exec(Ip, "link", "set", "lo", "up");
            Exec(Ip, "link", "add", "ha0", "type", "veth", "peer", "name", "tap0");
            Exec(Ip, "link", "set", "ha0", "up");
            Exec(Ip, "link", "set", "tap0", "up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }

    /// <summary>Runs a command inside the namespace and fails the test if it fails.</summary>
    public string Exec(string file, params string[] arguments)
    {
        var (code, output) = Tools.Run(Ip, ["netns", "exec", Name, file, .. arguments]);
        Assert.True(code == 0, $"{file} {string.Join(' ', arguments)} in {Name}: exit {code}\n{output}");
        return output;
    }

    /// <summary>Starts a command inside the namespace; it is killed when the namespace goes.</summary>
    public Process Start(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(Ip) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["netns", "exec", Name, file, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        _processes.Add(process);
        return process;
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }

            process.Dispose();
        }

        Tools.Run(Ip, "netns", "delete", Name);
    }

    private static void Must(string file, params string[] arguments)
    {
        var (code, output) = Tools.Run(file, arguments);
        Assert.True(code == 0, $"{file} {string.Join(' ', arguments)}: exit {code}\n{output}");
    }

    /// <summary>Namespaces need root and iproute2: in CI a missing one fails the test, elsewhere it is skipped.</summary>
    public static void Require()
    {
        Prerequisite.Tool(Ip);
        if (Environment.UserName != "root")
        {
            const string message = "network namespace tests need root";
            if (Prerequisite.InCi)
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
        }
    }
}
