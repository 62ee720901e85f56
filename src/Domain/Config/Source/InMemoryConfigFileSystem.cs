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
        if (Walk(path) is not { } resolved)
        {
            return EntryKind.Missing;
        }

        if (_files.ContainsKey(resolved))
        {
            return EntryKind.File;
        }

        return _directories.Contains(resolved) ? EntryKind.Directory : EntryKind.Missing;
    }

    /// <summary>The path with "." and ".." resolved the kernel's way (each ".." needs an existing folder before it);
    /// null when a step does not exist.</summary>
    private string? Walk(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".." || part == ".")
            {
                if (!_directories.Contains("/" + string.Join('/', parts)))
                {
                    return null;
                }

                if (part == ".." && parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }

    public IReadOnlyList<string> ListDirectory(string path)
    {
        if (Walk(path) is not { } resolved)
        {
            return [];
        }

        var prefix = resolved.TrimEnd('/') + "/";
        return _files.Keys.Concat(_directories)
            .Where(p => p.Length > prefix.Length && p.StartsWith(prefix, StringComparison.Ordinal))
            .Select(p => p[prefix.Length..])
            .Where(rest => !rest.Contains('/', StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    public string? ReadAllText(string path, out string? error)
    {
        if (Walk(path) is { } resolved && _files.TryGetValue(resolved, out var text))
        {
            error = null;
            return text;
        }

        error = "No such file or directory";
        return null;
    }
}
