using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EsHa.Journal.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of its own in a temp folder: initdb and pg_ctl from /usr/lib/postgresql/15/bin, run as the
/// postgres user (initdb refuses root), listening on a free loopback port only, removed on dispose. Shared by the
/// store tests and the shipping benchmark.
/// </summary>
public sealed class ThrowawayPostgres : IDisposable
{
    public const string Bin = "/usr/lib/postgresql/15/bin";

    private readonly string _directory;
    private readonly int _port;

    private ThrowawayPostgres(string directory, int port) => (_directory, _port) = (directory, port);

    public static bool Installed => File.Exists(Path.Combine(Bin, "initdb"));

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Pooling=false";

    public static ThrowawayPostgres Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"esha-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var cluster = new ThrowawayPostgres(directory, FreePort());
        try
        {
            Run("chown", "postgres:postgres", directory);
            Run("runuser", "-u", "postgres", "--", Path.Combine(Bin, "initdb"), "-D", directory, "--auth=trust", "-U", "postgres", "-E", "UTF8");
            cluster.Start();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public void Start() => Run("runuser", "-u", "postgres", "--", Path.Combine(Bin, "pg_ctl"), "-D", _directory, "-w", "-l",
        Path.Combine(_directory, "server.log"), "-o", $"-p {_port} -k {_directory} -c listen_addresses=127.0.0.1", "start");

    /// <summary>Stops at once, as a crash or an outage would.</summary>
    public void Stop() => Run("runuser", "-u", "postgres", "--", Path.Combine(Bin, "pg_ctl"), "-D", _directory, "-m", "immediate", "-w", "stop");

    public void Dispose()
    {
        if (File.Exists(Path.Combine(_directory, "postmaster.pid")))
        {
            try
            {
                Stop();
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {output.Result}{errors}");
        }
    }
}
