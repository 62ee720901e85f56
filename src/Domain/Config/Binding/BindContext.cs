using System.Globalization;
using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

/// <summary>Turns keyword arguments into typed values, reporting what cannot be read at its line. Ranges are not
/// checked here: the validators do that, so the model keeps what the operator wrote.</summary>
internal sealed class BindContext(DiagnosticBag diagnostics)
{
    public DiagnosticBag Diagnostics => diagnostics;

    public string? Word(ConfigNode node, int index = 0)
    {
        if (node.Arg(index) is { } word)
        {
            return word;
        }

        diagnostics.Error(node.At, DiagnosticCodes.MissingArgument,
            $"'{node.Keyword}' needs {(index == 0 ? "a value" : $"a value at position {index + 1}")}");
        return null;
    }

    public int? Int(ConfigNode node, int index = 0) =>
        Word(node, index) is { } word ? Int(word, node.At, node.Keyword) : null;

    public int? Int(string word, SourceLocation at, string what)
    {
        if (int.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        diagnostics.Error(at, DiagnosticCodes.BadValue, $"'{what}' expects a whole number, not '{word}'");
        return null;
    }

    public uint? UInt(ConfigNode node, int index = 0)
    {
        if (Word(node, index) is not { } word)
        {
            return null;
        }

        var hex = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (uint.TryParse(hex ? word[2..] : word, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None,
                CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        diagnostics.Error(node.At, DiagnosticCodes.BadValue, $"'{node.Keyword}' expects an unsigned number, not '{word}'");
        return null;
    }

    /// <summary>keepalived's TIMER: decimal seconds, microsecond resolution.</summary>
    public TimeSpan? Timer(ConfigNode node, int index = 0) =>
        Word(node, index) is { } word ? Timer(word, node.At, node.Keyword) : null;

    public TimeSpan? Timer(string word, SourceLocation at, string what)
    {
        if (decimal.TryParse(word, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            && seconds <= 1_000_000_000m)
        {
            return TimeSpan.FromTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond));
        }

        diagnostics.Error(at, DiagnosticCodes.BadValue, $"'{what}' expects a time in seconds (like 3 or 0.5), not '{word}'");
        return null;
    }

    /// <summary>keepalived's read_unsigned seconds (garp delays, script interval, persistence_timeout...): a
    /// fraction is a config error for keepalived -t, and a running keepalived keeps the whole part, as here.</summary>
    public TimeSpan? Seconds(ConfigNode node)
    {
        if (Word(node) is not { } word)
        {
            return null;
        }

        if (uint.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (decimal.TryParse(word, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fraction)
            && fraction < uint.MaxValue)
        {
            var whole = decimal.Truncate(fraction);
            diagnostics.Error(node.At, DiagnosticCodes.BadValue,
                $"'{node.Keyword}' takes whole seconds, not '{word}': keepalived -t rejects it and a running keepalived uses {whole}");
            return TimeSpan.FromSeconds((double)whole);
        }

        diagnostics.Error(node.At, DiagnosticCodes.BadValue, $"'{node.Keyword}' expects whole seconds, not '{word}'");
        return null;
    }

    /// <summary>A keyword whose keepalived handler switches it on whatever follows (enable_script_security,
    /// inhibit_on_failure, alpha, omega, ha_suspend...): a following "off" is ignored, which EsHa says.</summary>
    public bool On(ConfigNode node)
    {
        if (node.Arg(0) is { } word)
        {
            diagnostics.Warning(node.At, DiagnosticCodes.Ignored,
                $"keepalived ignores '{word}' after '{node.Keyword}': the keyword alone switches it on", $"remove '{node.Keyword}' to leave it off");
        }

        return true;
    }

    /// <summary>keepalived keeps the first of these (notify scripts, url digests) and reports the others.</summary>
    public T? First<T>(T? current, ConfigNode node, Func<ConfigNode, T?> read)
        where T : class
    {
        if (current is null)
        {
            return read(node);
        }

        diagnostics.Warning(node.At, DiagnosticCodes.Duplicate,
            $"'{node.Keyword}' is already set in this block: keepalived keeps the first one and ignores this");
        return current;
    }

    /// <summary>A keyword that switches something on; keepalived also takes on|off|true|false|yes|no after it.</summary>
    public bool Flag(ConfigNode node, int index = 0)
    {
        switch (node.Arg(index))
        {
            case null or "on" or "true" or "yes":
                return true;
            case "off" or "false" or "no":
                return false;
            default:
                diagnostics.Error(node.At, DiagnosticCodes.BadValue,
                    $"'{node.Keyword}' takes on|off|true|false|yes|no, not '{node.Arg(index)}'");
                return true;
        }
    }

    /// <summary>A script or notify command: the words keepalived will split into argv (no shell).</summary>
    public ScriptCommand? Script(ConfigNode node) =>
        node.Args.Count == 0 ? Missing(node) : new ScriptCommand(string.Join(' ', node.Args), node.At);

    private ScriptCommand? Missing(ConfigNode node)
    {
        Word(node);
        return null;
    }

    public string? Address(string word, SourceLocation at, string what)
    {
        if (IpText.TryParseAddress(word, out var normalized))
        {
            return normalized;
        }

        diagnostics.Error(at, DiagnosticCodes.BadValue, $"{what}: '{word}' is not an IP address");
        return null;
    }

    public int? Port(string word, SourceLocation at, string what)
    {
        if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
        {
            return port;
        }

        diagnostics.Error(at, DiagnosticCodes.BadValue, $"{what}: '{word}' is not a port (0-65535)");
        return null;
    }

    public static CarriedSetting Carry(ConfigNode node) => new(node.Keyword, node.Args, node.At)
    {
        Children = node.Children?.Select(Carry).ToList(),
        Lines = node.Lines?.Select(l => (IReadOnlyList<string>)l.Words).ToList(),
    };

    /// <summary>Keeps a keyword EsHa accepts but does not act on, and says so.</summary>
    public CarriedSetting NotActedOn(ConfigNode node, string block)
    {
        diagnostics.Warning(node.At, DiagnosticCodes.NotActedOn,
            $"'{node.Keyword}' in {block} is parsed and kept, not acted on by EsHa");
        return Carry(node);
    }
}
