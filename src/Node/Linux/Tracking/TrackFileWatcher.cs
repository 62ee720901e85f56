using System.Globalization;
using EsHa.Domain.Config.Model;

namespace EsHa.Node.Linux.Tracking;

/// <summary>
/// keepalived's track_file: each file holds a number, read when the file changes (inotify, through
/// <see cref="FileSystemWatcher"/>) and once at start; a missing, empty or unreadable file counts as 0. With
/// init_file the file is created at start holding its initial value (or rewritten with <c>overwrite</c>). Only a
/// changed value is reported, to the HA loop, which hands it to the instances tracking the file.
/// </summary>
public sealed class TrackFileWatcher : IDisposable
{
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Dictionary<string, int> _last = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Action<string, int> _changed;

    public TrackFileWatcher(KeepalivedConfig config, Action<string, int> changed, Action<string> log)
    {
        _changed = changed;
        var tracked = config.Instances.SelectMany(i => i.TrackFiles).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var file in config.TrackFiles.Where(f => f.File is not null && tracked.Contains(f.Name)))
        {
            var path = Path.GetFullPath(file.File!);
            Initialise(file, path, log);
            var directory = Path.GetDirectoryName(path)!;
            if (!Directory.Exists(directory))
            {
                log($"track_file {file.Name}: directory {directory} does not exist; the file counts as 0");
                Read(file.Name, path);
                continue;
            }

            var watcher = new FileSystemWatcher(directory, Path.GetFileName(path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            FileSystemEventHandler reread = (_, _) => Read(file.Name, path);
            watcher.Changed += reread;
            watcher.Created += reread;
            watcher.Deleted += reread;
            watcher.Renamed += (_, _) => Read(file.Name, path);
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
            Read(file.Name, path);
        }
    }

    private static void Initialise(TrackFile file, string path, Action<string> log)
    {
        if (!file.InitFile || (File.Exists(path) && !file.InitOverwrite))
        {
            return;
        }

        try
        {
            File.WriteAllText(path, file.InitValue.ToString(CultureInfo.InvariantCulture) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log($"track_file {file.Name}: cannot initialise {path}: {e.Message}");
        }
    }

    /// <summary>The number at the start of the file, as keepalived's strtol reads it; 0 when there is none.</summary>
    public static int Value(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            var end = 0;
            while (end < text.Length && (char.IsAsciiDigit(text[end]) || (end == 0 && text[end] is '-' or '+')))
            {
                end++;
            }

            return int.TryParse(text.AsSpan(0, end), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>Reads and reports under one lock: the start's read and inotify's thread cannot pass each other and
    /// leave an older value reported last.</summary>
    private void Read(string name, string path)
    {
        lock (_gate)
        {
            var value = Value(path);
            if (_last.TryGetValue(name, out var previous) && previous == value)
            {
                return;
            }

            _last[name] = value;
            _changed(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
    }
}
