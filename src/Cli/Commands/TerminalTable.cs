using Spectre.Console;
using Spectre.Console.Rendering;

namespace EsHa.Cli.Commands;

/// <summary>
/// The forensics commands' tables, drawn by Spectre.Console as plain text (no colour codes, so the output is the
/// same in a terminal, a pipe and a golden file). Wide enough not to wrap a sentence when the output is not a
/// terminal; a terminal's own width otherwise.
/// </summary>
internal static class TerminalTable
{
    public static string Render(string title, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table { Border = TableBorder.Simple, Title = title.Length > 0 ? new TableTitle(title) : null };
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)) { NoWrap = false });
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
        }

        return Write(table);
    }

    private static string Write(IRenderable renderable)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = Console.IsOutputRedirected ? 400 : Math.Max(80, Console.WindowWidth);
        console.Write(renderable);
        // Spectre pads every line to the table's width: trailing blanks are noise in a pipe and a golden file.
        return string.Join('\n', writer.ToString().Split('\n').Select(l => l.TrimEnd())).TrimStart('\n');
    }
}
