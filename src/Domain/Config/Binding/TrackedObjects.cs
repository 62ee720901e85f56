using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

/// <summary>Lines of track_script / track_interface / track_file blocks: NAME [weight N [reverse]].</summary>
internal static class TrackedObjects
{
    public static List<TrackedObject> Read(ConfigNode node, BindContext c)
    {
        var result = new List<TrackedObject>();
        foreach (var line in node.Lines ?? [])
        {
            var words = line.Words;
            int? weight = null;
            var reverse = false;
            for (var i = 1; i < words.Length; i++)
            {
                switch (words[i])
                {
                    case "weight" when i + 1 < words.Length:
                        weight = c.Int(words[++i], line.At, $"{node.Keyword} weight");
                        break;
                    case "reverse" when weight is not null:
                        reverse = true;
                        break;
                    default:
                        c.Diagnostics.Warning(line.At, DiagnosticCodes.Ignored,
                            $"{node.Keyword} {words[0]}: '{words[i]}' is not understood here and is ignored",
                            "the form is: NAME [weight N [reverse]]");
                        break;
                }
            }

            result.Add(new TrackedObject(words[0], weight, reverse, line.At));
        }

        return result;
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
