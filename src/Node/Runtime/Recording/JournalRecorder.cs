using EsHa.Domain.Vrrp;
using EsHa.Node.Journal;

namespace EsHa.Node.Runtime.Recording;

/// <summary>
/// Turns a node's drafts into journal records: sequences, causation and correlation ids, and the coalescing of
/// steady traffic. A batch with a signature (<see cref="BatchSignature"/>) that matches an open run of its stream is
/// held back: the run's first batch was written, and the latest one is written, with the number of occurrences it
/// closes, when anything else happens on the node, when the run has been quiet for <see cref="CheckpointEvery"/>,
/// or on <see cref="Flush"/>. So a quiet day is a few records a minute per instance, every change is journaled as
/// it happens, and the records stay in time order.
/// </summary>
internal sealed class JournalRecorder(string node, IJournal journal, TimeSpan checkpointEvery)
{
    private sealed class Run(Draft[] anchor)
    {
        /// <summary>The run's batch that was written last (the first, or the last checkpoint).</summary>
        public Draft[] Anchor { get; set; } = anchor;

        public Draft[]? Pending { get; set; }

        public int PendingCount { get; set; }
    }

    private readonly Dictionary<string, Dictionary<string, Run>> _runs = new(StringComparer.Ordinal);
    private long _sequence = journal.LastSequence;

    /// <summary>How many runs hold a batch back (so that a flush with none costs nothing).</summary>
    private int _held;

    public TimeSpan CheckpointEvery { get; } = checkpointEvery;

    /// <summary>Records one batch (its first draft is the input, or a lone event), coalescing it when it repeats.
    /// <paramref name="local"/>: the batch closes only its own stream's held-back runs, not every stream's (health
    /// checks: with thousands of real servers, a result that decides something for one of them must not write out
    /// the held-back successes of all the others; those are written at their checkpoints).</summary>
    public void Record(Draft[] batch, string? signature, bool local = false)
    {
        var stream = batch[0].Stream;
        if (signature is not null && _runs.TryGetValue(stream, out var runs) && runs.TryGetValue(signature, out var run))
        {
            if (run.Pending is { } dropped)
            {
                for (var i = 0; i < dropped.Length; i++)
                {
                    dropped[i].StandIn = run.Anchor[i];
                }
            }

            if (run.Pending is null)
            {
                _held++;
            }

            run.Pending = batch;
            run.PendingCount++;
            if (batch[0].Fact.At - run.Anchor[0].Fact.At >= CheckpointEvery)
            {
                WritePending(run);
            }

            return;
        }

        if (local)
        {
            if (_runs.Remove(stream, out var own))
            {
                foreach (var held in own.Values.Where(r => r.Pending is not null).OrderBy(r => r.Pending![0].Fact.At))
                {
                    WritePending(held);
                }
            }
        }
        else
        {
            Flush();
            _runs.Remove(stream);
        }

        Write(batch, 1);
        if (signature is not null)
        {
            _runs[stream] = new Dictionary<string, Run>(StringComparer.Ordinal) { [signature] = new Run(batch) };
        }
    }

    /// <summary>Writes every held-back batch, oldest first; the runs stay open.</summary>
    public void Flush()
    {
        if (_held == 0)
        {
            return;
        }

        var pending = _runs.Values.SelectMany(r => r.Values).Where(r => r.Pending is not null)
            .OrderBy(r => r.Pending![0].Fact.At).ThenBy(r => r.Pending![0].Stream, StringComparer.Ordinal).ToList();
        foreach (var run in pending)
        {
            WritePending(run);
        }
    }

    private void WritePending(Run run)
    {
        var batch = run.Pending!;
        Write(batch, run.PendingCount);
        run.Anchor = batch;
        run.Pending = null;
        run.PendingCount = 0;
        _held--;
    }

    private void Write(Draft[] batch, int repeats)
    {
        foreach (var draft in batch)
        {
            draft.Sequence = ++_sequence;
            journal.Append(new JournalRecord(node, draft.Sequence, draft.Stream, draft.Fact)
            {
                Wall = draft.Wall,
                CausationId = draft.Cause?.Resolve(),
                CorrelationId = draft.Root?.Resolve() ?? draft.Sequence,
                Repeats = repeats,
            });
        }
    }
}
