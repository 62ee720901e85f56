using EsHa.Domain.Config.Source;

namespace EsHa.Node.Config;


/// <summary>The real file system behind the parser's port. Optional <paramref name="root"/> re-roots absolute
/// paths (as chroot would), to check a configuration tree copied from another host. Linux only.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PhysicalConfigFileSystem(string? root = null) : IConfigFileSystem
{
    private string Map(string path) => root is null ? path : Path.Join(root, path);

    public EntryKind KindOf(string path)
    {
        var real = Map(path);
        if (Directory.Exists(real))
        {
            return EntryKind.Directory;
        }

        if (!File.Exists(real))
        {
            return EntryKind.Missing;
        }

        var mode = File.GetUnixFileMode(real);
        return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0
            ? EntryKind.ExecutableFile
            : EntryKind.File;
    }

    public IReadOnlyList<string> ListDirectory(string path)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(Map(path)).Select(Path.GetFileName).OfType<string>().ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public string? ReadAllText(string path, out string? error)
    {
        try
        {
            error = null;
            return File.ReadAllText(Map(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e.Message;
            return null;
        }
    }
}
