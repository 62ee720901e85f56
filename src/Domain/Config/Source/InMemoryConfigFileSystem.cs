namespace EsHa.Domain.Config.Source;

/// <summary>A file system held in memory: for tests, and for parsing text that did not come from disk.</summary>
public sealed class InMemoryConfigFileSystem : IConfigFileSystem
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal) { "/" };

    public InMemoryConfigFileSystem Add(string path, string text)
    {
        var normalized = ConfigPath.Normalize(path);
        _files[normalized] = text;
        for (var dir = ConfigPath.DirectoryOf(normalized); dir != "/"; dir = ConfigPath.DirectoryOf(dir))
        {
            _directories.Add(dir);
        }

        return this;
    }

    public EntryKind KindOf(string path)
    {
        var normalized = ConfigPath.Normalize(path);
        if (_files.ContainsKey(normalized))
        {
            return EntryKind.File;
        }

        return _directories.Contains(normalized) ? EntryKind.Directory : EntryKind.Missing;
    }

    public IReadOnlyList<string> ListDirectory(string path)
    {
        var prefix = ConfigPath.Normalize(path).TrimEnd('/') + "/";
        return _files.Keys.Concat(_directories)
            .Where(p => p.Length > prefix.Length && p.StartsWith(prefix, StringComparison.Ordinal))
            .Select(p => p[prefix.Length..])
            .Where(rest => !rest.Contains('/', StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    public string? ReadAllText(string path, out string? error)
    {
        if (_files.TryGetValue(ConfigPath.Normalize(path), out var text))
        {
            error = null;
            return text;
        }

        error = "No such file or directory";
        return null;
    }
}
