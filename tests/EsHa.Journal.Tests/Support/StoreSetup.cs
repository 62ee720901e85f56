using EsHa.Config.Tests.Support;
using Npgsql;
using Xunit;

namespace EsHa.Journal.Tests.Support;

/// <summary>The central store as an operator sets it up (ops/postgres/setup.sh), for the tests that need one.</summary>
internal static class StoreSetup
{
    /// <summary>A fresh database set up exactly as an operator would; connection strings for each role.</summary>
    public static async Task<(string Admin, string Writer, string Auditor)> SetUpAsync(PostgresServer server, string database)
    {
        server.Require();
        var admin = await server.CreateDatabaseAsync(database);
        var builder = new NpgsqlConnectionStringBuilder(admin);
        var setup = new System.Diagnostics.ProcessStartInfo("bash", [Path.Combine(Corpus.RepoRoot, "ops", "postgres", "setup.sh"), database])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        setup.Environment["PGHOST"] = builder.Host;
        setup.Environment["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        setup.Environment["PGUSER"] = builder.Username;
        setup.Environment["ESHA"] = $"dotnet {Path.Combine(AppContext.BaseDirectory, "esha.dll")}";
        if (builder.Password is { } password)
        {
            setup.Environment["PGPASSWORD"] = password;
        }

        using (var process = System.Diagnostics.Process.Start(setup)!)
        {
            var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, $"ops/postgres/setup.sh failed: {output}{errors}");
        }

        string As(string role) => new NpgsqlConnectionStringBuilder(admin) { Username = role, Password = null }.ConnectionString;
        return (admin, As("esha_writer"), As("esha_auditor"));
    }
}
