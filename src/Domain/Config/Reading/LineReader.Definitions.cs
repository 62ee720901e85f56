using System.Text;
using EsHa.Domain.Config.Diagnostics;

namespace EsHa.Domain.Config.Reading;

public sealed partial class LineReader
{
    /// <summary>A line may expand definitions this many times; past it a definition refers to itself.</summary>
    private const int ExpansionsPerLineMax = 256;

    private readonly Dictionary<string, Definition> _definitions;
    private readonly Stack<PendingLines> _expansions = new();
    private Definition? _openDefinition;
    private SourceLocation? _selfExpansionReportedAt;
    private uint _random;

    /// <summary>The remaining lines of a multi-line definition being expanded.</summary>
    private sealed class PendingLines(Queue<string> lines, SourceLocation at, int sequenceDepth)
    {
        public Queue<string> Lines { get; } = lines;

        public SourceLocation At { get; } = at;

        /// <summary>Sequences started before this expansion wait until it is done (keepalived's multiline_seq_depth).</summary>
        public int SequenceDepth { get; } = sequenceDepth;
    }

    private Dictionary<string, Definition> StandardDefinitions() => new(StringComparer.Ordinal)
    {
        ["_PWD"] = new("_PWD", "", false) { Compute = _ => CurrentDirectory() },
        ["_INSTANCE"] = new("_INSTANCE", "", false) { Compute = _ => _options.ConfigId ?? "" },
        ["_RANDOM"] = new("_RANDOM", "", false) { Compute = NextRandom, TakesParameters = true },
        ["_HASH"] = new("_HASH", "#", false),
        ["_BANG"] = new("_BANG", "!", false),
    };

    private string CurrentDirectory() => _includes.Count > 0 && _includes[^1].Current is { } f ? f.Directory : "/";

    /// <summary>${_RANDOM [min [max]]}: deterministic for a given seed, so a model never depends on luck.</summary>
    private string NextRandom(string? parameters)
    {
        long min = 0, max = 32767;
        var parts = (parameters ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 0 && long.TryParse(parts[0], out var a))
        {
            min = a;
        }

        if (parts.Length > 1 && long.TryParse(parts[1], out var b))
        {
            max = b;
        }

        _random ^= _random << 13;
        _random ^= _random >> 17;
        _random ^= _random << 5;
        var span = Math.Max(1, max - min + 1);
        return (min + (_random % span)).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>keepalived's check_definition(): "$NAME=value" with no space before '='. A value ending in '\'
    /// opens a multi-line definition that takes following lines until one does not end in '\'.</summary>
    private bool TryDefine(string text)
    {
        if (text.Length < 2 || !(char.IsAsciiLetter(text[1]) || text[1] == '_'))
        {
            return false;
        }

        var equals = 2;
        while (equals < text.Length && text[equals] != '=')
        {
            if (!(char.IsAsciiLetterOrDigit(text[equals]) || text[equals] == '_'))
            {
                return false;
            }

            equals++;
        }

        if (equals == text.Length)
        {
            return false;
        }

        var name = text[1..equals];
        var value = text[(equals + 1)..].TrimStart(' ', '\t');
        var multiline = value.EndsWith('\\');
        if (multiline)
        {
            value = value[..^1].TrimEnd(' ', '\t');
            value = value.Length == 0 ? "" : value + "\n";
        }

        _definitions[name] = new Definition(name, value, multiline);
        _openDefinition = multiline ? _definitions[name] : null;
        return true;
    }

    private void ContinueDefinition(string text)
    {
        var definition = _openDefinition!;
        var more = text.EndsWith('\\');
        if (more)
        {
            text = text[..^1].TrimEnd(' ', '\t') + "\n";
        }
        else
        {
            _openDefinition = null;

            // keepalived decides before appending: a definition whose only content is this last line is a
            // one-line value, usable anywhere in a line ("$X=\" then "10" makes ${X}0 read 100).
            if (definition.Value.Length == 0)
            {
                definition.Multiline = false;
            }
        }

        if (text.Length >= 2 || (text.Length > 0 && !more))
        {
            definition.Value += text;
        }
    }

    private void EndDefinitionOnBlankLine()
    {
        if (_openDefinition is { } definition)
        {
            _openDefinition = null;
            definition.Multiline = definition.Value.Length > 0;
        }
    }

    private bool TryTakeExpansionLine(out string text, out SourceLocation at)
    {
        while (_expansions.TryPeek(out var pending))
        {
            if (pending.Lines.TryDequeue(out var line))
            {
                // Handing out the last line ends the expansion at once, so the repetitions it held back resume
                // before the next file line (keepalived resets multiline_seq_depth here).
                if (pending.Lines.Count == 0)
                {
                    _expansions.Pop();
                }

                (text, at) = (line, pending.At);
                return true;
            }

            _expansions.Pop();
        }

        (text, at) = ("", default);
        return false;
    }

    /// <summary>keepalived's replace_param(): each '$NAME' or '${NAME}' of a known definition is replaced and the
    /// replacement scanned again (so definitions may use definitions); an unknown name stays as written.</summary>
    private bool ReplaceDefinitions(ref string text, SourceLocation at)
    {
        var replaced = false;
        var builder = new StringBuilder(text);
        var position = 0;
        var expansions = 0;
        while (position < builder.Length - 1)
        {
            if (builder[position] != '$' || !TryFindReference(builder, position, out var reference))
            {
                position++;
                continue;
            }

            if (++expansions > ExpansionsPerLineMax)
            {
                if (_selfExpansionReportedAt != at)
                {
                    _selfExpansionReportedAt = at;
                    _diagnostics.Error(at, DiagnosticCodes.BadValue,
                        $"definition ${reference.Definition.Name} keeps expanding into itself; expansion stopped");
                }

                break;
            }

            replaced = true;
            var definition = reference.Definition;
            var value = definition.Compute?.Invoke(reference.Parameters) ?? definition.Value;
            if (definition.Multiline)
            {
                var lines = value.Split('\n');
                value = lines[0];
                _expansions.Push(new PendingLines(new Queue<string>(lines.Skip(1)), at, _sequences.Count));
            }

            builder.Remove(position, reference.Length).Insert(position, value);
            if (value.TrimStart(' ', '\t').StartsWith('~'))
            {
                break;
            }
        }

        text = builder.ToString();
        return replaced;
    }

    private readonly record struct Reference(Definition Definition, int Length, string? Parameters);

    /// <summary>keepalived's find_definition() for a use: a name of letters, digits and '_' (first not a digit),
    /// ended by blank, ',', ')' or the line's end; or in braces, optionally with numeric parameters.</summary>
    private bool TryFindReference(StringBuilder text, int dollar, out Reference reference)
    {
        reference = default;
        var braces = text[dollar + 1] == '{';
        var start = dollar + (braces ? 2 : 1);
        if (start >= text.Length || !(char.IsAsciiLetter(text[start]) || text[start] == '_'))
        {
            return false;
        }

        var end = start + 1;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        var name = text.ToString(start, end - start);
        string? parameters = null;
        var after = end;
        if (braces)
        {
            while (after < text.Length && (text[after] == ' ' || char.IsAsciiDigit(text[after])))
            {
                after++;
            }

            if (after > end)
            {
                parameters = text.ToString(end, after - end);
                if (parameters.EndsWith(' ') || parameters.Trim().Length == 0)
                {
                    return false;
                }
            }

            if (after >= text.Length || text[after] != '}')
            {
                return false;
            }

            after++;
        }
        else if (end < text.Length && text[end] is not (' ' or '\t' or ',' or ')'))
        {
            return false;
        }

        if (!_definitions.TryGetValue(name, out var definition)
            || (definition.Multiline && after != text.Length)
            || (parameters is not null && !definition.TakesParameters))
        {
            return false;
        }

        reference = new Reference(definition, after - dollar, parameters?.Trim());
        return true;
    }
}
