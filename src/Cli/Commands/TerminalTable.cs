using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EsHa.Cli.Commands;

/// <summary>
/// The forensics commands' tables, drawn by Spectre.Console as plain text (no colour codes, so the output is the
/// same in a terminal, a pipe and a golden file). Wide enough not to wrap a sentence when the output is not a
/// terminal; a terminal's own width otherwise. Past <see cref="SpectreRowsMax"/> rows (an hour of a busy farm is tens
/// of thousands) Spectre's measuring of every cell takes seconds, so such tables are laid out here in the same
/// layout (Spectre's simple border, unwrapped); a test holds the two layouts equal.
/// </summary>
internal static class TerminalTable
{
    public const int SpectreRowsMax = 2_000;

    public static string Render(string title, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        return all.Count > SpectreRowsMax ? Plain(title, headers, all) : Spectre(title, headers, all);
    }

    public static string Spectre(string title, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var table = new Table { Border = TableBorder.Simple, Title = title.Length > 0 ? new TableTitle(title) : null };
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
        }

        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = Console.IsOutputRedirected ? 400 : Math.Max(80, Console.WindowWidth);
        console.Write(table);
        // Spectre pads every line to the table's width: trailing blanks are noise in a pipe and a golden file.
        return string.Join('\n', writer.ToString().Split('\n').Select(l => l.TrimEnd())).TrimStart('\n');
    }

    /// <summary>Spectre's simple border by hand: two spaces, the cells padded to their column's width three spaces
    /// apart, a rule under the header as wide as the table, a blank line after the last row.</summary>
    public static string Plain(string title, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        var tableWidth = widths.Sum() + (3 * (widths.Length - 1)) + 4;
        var text = new StringBuilder();
        if (title.Length > 0)
        {
            text.Append(' ', Math.Max(0, (tableWidth - title.Length) / 2)).Append(title).Append("\n\n");
        }

        void Line(IReadOnlyList<string> cells)
        {
            var line = new StringBuilder("  ");
            for (var i = 0; i < cells.Count; i++)
            {
                line.Append(i == cells.Count - 1 ? cells[i] : cells[i].PadRight(widths[i] + 3));
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
        }

        Line(headers);
        text.Append('─', tableWidth).Append('\n');
        rows.ToList().ForEach(Line);
        return text.Append('\n').ToString();
    }
}
