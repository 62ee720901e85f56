using System.Reflection;
using System.Runtime.CompilerServices;

namespace EsHa.Node.Linux.Host;

/// <summary>
/// Compiles the HA path before it is needed. The CLI runs without tier-0 JIT, so the first time a node becomes master
/// it would otherwise compile the master's code (adverts, rtnetlink, gratuitous ARP, journal records) on the spot:
/// measured here as about 30 ms added to the first failover (VRRPv3, advert_int 0.1). A background thread at low priority prepares every
/// method of the types the running node uses, while the node waits out its first master-down interval.
/// </summary>
internal static class JitWarmUp
{
    private static readonly string[] HaPath =
    [
        "EsHa.Domain.Vrrp", "EsHa.Domain.SyncGroups", "EsHa.Domain.Facts", "EsHa.Projections",
        "EsHa.Node.Runtime", "EsHa.Node.Ports", "EsHa.Node.Linux", "EsHa.Node.Journal",
    ];

    public static void Start(Action<string> log)
    {
        var thread = new Thread(() =>
        {
            var (prepared, failed) = (0, 0);
            foreach (var type in new[] { typeof(Domain.Vrrp.VrrpDecider).Assembly, typeof(Projections.Vrrp.VrrpEffects).Assembly, typeof(JitWarmUp).Assembly }
                .SelectMany(a => a.GetTypes())
                .Where(t => !t.ContainsGenericParameters && t.Namespace is { } ns && HaPath.Any(p => ns.StartsWith(p, StringComparison.Ordinal))
                    && !ns.StartsWith("EsHa.Node.Journal.Central", StringComparison.Ordinal)))
            {
                const BindingFlags all = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
                foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
                {
                    if (method.IsAbstract || method.ContainsGenericParameters || method.GetMethodBody() is null)
                    {
                        continue;
                    }

                    try
                    {
                        RuntimeHelpers.PrepareMethod(method.MethodHandle);
                        prepared++;
                    }
                    catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or InvalidOperationException or NotSupportedException)
                    {
                        failed++;
                    }
                }
            }

            log($"warm-up: {prepared} methods of the HA path compiled ahead of need{(failed > 0 ? $", {failed} left to the JIT" : "")}");
        }) { IsBackground = true, Priority = ThreadPriority.BelowNormal, Name = "jit warm-up" };
        thread.Start();
    }
}
