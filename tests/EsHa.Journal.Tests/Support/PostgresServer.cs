using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EsHa.Config.Tests.Support;
using Npgsql;
using Testcontainers.PostgreSql;
using Xunit;

namespace EsHa.Journal.Tests.Support;

/// <summary>
/// A real PostgreSQL for the store tests: <c>ESHA_TEST_PG</c> (a connection string) when set; else a Testcontainers
/// container when a Docker-compatible engine answers; else a throwaway cluster (initdb + pg_ctl from
/// /usr/lib/postgresql/15/bin, as the postgres user, in a temp folder, on a free loopback port, removed afterwards).
/// CI here has no Docker engine, so CI runs the throwaway cluster; without PostgreSQL at all, CI fails the tests.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private PostgreSqlContainer? _container;
    private string? _dataDirectory;
    private int _port;

    /// <summary>A connection string for a superuser on the server.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>How the server was found, for messages.</summary>
    public string Kind { get; private set; } = "";

    /// <summary>Whether the tests may stop and start the server (not one given by ESHA_TEST_PG).</summary>
    public bool CanRestart => _dataDirectory is not null || _container is not null;

    public string? Unavailable { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("ESHA_TEST_PG") is { Length: > 0 } given)
        {
            (ConnectionString, Kind) = (given, "ESHA_TEST_PG");
            return;
        }

        if (File.Exists("/var/run/docker.sock") || Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 })
        {
            try
            {
                _container = new PostgreSqlBuilder("postgres:15").Build();
                await _container.StartAsync();
                (ConnectionString, Kind) = (_container.GetConnectionString(), "Testcontainers");
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _container = null;
            }
        }

        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            Unavailable = $"no PostgreSQL: ESHA_TEST_PG is not set, no Docker engine answers, and {Bin}/initdb is missing (ops/test.sh installs postgresql-15)";
            return;
        }

        _dataDirectory = Path.Combine(Path.GetTempPath(), $"esha-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dataDirectory);
        Run("chown", "postgres:postgres", _dataDirectory);
        Run("runuser", "-u", "postgres", "--", Path.Combine(Bin, "initdb"), "-D", _dataDirectory, "--auth=trust", "-U", "postgres", "-E", "UTF8");
        _port = FreePort();
        Start();
        (ConnectionString, Kind) = ($"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Pooling=false", "throwaway cluster");
    }

    /// <summary>Skips (outside CI) or fails (in CI) a test when there is no server.</summary>
    public void Require()
    {
        if (Unavailable is null)
        {
            return;
        }

        if (Prerequisite.InCi)
        {
            Assert.Fail(Unavailable);
        }

        Assert.Skip(Unavailable);
    }

    /// <summary>Stops the server hard (as a crash or an outage would).</summary>
    public async Task StopAsync()
    {
        if (_container is not null)
        {
            await _container.StopAsync();
        }
        else if (_dataDirectory is not null)
        {
            Run("runuser", "-u", "postgres", "--", Path.Combine(Bin, "pg_ctl"), "-D", _dataDirectory, "-m", "immediate", "-w", "stop");
        }

        NpgsqlConnection.ClearAllPools();
    }

    public async Task StartAsync()
    {
        if (_container is not null)
        {
            await _container.StartAsync();
            ConnectionString = _container.GetConnectionString();
        }
        else if (_dataDirectory is not null)
        {
            Start();
        }
    }

    /// <summary>A new empty database on the server, for one test.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await using (var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        if (_dataDirectory is not null)
        {
            Tools.Run("runuser", "-u", "postgres", "--", Path.Combine(Bin, "pg_ctl"), "-D", _dataDirectory, "-m", "immediate", "-w", "stop");
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private void Start() => Run("runuser", "-u", "postgres", "--", Path.Combine(Bin, "pg_ctl"), "-D", _dataDirectory!, "-w", "-l",
        Path.Combine(_dataDirectory!, "server.log"), "-o", $"-p {_port} -k {_dataDirectory} -c listen_addresses=127.0.0.1 -c fsync=on", "start");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, params string[] arguments)
    {
        var (code, output) = Tools.Run(file, arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {code}: {output}");
        }
    }
}
