using EsHa.Domain.Lvs;
using EsHa.Projections.Vrrp;

namespace EsHa.Projections.Lvs;

/// <summary>The scripts an LVS event runs, as keepalived runs them: notify_up / notify_down per real server
/// transition, quorum_up / quorum_down per virtual server (argv split by the script runner, no shell).</summary>
public static class LvsEffects
{
    public static IEnumerable<RunScript> Of(LvsEvent e, VirtualServerSettings vs)
    {
        var script = e switch
        {
            RealServerWentUp up => RealServer(vs, up.RealServer)?.NotifyUp,
            RealServerWentDown down => RealServer(vs, down.RealServer)?.NotifyDown,
            // At shutdown keepalived runs notify_down only with omega.
            RealServerStopped stopped when vs.Omega => RealServer(vs, stopped.RealServer)?.NotifyDown,
            QuorumGained => vs.QuorumUp,
            QuorumLost => vs.QuorumDown,
            _ => null,
        };
        return script is null ? [] : [new RunScript(script, [], e is QuorumGained or QuorumLost ? vs.Name : $"{vs.Name}/{Who(e)}")];
    }

    private static string Who(LvsEvent e) => e switch
    {
        RealServerWentUp up => up.RealServer,
        RealServerWentDown down => down.RealServer,
        RealServerStopped stopped => stopped.RealServer,
        _ => "",
    };

    private static RealServerSettings? RealServer(VirtualServerSettings vs, string id) => vs.RealServers.FirstOrDefault(r => r.Id == id);
}
