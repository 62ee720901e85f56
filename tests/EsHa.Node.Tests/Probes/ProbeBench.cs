using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EsHa.Config.Tests.Support;
using EsHa.Domain.Config;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Lvs;
using EsHa.Node.Linux.Probes;
using EsHa.Node.Linux.Scripts;
using EsHa.Node.Ports.Probes;
using EsHa.Node.Tests.Support;
using Xunit;

namespace EsHa.Node.Tests.Probes;

/// <summary>
/// Where the probe tests run their real servers: a network namespace of the test's own whose veth end ha0 holds
/// <see cref="Server"/> (10.231.0.1/24, nowhere else on the machine) and whose loopback is up, plus a temporary directory
/// that www-data and nobody can walk. Probes run through <see cref="LinuxProbes"/> from a thread inside the
/// namespace, started on that thread, so their sockets are the namespace's: a probe that reaches
/// <see cref="Server"/> proves it.
/// </summary>
internal sealed class ProbeBench : IDisposable
{
    public const string Server = "10.231.0.1";

    /// <summary>An address of the namespace's subnet that nobody holds: ARP for it goes unanswered.</summary>
    public const string Nobody = "10.231.0.99";

    public ProbeBench(string purpose)
    {
        Ns = new NetNamespace(purpose);
        Dir = Directory.CreateTempSubdirectory("esha-probe-").FullName;
        try
        {
            Ns.Exec(NetNamespace.Ip, "addr", "add", $"{Server}/24", "dev", "ha0");
            Nginx.Walkable(Dir);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public NetNamespace Ns { get; }

    public string Dir { get; }

    public string Write(string name, string text, UnixFileMode? mode = null)
    {
        var path = Path.Combine(Dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        if (mode is { } m)
        {
            File.SetUnixFileMode(path, m);
        }

        return path;
    }

    /// <summary>Runs the checker from a thread inside the namespace and returns its outcome and how long it took.</summary>
    public (ProbeOutcome Outcome, TimeSpan Took) Probe(string config, int realServer = 0, int checker = 0, int url = 0) =>
        ProbeRun.Run(config, realServer, checker, url, Ns.Name);

    /// <summary>Starts a server in the namespace and waits until something listens on the port.</summary>
    public Process Serve(int port, string protocol, string file, params string[] arguments)
    {
        var process = Ns.Start(file, arguments);
        var listening = Lab.WaitUntil(() => process.HasExited || Ns.Exec("/usr/bin/ss", "-Hln", protocol == "udp" ? "-u" : "-t", $"sport = :{port}").Trim().Length > 0,
            TimeSpan.FromSeconds(30));
        Assert.True(listening && !process.HasExited, $"{file} does not listen on {protocol} {port}: {(process.HasExited ? process.StandardError.ReadToEnd() : "timeout")}");
        return process;
    }

    /// <summary>A TCP listener inside the namespace that writes <paramref name="greeting"/> (when given) to every
    /// connection and keeps it open until the listener stops.</summary>
    public TcpListener Listen(int port, string? greeting = null)
    {
        var listener = Lab.InNamespace(Ns.Name, () =>
        {
            var l = new TcpListener(IPAddress.Parse(Server), port);
            l.Start();
            return l;
        });
        _ = Task.Run(async () =>
        {
            var held = new List<TcpClient>();
            try
            {
                while (true)
                {
                    var accepted = await listener.AcceptTcpClientAsync();
                    held.Add(accepted);
                    if (greeting is not null)
                    {
                        await accepted.GetStream().WriteAsync(Encoding.ASCII.GetBytes(greeting));
                    }
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
            {
                held.ForEach(c => c.Dispose());
            }
        });
        return listener;
    }

    /// <summary>Drops every TCP and UDP packet to the port inside the namespace (nftables): a SYN that never gets an answer.</summary>
    public void Drop(int port)
    {
        var rules = Write($"drop-{port}.nft", $$"""
            table inet esha_probe {
                chain input {
                    type filter hook input priority 0; policy accept;
                    tcp dport {{port}} drop
                }
            }
            """);
        Ns.Exec(Prerequisite.Tool("/usr/sbin/nft"), "-f", rules);
    }

    public void Dispose()
    {
        Ns.Dispose();
        Directory.Delete(Dir, recursive: true);
    }
}

/// <summary>Builds a ProbeRequest from a keepalived.conf text (first virtual server, real server N, checker M, with
/// the settings LvsSettingsResolver resolves) and runs it through LinuxProbes, awaiting the callback.</summary>
internal static class ProbeRun
{
    private static readonly TimeSpan CallbackWait = TimeSpan.FromSeconds(90);

    public static KeepalivedConfig Load(string text)
    {
        var loaded = ConfigLoader.LoadText(text);
        Assert.False(loaded.HasErrors, string.Join('\n', loaded.Diagnostics));
        return loaded.Config!;
    }

    public static ProbeRequest Request(KeepalivedConfig config, int realServer = 0, int checker = 0, int url = 0)
    {
        var vs = config.VirtualServers[0];
        var rs = vs.RealServers[realServer];
        var settings = LvsSettingsResolver.Resolve(vs).RealServers[realServer].Checkers[checker];
        return new ProbeRequest(vs, rs, rs.Checkers.Where(c => c.Type != CheckerType.BfdCheck).ElementAt(checker), settings, url);
    }

    /// <summary>With <paramref name="ns"/>, the probe is started on (and awaited from) a thread inside that namespace;
    /// without, LinuxProbes starts it on the thread pool as the daemon does.</summary>
    public static (ProbeOutcome Outcome, TimeSpan Took) Run(string text, int realServer = 0, int checker = 0, int url = 0, string? ns = null)
    {
        var config = Load(text);
        var request = Request(config, realServer, checker, url);
        return ns is null ? Await(new LinuxProbes(config, ScriptUser.Root), request)
            : Lab.InNamespace(ns, () => Await(new LinuxProbes(config, ScriptUser.Root, work => work()), request));
    }

    private static (ProbeOutcome, TimeSpan) Await(LinuxProbes probes, ProbeRequest request)
    {
        using (probes)
        {
            var done = new TaskCompletionSource<ProbeOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            var clock = Stopwatch.StartNew();
            probes.Start(request, outcome => done.TrySetResult(outcome));
            Assert.True(done.Task.Wait(CallbackWait), $"{request.Checker.Type} never called back within {CallbackWait}");
            return (done.Task.Result, clock.Elapsed);
        }
    }
}
