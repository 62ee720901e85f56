using System.CommandLine;
using System.Text.Json;
using EsHa.Node.Journal.Verification;

namespace EsHa.Cli.Commands;

/// <summary>esha verify --journal PATH... | --store CONNSTRING [--node ID] [--json]: recomputes hash chains (a node's
/// journal with its archives, or the central store's node streams) and reports the gaps they explain and every break
/// (edited, missing, reordered records; a damaged file; deleted store rows). Exit 0 intact, 1 broken, 2 unreadable.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var journals = new Option<string[]>("--journal") { Description = "a node's journal file (repeatable)", AllowMultipleArgumentsPerToken = false };
        var store = new Option<string?>("--store") { Description = "the central store (a PostgreSQL connection string; the auditor's will do)" };
        var node = new Option<string?>("--node") { Description = "with --store: only this node's stream" };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var command = new Command("verify", "Check journals' hash chains: edited, missing or reordered records, and the gaps they explain.")
        {
            journals, store, node, json,
        };
        command.SetAction(async (r, cancellation) => await Run(r.GetValue(journals) ?? [], r.GetValue(store), r.GetValue(node), r.GetValue(json), cancellation));
        return command;
    }

    private static async Task<int> Run(string[] paths, string? store, string? node, bool json, CancellationToken cancellation)
    {
        if (paths.Length == 0 && store is null)
        {
            Console.Error.WriteLine("esha verify: name --journal PATH (repeatable) or --store CONNSTRING");
            return 2;
        }

        var results = new List<(string Path, JournalVerification? Result, string? Error)>();
        foreach (var path in paths)
        {
            results.Add(File.Exists(path) ? (path, JournalVerifier.Verify(path), null) : (path, null, "no such file"));
        }

        if (store is not null)
        {
            try
            {
                using var documents = Node.Journal.Central.CentralStore.Open(store, manageSchema: false);
                foreach (var result in await StoreVerifier.VerifyAsync(documents, node, cancellation))
                {
                    results.Add(($"store node-{result.Node}", result, null));
                }
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or Marten.Exceptions.MartenCommandException or InvalidOperationException)
            {
                results.Add(("store", null, e.Message));
            }
        }

        if (json)
        {
            Console.WriteLine(Json(results));
        }
        else
        {
            foreach (var (path, result, error) in results)
            {
                if (result is null)
                {
                    Console.WriteLine($"{path}: cannot verify: {error}");
                    continue;
                }

                Console.WriteLine($"{path}: node {result.Node}, {result.Records} records, last sequence {result.LastSequence}: " +
                    (result.Intact ? "chain intact" : $"{result.Problems.Count} problem(s)"));
                foreach (var gap in result.Gaps)
                {
                    Console.WriteLine($"  gap (explained): records {gap.FirstSequence}..{gap.LastSequence} not written: {gap.Reason}");
                }

                foreach (var problem in result.Problems)
                {
                    Console.WriteLine($"  BROKEN: {problem.What}");
                }
            }
        }

        return results.Any(r => r.Result is null) ? 2 : results.All(r => r.Result!.Intact) ? 0 : 1;
    }

    private static string Json(List<(string Path, JournalVerification? Result, string? Error)> results)
    {
        return JsonText.Indented(writer =>
        {
            writer.WriteStartArray();
            foreach (var (path, result, error) in results)
            {
                writer.WriteStartObject();
                writer.WriteString("journal", path);
                if (result is null)
                {
                    writer.WriteString("error", error);
                    writer.WriteEndObject();
                    continue;
                }

                writer.WriteString("node", result.Node);
                writer.WriteNumber("records", result.Records);
                writer.WriteNumber("lastSequence", result.LastSequence);
                writer.WriteBoolean("intact", result.Intact);
                writer.WriteStartArray("gaps");
                foreach (var gap in result.Gaps)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("first", gap.FirstSequence);
                    writer.WriteNumber("last", gap.LastSequence);
                    writer.WriteString("reason", gap.Reason);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteStartArray("problems");
                foreach (var problem in result.Problems)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("sequence", problem.Sequence);
                    writer.WriteString("what", problem.What);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }
}
