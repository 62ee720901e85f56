using System.Text;

namespace EsHa.Config.Tests.Support;

/// <summary>
/// A datadriven test file: a comment saying what it proves, then sections opened by "== NAME [ARG]" lines:
/// "== options" (key value lines), "== file PATH" (a file of the in-memory file system; the first is the main
/// file), and "== expect" (the rendered outcome). ESHA_REWRITE=1 rewrites the expect section; read the diff
/// before committing it.
/// </summary>
public sealed class Transcript
{
    public required string Path { get; init; }

    public Dictionary<string, string> Options { get; } = new(StringComparer.Ordinal);

    public List<(string Path, string Text)> Files { get; } = [];

    public required string Expected { get; init; }

    public required string Head { get; init; }

    public static Transcript Read(string path)
    {
        var text = File.ReadAllText(path);
        var expectAt = text.IndexOf("\n== expect\n", StringComparison.Ordinal);
        if (expectAt < 0)
        {
            throw new InvalidDataException($"{path}: no '== expect' section");
        }

        var head = text[..(expectAt + 1)];
        var transcript = new Transcript { Path = path, Expected = text[(expectAt + "\n== expect\n".Length)..], Head = head };
        string? section = null;
        var body = new StringBuilder();
        foreach (var line in head.Split('\n').Append("== end"))
        {
            if (!line.StartsWith("== ", StringComparison.Ordinal))
            {
                if (section is not null)
                {
                    body.Append(line).Append('\n');
                }

                continue;
            }

            transcript.Close(section, body.ToString());
            body.Clear();
            section = line[3..];
        }

        return transcript;
    }

    private void Close(string? section, string body)
    {
        if (section is null)
        {
            return;
        }

        if (section == "options")
        {
            foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(' ', 2);
                Options[parts[0]] = parts.Length > 1 ? parts[1] : "";
            }
        }
        else if (section.StartsWith("file ", StringComparison.Ordinal))
        {
            // The blank line before the next section separates; it is not part of the file.
            Files.Add((section[5..], body.EndsWith("\n\n", StringComparison.Ordinal) ? body[..^1] : body));
        }
        else if (section != "end")
        {
            throw new InvalidDataException($"{Path}: unknown section '== {section}'");
        }
    }

    /// <summary>Compares, or rewrites under ESHA_REWRITE=1; returns null when they agree.</summary>
    public string? Check(string actual)
    {
        if (actual == Expected)
        {
            return null;
        }

        if (Environment.GetEnvironmentVariable("ESHA_REWRITE") == "1")
        {
            File.WriteAllText(Path, Head + "== expect\n" + actual);
            return null;
        }

        return $"{Path}: expected\n{Expected}\n--- but got\n{actual}";
    }
}
