using EsHa.Domain.Config.Model;
using EsHa.Node.Ports.Probes;

namespace EsHa.Node.Linux.Probes;

/// <summary>FILE_CHECK: the number in the tracked file (track_file's file), read at the checker's delay_loop. A file
/// that is missing, unreadable or holds no number reads as 0, as keepalived's process_track_file has it (and a deleted
/// file is "treated as though the value is 0"). With weight 0 (the checker's or the track_file's) any non-zero number
/// means down; with a weight, only a product at or below −IPVS_WEIGHT_MAX (INT32_MAX) does, as keepalived's
/// process_update_checker_track_file_status clamps it (−254 is the VRRP side's limit, not the checkers').</summary>
internal static class FileProbe
{
    public static ProbeOutcome Run(ProbeRequest request, KeepalivedConfig config)
    {
        var track = config.TrackFiles.FirstOrDefault(t => t.Name == request.Checker.TrackFile);
        if (track?.File is not { } path)
        {
            return ProbeOutcome.Failure($"track_file {request.Checker.TrackFile} is not defined");
        }

        var value = Read(path);
        var weight = request.Checker.Weight ?? track.Weight;
        var down = weight == 0 ? value != 0 : value * weight <= -(long)int.MaxValue;
        return down ? ProbeOutcome.Failure($"{path} holds {value} (weight {weight})") : ProbeOutcome.Success();
    }

    private static long Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        return long.TryParse(text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(), out var v) ? v : 0;
    }
}
