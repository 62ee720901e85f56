using EsHa.Domain.Config.Model;
using EsHa.Node.Ports.Probes;

namespace EsHa.Node.Linux.Probes;

/// <summary>FILE_CHECK: the number in the tracked file (track_file's file), read at the checker's delay_loop. With
/// weight 0 (the tracking's or the file's) any non-zero number means down; with a weight, a product at or below
/// −254 means down, as keepalived's track_file does for priorities.</summary>
internal static class FileProbe
{
    public static ProbeOutcome Run(ProbeRequest request, KeepalivedConfig config)
    {
        var track = config.TrackFiles.FirstOrDefault(t => t.Name == request.Checker.TrackFile);
        if (track?.File is not { } path)
        {
            return ProbeOutcome.Failure($"track_file {request.Checker.TrackFile} is not defined");
        }

        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (IOException e)
        {
            return ProbeOutcome.Failure($"cannot read {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return ProbeOutcome.Failure($"cannot read {path}: {e.Message}");
        }

        var value = long.TryParse(text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(), out var v) ? v : 0;
        var weight = request.Checker.Weight ?? track.Weight;
        var down = weight == 0 ? value != 0 : value * weight <= -254;
        return down ? ProbeOutcome.Failure($"{path} holds {value} (weight {weight})") : ProbeOutcome.Success();
    }
}
