using EsHa.Domain.Facts;

namespace EsHa.Node.Journal;

/// <summary>
/// One record of a node's journal: a fact (an input or an event) with its envelope. <paramref name="Stream"/> is what
/// the fact is about: an instance ("VI_1"), a sync group ("VG_1"), or "" for the node itself.
/// </summary>
/// <param name="Sequence">per node, gapless, from 1; never reused (a restarted node continues the count)</param>
public sealed record JournalRecord(string Node, long Sequence, string Stream, Fact Fact)
{
    /// <summary>The node's wall clock when the input behind this record arrived (the fact's own At is monotonic).</summary>
    public DateTimeOffset Wall { get; init; }

    /// <summary>The record that caused this one: for an event, the input it was decided from; for a timer input, the
    /// event that armed the timer; for a sync-group move, the member's event. Null for inputs from outside.</summary>
    public long? CausationId { get; init; }

    /// <summary>The outside input at the root of the causation chain (a record's own sequence when it is one).</summary>
    public long CorrelationId { get; init; }

    /// <summary>How many identical occurrences this record stands for, itself included: runs of identical inputs
    /// with identical outcomes (the master's advert every second) are journaled as their first occurrence and then
    /// one record closing the run (on any change, and at least every checkpoint interval) with the count.</summary>
    public int Repeats { get; init; } = 1;
}

/// <summary>Where a node's records go. Appending must be cheap and never wait on a disk: the HA loop calls it.</summary>
public interface IJournal
{
    /// <summary>The last sequence given to the journal (0 for an empty journal): a restarted node continues from here.</summary>
    long LastSequence { get; }

    /// <summary>The fact of the last record the journal held when it was opened (null if none): tells a restart
    /// whether the previous run stopped cleanly.</summary>
    Fact? LastFactAtOpen { get; }

    /// <summary>Takes a record with the next sequence. Never blocks on IO; a record that cannot be written is
    /// counted and shows later as a <see cref="JournalGap"/>.</summary>
    void Append(JournalRecord record);
}

/// <summary>The first record of every journal (the chain starts at its hash).</summary>
public static class JournalGenesis
{
    public static JournalRecord For(string node, DateTimeOffset created) =>
        new(node, 1, "", new JournalCreated(Domain.Vrrp.Instant.Zero, node, created)) { Wall = created, CorrelationId = 1 };
}

/// <summary>A journal in memory: the simulator's (it outlives a simulated crash, as a disk would) and tests'. It
/// starts with the same <see cref="JournalCreated"/> record as a durable one.</summary>
public sealed class MemoryJournal : IJournal
{
    private int _openedWith;

    public MemoryJournal(string node, DateTimeOffset created)
    {
        Records.Add(JournalGenesis.For(node, created));
        _openedWith = 1;
    }

    public List<JournalRecord> Records { get; } = [];

    public long LastSequence => Records.Count == 0 ? 0 : Records[^1].Sequence;

    public Fact? LastFactAtOpen => Records[_openedWith - 1].Fact;

    /// <summary>What a node sees when it opens the journal again (after a simulated crash or stop).</summary>
    public MemoryJournal Reopen()
    {
        _openedWith = Records.Count;
        return this;
    }

    public void Append(JournalRecord record)
    {
        if (record.Sequence != LastSequence + 1)
        {
            throw new InvalidOperationException($"{record.Node}: record {record.Sequence} after {LastSequence}; sequences are gapless");
        }

        Records.Add(record);
    }
}

/// <summary>Two journals fed the same records: the simulator keeps its checks on the one in memory and writes the
/// durable one an operator can read afterwards (both start with the same genesis record).</summary>
public sealed class TeeJournal(IJournal primary, IJournal copy) : IJournal
{
    public long LastSequence => primary.LastSequence;

    public Fact? LastFactAtOpen => primary.LastFactAtOpen;

    public void Append(JournalRecord record)
    {
        primary.Append(record);
        copy.Append(record);
    }
}
