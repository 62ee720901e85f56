using System.CommandLine;
using System.Text.Json;
using EsHa.Node.Journal.Verification;

namespace EsHa.Cli.Commands;

/// <summary>esha verify --journal PATH [--json]: recomputes a journal's hash chain and reports the gaps it explains
/// and every break (edited, missing, reordered records; a damaged file). Exit 0 intact, 1 broken, 2 unreadable.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var journals = new Option<string[]>("--journal") { Description = "a node's journal file (repeatable)", AllowMultipleArgumentsPerToken = false };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var command = new Command("verify", "Check journals' hash chains: edited, missing or reordered records, and the gaps they explain.")
        {
            journals, json,
        };
        command.SetAction(r => Run(r.GetValue(journals) ?? [], r.GetValue(json)));
        return command;
    }

    private static int Run(string[] paths, bool json)
    {
        if (paths.Length == 0)
        {
            Console.Error.WriteLine("esha verify: name at least one --journal PATH");
            return 2;
        }

        var results = new List<(string Path, JournalVerification? Result, string? Error)>();
        foreach (var path in paths)
        {
            results.Add(File.Exists(path) ? (path, JournalVerifier.Verify(path), null) : (path, null, "no such file"));
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
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
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
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
