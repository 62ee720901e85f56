using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using EsHa.Config.Tests.Support;
using Xunit;

namespace EsHa.Node.Tests.Support;

/// <summary>
/// A small LAN of network namespaces of the test's own: a client namespace holding a bridge (10.9.0.10/24) and one
/// namespace per node, each with an eth0 on the bridge (10.9.0.1, .2, ...; IPv6 link-local, and fd00:9::10/64 on the
/// client's bridge). Names start with "esha-lab-"; all of it
/// (and every process started in it) goes on dispose. Nothing is connected to the host's network.
/// </summary>
public sealed partial class Lab : IDisposable
{
    private readonly List<Process> _processes = [];
    private readonly Dictionary<Process, System.Text.StringBuilder> _output = [];
    private readonly string _id = Guid.NewGuid().ToString("N")[..6];

    public Lab(params string[] nodes)
    {
        NetNamespace.Require();
        Client = $"esha-lab-{_id}-client";
        Nodes = nodes.Select(n => $"esha-lab-{_id}-{n}").ToList();
        try
        {
            foreach (var ns in Nodes.Prepend(Client))
            {
                Ip("netns", "add", ns);
                Ip("-n", ns, "link", "set", "lo", "up");
                // IPv6 addresses usable at once (no duplicate address detection), for the links made after this.
                Ip("netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
            }

            Ip("-n", Client, "link", "add", "br0", "type", "bridge");
            Ip("-n", Client, "link", "set", "br0", "up");
            Ip("-n", Client, "addr", "add", "10.9.0.10/24", "dev", "br0");
            Ip("-n", Client, "addr", "add", "fd00:9::10/64", "dev", "br0", "nodad");
            for (var i = 0; i < Nodes.Count; i++)
            {
                Ip("-n", Client, "link", "add", $"v{i}", "type", "veth", "peer", "name", "eth0", "netns", Nodes[i]);
                Ip("-n", Client, "link", "set", $"v{i}", "master", "br0", "up");
                Ip("-n", Nodes[i], "addr", "add", $"{Address(i)}/24", "dev", "eth0");
                Ip("-n", Nodes[i], "link", "set", "eth0", "up");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Client { get; }

    public IReadOnlyList<string> Nodes { get; }

    public static string Address(int node) => $"10.9.0.{node + 1}";

    /// <summary>Starts a program inside a namespace (killed on dispose unless it ended first).</summary>
    public Process Start(string ns, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(NetNamespace.Ip) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["netns", "exec", ns, file, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        // Drained as it comes, so that a chatty program never blocks on a full pipe; read with OutputOf.
        var output = _output[process] = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    /// <summary>Starts `esha run` (node name "es") with its configuration, journal and status socket, and any other options.</summary>
    public Process StartEsha(string ns, string config, string journal, string statusSocket, params string[] options) =>
        Start(ns, "dotnet", [Path.Combine(AppContext.BaseDirectory, "esha.dll"), "run", "-f", config, "--journal", journal, "--node", "es",
            "--status-socket", statusSocket, .. options]);

    /// <summary>What a program started with <see cref="Start"/> has written so far (stdout and stderr).</summary>
    public string OutputOf(Process process)
    {
        var output = _output[process];
        lock (output)
        {
            return output.ToString();
        }
    }

    /// <summary>An HTTP GET from inside a namespace (its own loopback), the whole response as text; null when nothing answers.</summary>
    public static string? HttpGet(string ns, int port, string path) => InNamespace(ns, () =>
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
        }
        catch (SocketException)
        {
            return null;
        }

        using var stream = client.GetStream();
        stream.Write(System.Text.Encoding.ASCII.GetBytes($"GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>Whether the node's eth0 holds the address.</summary>
    public bool Holds(string ns, string address) =>
        Tools.Run(NetNamespace.Ip, "-n", ns, "-br", "addr", "show", "dev", "eth0").Output.Contains($" {address}/", StringComparison.Ordinal);

    public void Ip(params string[] arguments)
    {
        var (code, output) = Tools.Run(NetNamespace.Ip, arguments);
        Assert.True(code == 0, $"ip {string.Join(' ', arguments)}: exit {code}\n{output}");
    }

    public string Mac(string ns) => Tools.Run(NetNamespace.Ip, "-n", ns, "-br", "link", "show", "dev", "eth0").Output.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];

    /// <summary>The MAC the client's neighbour table has for an address.</summary>
    public string? ClientNeighbour(string address) =>
        Tools.Run(NetNamespace.Ip, "-n", Client, "neigh", "show", address).Output.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .SkipWhile(w => w != "lladdr").Skip(1).FirstOrDefault();

    /// <summary>Opens a TCP connection from the client namespace to the address and reads what the server says.</summary>
    public string? ClientReads(string address, int port) => InNamespace(Client, () =>
    {
        using var client = new TcpClient();
        if (!client.ConnectAsync(IPAddress.Parse(address), port).Wait(TimeSpan.FromSeconds(2)))
        {
            return null;
        }

        using var reader = new StreamReader(client.GetStream());
        return reader.ReadLine();
    });

    /// <summary>A TCP server in a namespace that greets each connection with <paramref name="greeting"/>.</summary>
    public TcpListener Serve(string ns, int port, string greeting)
    {
        var listener = InNamespace(ns, () =>
        {
            var l = TcpListener.Create(port); // IPv6 and IPv4 (dual mode)
            l.Start();
            return l;
        });
        _ = Task.Run(async () =>
        {
            while (true)
            {
                TcpClient accepted;
                try
                {
                    accepted = await listener.AcceptTcpClientAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }

                using (accepted)
                {
                    await accepted.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(greeting + "\n"));
                }
            }
        });
        return listener;
    }

    /// <summary>Runs code on a thread of its own moved into the namespace (setns): its sockets live there.</summary>
    internal static T InNamespace<T>(string ns, Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{ns}");
                if (setns((int)handle.DangerousGetHandle(), 0x40000000) != 0)
                {
                    throw new InvalidOperationException($"setns {ns}: errno {Marshal.GetLastPInvokeError()}");
                }

                result = work();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException($"in {ns}: {failure.Message}", failure);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    /// <summary>Polls until the condition holds; false at the timeout.</summary>
    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(100);
        }

        return true;
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

        foreach (var ns in Nodes.Prepend(Client))
        {
            Tools.Run(NetNamespace.Ip, "netns", "delete", ns);
        }
    }
}
