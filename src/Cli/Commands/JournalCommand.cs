using System.CommandLine;
using System.Net;
using EsHa.Domain.Vrrp;
using EsHa.Node.Journal;
using EsHa.Node.Journal.Embedded;

namespace EsHa.Cli.Commands;

/// <summary>esha journal cat PATH: a journal as JSON lines. esha journal load PATH --node N: appends adverts as fast as
/// it can and prints "durable N" whenever more has reached the disk (for crash tests and benchmarks).</summary>
internal static class JournalCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("journal") { Description = "a node's journal file" };
        var cat = new Command("cat", "Print a journal's records as JSON lines.") { path };
        cat.SetAction(r => Cat(r.GetValue(path)!));

        var loadPath = new Argument<string>("journal") { Description = "the journal file (created if missing)" };
        var node = new Option<string>("--node") { Description = "the node the journal belongs to", DefaultValueFactory = _ => "load" };
        var count = new Option<long>("--count") { Description = "records to append (default: until killed)", DefaultValueFactory = _ => long.MaxValue };
        var load = new Command("load", "Append synthetic adverts as fast as possible, printing what is durable (crash tests, benchmarks).")
        {
            loadPath, node, count,
        };
        load.SetAction(r => Load(r.GetValue(loadPath)!, r.GetValue(node)!, r.GetValue(count)));
        return new Command("journal", "Read and exercise a node's embedded journal.") { cat, load };
    }

    private static int Cat(string path)
    {
        try
        {
            using var reader = new JournalReader(path);
            foreach (var record in reader.Range())
            {
                Console.WriteLine(JournalLine.Of(record));
            }

            return 0;
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"{path}: {e.Message}");
            return 2;
        }
    }

    private static int Load(string path, string node, long count)
    {
        using var journal = SqliteJournal.Open(path, node, DateTimeOffset.UtcNow);
        var source = IPAddress.Parse("10.1.1.1");
        var advert = new VrrpAdvert(2, 51, 100, TimeSpan.FromSeconds(1), [IPAddress.Parse("192.168.126.100")]);
        var reported = journal.DurableSequence;
        Console.WriteLine($"durable {reported}");
        for (long i = 0; i < count; i++)
        {
            var sequence = journal.LastSequence + 1;
            var at = new Instant(sequence * 1000);
            journal.Append(new JournalRecord(node, sequence, "VI_1", new AdvertReceived(at, source, IPAddress.Parse("224.0.0.18"), 255, advert))
            {
                Wall = DateTimeOffset.UnixEpoch.AddTicks(sequence * 10_000),
                CorrelationId = sequence,
            });
            if (journal.DurableSequence is var durable && durable > reported)
            {
                // Only what SQLite has committed (WAL, synchronous=FULL) is reported; the crash test holds us to it.
                Console.WriteLine($"durable {durable}");
                reported = durable;
            }

            if ((i & 1023) == 1023)
            {
                // Let the writer keep up: the queue is bounded and this tool measures durability, not drops.
                while (journal.LastSequence - journal.DurableSequence > SqliteJournal.DefaultQueueCapacity / 2)
                {
                    Thread.Sleep(1);
                }
            }
        }

        journal.Flush(TimeSpan.FromMinutes(1));
        Console.WriteLine($"durable {journal.DurableSequence}");
        return 0;
    }
}
