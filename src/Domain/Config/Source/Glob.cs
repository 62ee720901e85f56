namespace EsHa.Domain.Config.Source;

/// <summary>The result of expanding an include pattern. <see cref="SomethingMissing"/> tells "a named folder or
/// file does not exist" apart from "the pattern matched nothing", as keepalived's messages do.</summary>
public sealed record GlobResult(IReadOnlyList<string> Matches, bool HadWildcards, bool SomethingMissing);

/// <summary>glob(3) as keepalived calls it (GLOB_BRACE | GLOB_MARK): csh braces first, then *, ? and [...]
/// per path segment; each brace alternative's matches are sorted, in the order the alternatives are written;
/// a leading '.' is matched only explicitly.</summary>
public static class Glob
{
    public static GlobResult Expand(IConfigFileSystem fs, string absolutePattern)
    {
        var matches = new List<string>();
        var state = new ExpandState();
        foreach (var alternative in BraceExpansion.Expand(absolutePattern))
        {
            var found = new List<string>();
            Walk(fs, "/", alternative.Split('/', StringSplitOptions.RemoveEmptyEntries), 0, found, state);
            found.Sort(StringComparer.Ordinal);
            matches.AddRange(found);
        }

        return new GlobResult(matches, state.HadWildcards, state.SomethingMissing);
    }

    private sealed class ExpandState
    {
        public bool HadWildcards;
        public bool SomethingMissing;
    }

    private static void Walk(IConfigFileSystem fs, string directory, string[] segments, int index,
        List<string> found, ExpandState state)
    {
        var prefix = directory == "/" ? "/" : directory + "/";
        if (index == segments.Length)
        {
            return;
        }

        var segment = segments[index];
        var last = index == segments.Length - 1;
        if (!FnMatch.HasWildcards(segment))
        {
            var path = prefix + FnMatch.Unescape(segment);
            var kind = fs.KindOf(path);
            if (kind == EntryKind.Missing)
            {
                state.SomethingMissing = true;
                return;
            }

            Visit(fs, path, kind, segments, index, last, found, state);
            return;
        }

        state.HadWildcards = true;
        if (fs.KindOf(directory) != EntryKind.Directory)
        {
            state.SomethingMissing = true;
            return;
        }

        foreach (var name in fs.ListDirectory(directory))
        {
            if (name.StartsWith('.') && !segment.StartsWith('.'))
            {
                continue;
            }

            if (FnMatch.Matches(segment, name))
            {
                var path = prefix + name;
                Visit(fs, path, fs.KindOf(path), segments, index, last, found, state);
            }
        }
    }

    private static void Visit(IConfigFileSystem fs, string path, EntryKind kind, string[] segments, int index,
        bool last, List<string> found, ExpandState state)
    {
        if (last)
        {
            // GLOB_MARK: folders come back with a trailing '/', which keepalived then skips with a message.
            found.Add(kind == EntryKind.Directory ? path + "/" : path);
        }
        else if (kind == EntryKind.Directory)
        {
            Walk(fs, path, segments, index + 1, found, state);
        }
    }
}
