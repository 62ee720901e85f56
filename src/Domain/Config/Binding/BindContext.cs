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
