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
        return store is not null ? StoreReader.Read(store) : OverJournals(result, journals => journals.All());
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

        return OverJournals(result, journals =>
        {
            var entries = journals.Window(from ?? DateTimeOffset.MinValue, to ?? DateTimeOffset.MaxValue).ToList();
            if (vip is not null)
            {
                var indexed = journals.VipRecords(vip);
                if (!indexed.Any(e => e.Fact is Domain.Vrrp.InstanceStarted))
                {
                    return journals.All();
                }

                entries.AddRange(indexed.Where(e => e.Wall < from || e.Wall > to));
            }

            return entries;
        });
    }

    /// <summary>`replay --at`: from journals, each folded apart, streaming; from the store, a fold of its records.
    /// Null, with the reason on stderr, when a source cannot be read.</summary>
    public StateSnapshot? StateAt(ParseResult result, DateTimeOffset at) => result.GetValue(Store) is not null
        ? Read(result) is { } entries ? Projections.Forensics.StateAt.Of(entries, at) : null
        : OverJournals(result, journals => journals.StateAt(at));

    /// <summary>A read over the journals given (see <see cref="JournalForensics"/>); null, with the reason on stderr,
    /// when one cannot be opened or read (a parallel read's failure is told by its first cause).</summary>
    public T? OverJournals<T>(ParseResult result, Func<JournalForensics, T> read)
        where T : class
    {
        try
        {
            using var journals = new JournalForensics(result.GetValue(Journals) ?? []);
            return read(journals);
        }
        catch (Exception e) when (Unreadable(e is AggregateException { InnerException: { } first } ? first : e) is { } reason)
        {
            Console.Error.WriteLine($"cannot read the journal: {reason.Message}");
            return null;
        }
    }

    private static Exception? Unreadable(Exception e) =>
        e is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException ? e : null;
}
