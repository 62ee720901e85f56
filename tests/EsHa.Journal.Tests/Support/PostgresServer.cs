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
    /// <summary>The test collection of every test class that uses the server: one of them stops it (an outage), so
    /// they take turns rather than run beside it.</summary>
    public const string Collection = "PostgreSQL";

    private PostgreSqlContainer? _container;
    private ThrowawayPostgres? _cluster;

    /// <summary>A connection string for a superuser on the server.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>How the server was found, for messages.</summary>
    public string Kind { get; private set; } = "";

    /// <summary>Whether the tests may stop and start the server (not one given by ESHA_TEST_PG).</summary>
    public bool CanRestart => _cluster is not null || _container is not null;

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

        if (!ThrowawayPostgres.Installed)
        {
            Unavailable = $"no PostgreSQL: ESHA_TEST_PG is not set, no Docker engine answers, and {ThrowawayPostgres.Bin}/initdb is missing (ops/test.sh installs postgresql-15)";
            return;
        }

        _cluster = ThrowawayPostgres.Create();
        (ConnectionString, Kind) = (_cluster.ConnectionString, "throwaway cluster");
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

        _cluster?.Stop();
        NpgsqlConnection.ClearAllPools();
    }

    public async Task StartAsync()
    {
        if (_container is not null)
        {
            await _container.StartAsync();
            ConnectionString = _container.GetConnectionString();
        }

        _cluster?.Start();
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

        _cluster?.Dispose();
    }
}
