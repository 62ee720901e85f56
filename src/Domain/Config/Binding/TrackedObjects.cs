using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

/// <summary>Lines of track_script / track_interface / track_file blocks: NAME [weight N [reverse]].</summary>
internal static class TrackedObjects
{
    private const int TrackWeightMax = 253;

    /// <summary>keepalived's alloc_track_*: NAME [weight N [reverse|noreverse]]. A line with another option, or
    /// "weight" without a value, is skipped; a weight outside -253..253 is ignored (±254 becomes ±253); a name
    /// tracked twice is tracked once.</summary>
    public static List<TrackedObject> Read(ConfigNode node, BindContext c, IEnumerable<TrackedObject>? already = null)
    {
        var result = new List<TrackedObject>();
        var names = (already ?? []).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var line in node.Lines ?? [])
        {
            if (Line(node.Keyword, line, c) is not { } tracked)
            {
                continue;
            }

            if (!names.Add(tracked.Name))
            {
                c.Diagnostics.Warning(line.At, DiagnosticCodes.Duplicate, $"duplicate {node.Keyword} {tracked.Name} - keepalived ignores it");
                continue;
            }

            result.Add(tracked);
        }

        return result;
    }

    private static TrackedObject? Line(string keyword, RawLine line, BindContext c)
    {
        var words = line.Words;
        if (words.Length == 1)
        {
            return new TrackedObject(words[0], null, null, line.At);
        }

        if (words[1] != "weight" || words.Length == 2)
        {
            c.Diagnostics.Error(line.At, DiagnosticCodes.BadValue,
                words[1] != "weight" ? $"unknown {keyword} option '{words[1]}' for {words[0]} - keepalived skips this line"
                    : $"weight without value for {keyword} {words[0]} - keepalived skips this line",
                "the form is: NAME [weight N [reverse|noreverse]]");
            return null;
        }

        int? weight = int.TryParse(words[2], out var w) ? w : null;
        if (weight is not { } value || Math.Abs(value) > TrackWeightMax + 1)
        {
            c.Diagnostics.Error(line.At, DiagnosticCodes.OutOfRange,
                $"{keyword} {words[0]}: weight must be between -253 and 253 - keepalived ignores '{words[2]}'");
            weight = null;
        }
        else if (Math.Abs(value) == TrackWeightMax + 1)
        {
            c.Diagnostics.Warning(line.At, DiagnosticCodes.ConflictResolved,
                $"{keyword} {words[0]}: weight cannot be +/-254 - keepalived uses {Math.Sign(value) * TrackWeightMax}");
            weight = Math.Sign(value) * TrackWeightMax;
        }

        bool? reverse = words.Length > 3 ? words[3] switch { "reverse" => true, "noreverse" => false, _ => null } : null;
        if (words.Length > 3 && reverse is null)
        {
            c.Diagnostics.Warning(line.At, DiagnosticCodes.Ignored, $"unknown {keyword} {words[0]} weight option '{words[3]}' - keepalived ignores it");
        }

        return new TrackedObject(words[0], weight, reverse, line.At);
    }

    /// <summary>"weight N [reverse]" on a vrrp_script or track_file line.</summary>
    public static (int? Weight, bool Reverse) Weight(ConfigNode n, BindContext c)
    {
        var weight = c.Int(n);
        var reverse = n.Arg(1) == "reverse";
        if (n.Arg(1) is { } extra && !reverse)
        {
            c.Diagnostics.Error(n.At, DiagnosticCodes.BadValue, $"unknown weight option '{extra}'", "only 'reverse' may follow the weight");
        }

        return (weight, reverse);
    }

    public static List<GroupMember> Members(ConfigNode node) =>
        (node.Lines ?? []).SelectMany(l => l.Words.Select(w => new GroupMember(w, l.At))).ToList();
}
