namespace EsHa.Domain.Config.Source;

/// <summary>Pure '/'-path arithmetic (POSIX rules), so the domain never touches System.IO.</summary>
public static class ConfigPath
{
    public static bool IsAbsolute(string path) => path.StartsWith('/');

    /// <summary>The folder part of a path, as dirname(3) gives it.</summary>
    public static string DirectoryOf(string path)
    {
        var slash = path.TrimEnd('/').LastIndexOf('/');
        return slash switch
        {
            < 0 => ".",
            0 => "/",
            _ => path[..slash],
        };
    }

    public static string FileNameOf(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed[(trimmed.LastIndexOf('/') + 1)..];
    }

    /// <summary>Joins <paramref name="path"/> to <paramref name="directory"/>. ".." is left for the file system,
    /// as the kernel resolves it: "nodir/../x" does not exist when nodir does not.</summary>
    public static string Resolve(string directory, string path) =>
        IsAbsolute(path) ? path : directory.TrimEnd('/') + "/" + path;

    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }
}
