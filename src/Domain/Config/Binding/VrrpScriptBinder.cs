using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

internal static class VrrpScriptBinder
{
    public static VrrpScript Bind(string name, ConfigNode block, BindContext c)
    {
        var s = new VrrpScript { Name = name, At = block.At, EndAt = block.EndAt };
        var map = new SourceMap(block.Children?.Count ?? 0);
        foreach (var n in block.Children ?? [])
        {
            map.Set(n);
            s = n.Keyword switch
            {
                "script" => s with { Script = c.Script(n) },
                "interval" => s with { Interval = c.Seconds(n) ?? s.Interval },
                "timeout" => s with { Timeout = c.Seconds(n) },
                "weight" => TrackedObjects.Weight(n, c) is var (w, r) ? s with { Weight = w ?? 0, WeightReverse = r } : s,
                "rise" => s with { Rise = c.Int(n) ?? s.Rise },
                "fall" => s with { Fall = c.Int(n) ?? s.Fall },
                "user" => s with { User = c.Word(n), Group = n.Arg(1) },
                "init_fail" => s with { InitFail = true },
                _ => map.Carry(s, c, n, "vrrp_script"),
            };
        }

        return s with { Sources = map.Sources, Carried = map.Carried };
    }

}

internal static class TrackFileBinder
{
    public static TrackFile Bind(string name, ConfigNode block, BindContext c)
    {
        var t = new TrackFile { Name = name, At = block.At };
        var map = new SourceMap(block.Children?.Count ?? 0);
        if (block.Keyword == "vrrp_track_file")
        {
            c.Diagnostics.Warning(block.At, DiagnosticCodes.Deprecated,
                "vrrp_track_file is deprecated - please use track_file");
        }

        foreach (var n in block.Children ?? [])
        {
            map.Set(n);
            t = n.Keyword switch
            {
                "file" => t with { File = c.Word(n) },
                "weight" => TrackedObjects.Weight(n, c) is var (w, r) ? t with { Weight = w ?? 1, WeightReverse = r } : t,
                "init_file" => InitFile(t, n, c),
                _ => t,
            };
        }

        if (t.File is null)
        {
            c.Diagnostics.Error(block.At, DiagnosticCodes.MissingRequired, $"track_file {name} has no 'file' - keepalived ignores it");
        }

        return t with { Sources = map.Sources };
    }

    /// <summary>init_file [VALUE] [overwrite].</summary>
    private static TrackFile InitFile(TrackFile t, ConfigNode n, BindContext c)
    {
        var value = 0;
        var overwrite = false;
        foreach (var arg in n.Args)
        {
            if (arg == "overwrite")
            {
                overwrite = true;
            }
            else
            {
                value = c.Int(arg, n.At, "init_file") ?? 0;
            }
        }

        return t with { InitFile = true, InitValue = value, InitOverwrite = overwrite };
    }
}
