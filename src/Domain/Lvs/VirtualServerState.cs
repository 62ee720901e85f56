using System.Collections.Immutable;

namespace EsHa.Domain.Lvs;

/// <summary>A virtual server's own state: whether its quorum is up, and the weight each live real server brings
/// (their sum is what quorum is measured against). The sorry server serves while the quorum is down.</summary>
public sealed record VirtualServerState(VirtualServerSettings Settings, bool Started, bool QuorumUp, ImmutableDictionary<string, int> Live)
{
    public static VirtualServerState Idle(VirtualServerSettings settings) =>
        new(settings, false, false, ImmutableDictionary<string, int>.Empty.WithComparers(StringComparer.Ordinal));

    public int WeightSum => Live.Values.Sum();

    /// <summary>Whether the sorry server stands in for the real servers.</summary>
    public bool SorryServerActive => Started && Settings.HasSorryServer && !QuorumUp;
}
