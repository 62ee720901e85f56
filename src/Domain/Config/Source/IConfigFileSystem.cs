namespace EsHa.Domain.Config.Source;

/// <summary>What the parser needs from a file system, and no more, so tests can run it on memory. Paths are
/// absolute, '/'-separated and normalised by <see cref="ConfigPath"/>.</summary>
public interface IConfigFileSystem
{
    /// <summary>What is at <paramref name="path"/> (symbolic links followed).</summary>
    EntryKind KindOf(string path);

    /// <summary>The names (not paths) in a directory, in any order; empty when it is not one.</summary>
    IReadOnlyList<string> ListDirectory(string path);

    /// <summary>The whole text of a regular file, or null with the reason when it cannot be read.</summary>
    string? ReadAllText(string path, out string? error);
}

public enum EntryKind
{
    Missing,
    File,
    ExecutableFile,
    Directory,
    Other,
}
