using System.CommandLine;
using EsHa.Node.Forensics;
using EsHa.Projections.Forensics;

namespace EsHa.Cli.Commands;

/// <summary>
/// Where the forensics commands (timeline, why, replay) read from: node journals (`--journal PATH`, one per node) or
/// the central store (`--store CONNSTRING`), exactly one of the two. Either way the records become
/// <see cref="TimelineEntry"/> values and the same pure read models answer, so both give the same answers.
/// </summary>
internal sealed class ForensicsSource
{
    public Option<string[]> Journals { get; } = new("--journal") { Description = "a node's journal (repeat for each node)" };

    public Option<string?> Store { get; } = new("--store") { Description = "the central store (a PostgreSQL connection string) instead of journals" };

    public void AddTo(Command command)
    {
        command.Options.Add(Journals);
        command.Options.Add(Store);
        command.Validators.Add(r =>
        {
            var journals = r.GetValue(Journals) ?? [];
            var store = r.GetValue(Store);
            if (journals.Length == 0 == (store is null))
            {
                r.AddError("give either --journal PATH (one per node) or --store CONNSTRING");
            }
        });
    }

    /// <summary>Every record as timeline entries (with their causes); null, with the reason on stderr, when a journal
    /// or the store cannot be read.</summary>
    public List<TimelineEntry>? Read(ParseResult result)
    {
        var store = result.GetValue(Store);
        return store is not null ? StoreReader.Read(store) : ReadJournals(result.GetValue(Journals) ?? []);
    }

    /// <summary>The records of a wall-clock window (with a VIP: also its instances' starts and role changes outside
    /// the window, which say what the VIP's instances are), through the journals' indexes; everything when there is
    /// no window or the index cannot say.</summary>
    public List<TimelineEntry>? Read(ParseResult result, DateTimeOffset? from, DateTimeOffset? to, System.Net.IPAddress? vip)
    {
        if (from is null && to is null || result.GetValue(Store) is not null)
        {
            return Read(result);
        }

        try
        {
            using var forensics = new JournalForensics(result.GetValue(Journals) ?? []);
            var entries = forensics.Window(from ?? DateTimeOffset.MinValue, to ?? DateTimeOffset.MaxValue).ToList();
            if (vip is not null)
            {
                var indexed = forensics.VipRecords(vip);
                if (!indexed.Any(e => e.Fact is Domain.Vrrp.InstanceStarted))
                {
                    return forensics.All();
                }

                entries.AddRange(indexed.Where(e => e.Wall < from || e.Wall > to));
            }

            return entries;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"cannot read the journal: {e.Message}");
            return null;
        }
    }

    /// <summary>`replay --at`: from journals, each folded apart, streaming; from the store, a fold of its records.
    /// Null, with the reason on stderr, when a source cannot be read.</summary>
    public StateSnapshot? StateAt(ParseResult result, DateTimeOffset at)
    {
        if (result.GetValue(Store) is not null)
        {
            return Read(result) is { } entries ? Projections.Forensics.StateAt.Of(entries, at) : null;
        }

        try
        {
            using var forensics = new JournalForensics(result.GetValue(Journals) ?? []);
            return forensics.StateAt(at);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException
                                      or AggregateException { InnerException: IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException })
        {
            Console.Error.WriteLine($"cannot read the journal: {(e is AggregateException a ? a.InnerException!.Message : e.Message)}");
            return null;
        }
    }

    public static List<TimelineEntry>? ReadJournals(IEnumerable<string> journals)
    {
        try
        {
            using var forensics = new JournalForensics(journals);
            return forensics.All();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"cannot read the journal: {e.Message}");
            return null;
        }
    }

    /// <summary>`why` for one move through the source's indexes (<see cref="WhyQuery"/>): the moves, or null after
    /// printing why the source cannot be read; <paramref name="unindexed"/> is set when the index cannot say and
    /// everything must be read instead.</summary>
    public IReadOnlyList<VipMove>? WhyIndexed(ParseResult result, System.Net.IPAddress vip, DateTimeOffset? at, out bool unindexed)
    {
        unindexed = true;
        try
        {
            using var forensics = new JournalForensics(result.GetValue(Journals) ?? []);
            var moves = WhyQuery.Explain(forensics, vip, at);
            unindexed = moves is null;
            return moves ?? [];
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"cannot read the journal: {e.Message}");
            unindexed = false;
            return null;
        }
    }
}
