using System.CommandLine;
using EsHa.Node.Journal.Central;

namespace EsHa.Cli.Commands;

/// <summary>esha ship --journal PATH --store CONNSTRING [--follow]: ships a node's journal to the central store.
/// esha store init --store CONNSTRING: creates the store's tables (as the administrator; see ops/postgres).</summary>
internal static class StoreCommands
{
    public static Command Ship()
    {
        var journal = new Option<string>("--journal") { Description = "the node's journal file", Required = true };
        var store = new Option<string>("--store") { Description = "the central store (a PostgreSQL connection string)", Required = true };
        var follow = new Option<bool>("--follow") { Description = "keep shipping as the journal grows, until interrupted" };
        var command = new Command("ship", "Ship a node's journal to the central store (at least once, idempotent, resumes).") { journal, store, follow };
        command.SetAction(async (r, cancellation) =>
        {
            var path = r.GetValue(journal)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"{path}: no such journal");
                return 2;
            }

            using var documents = CentralStore.Open(r.GetValue(store)!, manageSchema: false);
            var progress = await new JournalShipper(path, documents).RunAsync(r.GetValue(follow), cancellation);
            Console.WriteLine($"{progress.Node}: shipped {progress.Shipped} records; the store holds {progress.StoreVersion}, up to sequence {progress.LastSequence}" +
                (progress.Retries > 0 ? $" ({progress.Retries} retries; last: {progress.LastError})" : ""));
            return 0;
        });
        return command;
    }

    public static Command Store()
    {
        var store = new Option<string>("--store") { Description = "an administrator's connection string", Required = true };
        var init = new Command("init", "Create or update the central store's tables, functions and indexes.") { store };
        init.SetAction(async (r, cancellation) =>
        {
            await CentralStore.InitializeAsync(r.GetValue(store)!, cancellation);
            Console.WriteLine($"store ready (schema {CentralStore.Schema})");
            return 0;
        });
        return new Command("store", "Manage the central store.") { init };
    }
}
