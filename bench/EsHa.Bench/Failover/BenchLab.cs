using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EsHa.Bench.Failover;

/// <summary>
/// Network namespaces of the benchmark's own ("esha-bench-" + random id): a client namespace holding a bridge
/// (10.9.0.10/24) and one namespace per node with an eth0 on the bridge (10.9.0.1, .2, ...). Everything, processes
/// included, goes on dispose. Nothing is connected to the host's network.
/// </summary>
internal sealed partial class BenchLab : IDisposable
{
    public const string Ip = "/usr/sbin/ip";
    private readonly List<Process> _processes = [];
    private readonly List<string> _namespaces = [];

    public BenchLab(params string[] nodes)
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        Client = $"esha-bench-{id}-client";
        try
        {
            Add(Client);
            Run(Ip, "-n", Client, "link", "add", "br0", "type", "bridge");
            Run(Ip, "-n", Client, "link", "set", "br0", "up");
            Run(Ip, "-n", Client, "addr", "add", "10.9.0.10/24", "dev", "br0");
            for (var i = 0; i < nodes.Length; i++)
            {
                var ns = $"esha-bench-{id}-{nodes[i]}";
                Add(ns);
                Run(Ip, "-n", Client, "link", "add", $"v{i}", "type", "veth", "peer", "name", "eth0", "netns", ns);
                Run(Ip, "-n", Client, "link", "set", $"v{i}", "master", "br0", "up");
                Run(Ip, "-n", ns, "addr", "add", $"{Address(i)}/24", "dev", "eth0");
                Run(Ip, "-n", ns, "link", "set", "eth0", "up");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Client { get; }

    public IReadOnlyList<string> Nodes => _namespaces[1..];

    public static string Address(int node) => $"10.9.0.{node + 1}";

    /// <summary>A namespace with no link to anything, for the memory figures.</summary>
    public string Isolated(string name)
    {
        var ns = $"{Client[..^"client".Length]}{name}";
        Add(ns);
        return ns;
    }

    public Process Start(string ns, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(Ip) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["netns", "exec", ns, file, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        // Drain the pipes so that a chatty daemon never blocks on a full one.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    public static bool Holds(string ns, string address) =>
        Output(Ip, "-n", ns, "-br", "addr", "show", "dev", "eth0").Contains($" {address}/", StringComparison.Ordinal);

    public static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)}: exit {process.ExitCode}: {error.Trim()}");
        }
    }

    public static string Output(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    /// <summary>Starts a thread moved into the namespace (setns): the sockets it creates live there.</summary>
    public static Thread InNamespace(string ns, Action work)
    {
        var thread = new Thread(() =>
        {
            using var handle = File.OpenHandle($"/var/run/netns/{ns}");
            if (setns((int)handle.DangerousGetHandle(), 0x40000000) != 0)
            {
                throw new InvalidOperationException($"setns {ns}: errno {Marshal.GetLastPInvokeError()}");
            }

            work();
        }) { IsBackground = true, Name = $"in {ns}" };
        thread.Start();
        return thread;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    private void Add(string ns)
    {
        Run(Ip, "netns", "add", ns);
        _namespaces.Add(ns);
        Run(Ip, "-n", ns, "link", "set", "lo", "up");
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

        foreach (var ns in _namespaces)
        {
            Output(Ip, "netns", "delete", ns);
        }
    }
}
