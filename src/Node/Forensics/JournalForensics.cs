using System.Net;
using System.Text.Json;
using EsHa.Node.Journal;
using EsHa.Node.Journal.Embedded;
using EsHa.Projections.Forensics;
using EsHa.Projections.Journal;

namespace EsHa.Node.Forensics;

/// <summary>The forensics reads over node journals, one reader each (see <see cref="IForensicsIndex"/>).</summary>
public sealed class JournalForensics : IForensicsIndex, IDisposable
{
    private readonly List<JournalReader> _readers = [];

    /// <exception cref="IOException">a journal cannot be opened</exception>
    public JournalForensics(IEnumerable<string> paths)
    {
        try
        {
            foreach (var path in paths)
            {
                _readers.Add(new JournalReader(path));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public static TimelineEntry Entry(JournalRecord r) => new(r.Node, r.Sequence, r.Stream, r.Wall, r.Fact, r.CausationId);

    /// <summary>Every record of every journal.</summary>
    public List<TimelineEntry> All() => [.. _readers.SelectMany(r => r.Range()).Select(Entry)];

    /// <summary>The state at a time (`replay --at`): each journal folded on a core of its own, streaming (what
    /// changes state only, see JournalReader.ForFold), and the nodes' states merged.</summary>
    public StateSnapshot StateAt(DateTimeOffset at)
    {
        var folds = new NodeStateFold[_readers.Count];
        Parallel.For(0, _readers.Count, i =>
        {
            var (after, fold) = FromCheckpoint(_readers[i], at);
            foreach (var record in _readers[i].ForFold(at, after))
            {
                fold.Apply(Entry(record));
            }

            folds[i] = fold;
        });
        return Projections.Forensics.StateAt.Merge(at, folds);
    }

    /// <summary>Where a fold to <paramref name="at"/> can start: the journal's last usable checkpoint, or its first
    /// record when it has none (or the one it has cannot be read: checkpoints are derived, the records are the truth).</summary>
    private static (long After, NodeStateFold Fold) FromCheckpoint(JournalReader reader, DateTimeOffset at)
    {
        try
        {
            if (reader.LatestCheckpoint(at) is var (sequence, state) && FactJson.DeserializeCheckpoint(state) is { } checkpoint)
            {
                return (sequence, NodeStateFold.Restore(reader.Node, checkpoint));
            }
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or ArgumentException or InvalidOperationException)
        {
            // Malformed (JSON that is not one, or a state with parts missing): fold from the records.
        }

        return (0, new NodeStateFold(reader.Node));
    }

    public IReadOnlyList<TimelineEntry> VipRecords(IPAddress vip) => [.. _readers.SelectMany(r => r.VipMoves(vip.ToString())).Select(Entry)];

    public IReadOnlyList<TimelineEntry> Window(DateTimeOffset from, DateTimeOffset to) => [.. _readers.SelectMany(r => r.Between(from, to)).Select(Entry)];

    public IReadOnlyList<TimelineEntry> Window(DateTimeOffset from, DateTimeOffset to, IReadOnlySet<string> streams) =>
        [.. _readers.SelectMany(r => r.Between(from, to, streams)).Select(Entry)];

    public TimelineEntry? Record(string node, long sequence) =>
        _readers.Where(r => r.Node == node).SelectMany(r => r.Range(sequence, sequence)).Select(Entry).FirstOrDefault();

    public void Dispose() => _readers.ForEach(r => r.Dispose());
}
