using System.Text;

namespace EsHa.Domain.Tests.Support;

/// <summary>
/// etcd-io/raft's datadriven format: blocks of "directive arg=value ...", optional input lines, "----", and the
/// expected output up to a blank line. Lines starting with '#' between blocks are comments. ESHA_REWRITE=1
/// rewrites every expected output from what the run produced; read the diff before committing it.
/// </summary>
public static class DataDriven
{
    public sealed record Directive(string Command, IReadOnlyDictionary<string, string> Args, IReadOnlyList<string> Flags, string Input, int Line)
    {
        public string? Arg(string name) => Args.GetValueOrDefault(name);
    }

    public static string? Run(string path, Func<Directive, string> handle)
    {
        var lines = File.ReadAllLines(path);
        var output = new StringBuilder();
        var failures = new StringBuilder();
        var i = 0;
        while (i < lines.Length)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#'))
            {
                output.Append(lines[i++]).Append('\n');
                continue;
            }

            var start = i;
            var (command, args, flags) = Parse(lines[i++]);
            var input = new StringBuilder();
            while (i < lines.Length && lines[i] != "----")
            {
                input.Append(lines[i++]).Append('\n');
            }

            if (i == lines.Length)
            {
                throw new InvalidDataException($"{path}:{start + 1}: '{command}' has no '----' line");
            }

            i++;
            var expected = new StringBuilder();
            while (i < lines.Length && lines[i].Length > 0)
            {
                expected.Append(lines[i++]).Append('\n');
            }

            var actual = handle(new Directive(command, args, flags, input.ToString(), start + 1));
            actual = actual.EndsWith('\n') || actual.Length == 0 ? actual : actual + "\n";
            if (actual != expected.ToString())
            {
                failures.Append($"{path}:{start + 1}: {lines[start]}\nexpected:\n{expected}actual:\n{actual}\n");
            }

            for (var k = start; k < start + 1 + input.ToString().Count(c => c == '\n') + 1; k++)
            {
                output.Append(lines[k]).Append('\n');
            }

            output.Append(actual);
        }

        if (failures.Length == 0)
        {
            return null;
        }

        if (Environment.GetEnvironmentVariable("ESHA_REWRITE") == "1")
        {
            File.WriteAllText(path, output.ToString());
            return null;
        }

        return failures.ToString();
    }

    private static (string Command, Dictionary<string, string> Args, List<string> Flags) Parse(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new List<string>();
        foreach (var word in words.Skip(1))
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                args[word[..equals]] = word[(equals + 1)..];
            }
            else
            {
                flags.Add(word);
            }
        }

        return (words[0], args, flags);
    }
}
