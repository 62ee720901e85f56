namespace EsHa.Projections.Forensics;

/// <summary>The page's inline style sheet: system fonts only, colours by VRRP state, node and health.</summary>
public static partial class TimelineHtml
{
    private const string Style = """

        :root { --label: 170px; --master: #2da44e; --backup: #4f7fd9; --fault: #d1242f; --init: #8c959f;
          --alive: #57ab5a; --dead: #c93c37; --ink: #1f2328; --muted: #59636e; --line: #d8dee4; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f6f8fa; color: var(--ink);
          font: 13px/1.4 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", sans-serif; }
        header { padding: 14px 24px 10px; background: #fff; border-bottom: 1px solid var(--line); }
        h1 { margin: 0 0 2px; font-size: 18px; }
        .meta { margin: 0; color: var(--muted); }
        .summary { margin: 4px 0 0; font-weight: 600; }
        .notice { margin: 6px 0 0; padding: 6px 10px; background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; }
        .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 8px 0 0; padding: 0; list-style: none; color: var(--muted); }
        .legend li { display: flex; align-items: center; gap: 6px; }
        .swatch { display: inline-block; width: 14px; height: 12px; border-radius: 2px; }
        .swatch.marker-key { width: 9px; height: 9px; transform: rotate(45deg); background: #24292f; }
        .zoom { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; padding: 8px 24px; color: var(--muted); }
        .zoom[hidden] { display: none; }
        .zoom label { display: flex; align-items: center; gap: 6px; }
        .zoom input { width: 180px; }
        .zoom button { font: inherit; padding: 2px 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: pointer; }
        .view { font-weight: 600; color: var(--ink); }
        .hint { font-size: 12px; }
        .chart { margin: 0 24px; padding: 6px 12px 10px; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
        .plot { position: relative; user-select: none; }
        h2 { position: relative; z-index: 1; margin: 0; padding: 10px 0 4px; background: #fff; font-size: 11px;
          letter-spacing: .06em; text-transform: uppercase; color: var(--muted); }
        .row, .lane, .node-events, .vip-row, .rs-lane { display: grid; grid-template-columns: var(--label) 1fr; align-items: center;
          border-bottom: 1px solid #eef1f4; }
        .label { padding-right: 10px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .label span { color: var(--muted); margin-left: 4px; }
        .label small { display: block; color: var(--muted); font-size: 11px; overflow: hidden; text-overflow: ellipsis; }
        .track { position: relative; height: 28px; overflow: clip; overflow-clip-margin: 6px; }
        [data-zoomed="true"] .track { overflow-clip-margin: 0; }
        .node-events .track { height: 18px; }
        .vip-row .track { height: 26px; }
        .rs-lane .track { height: 22px; }
        .axis-row { border-bottom: 1px solid var(--ink); }
        .axis-row .track { overflow: visible; }
        .axis-row .label { color: var(--muted); font-size: 11px; }
        .axis { position: absolute; inset: 0; }
        .tick { position: absolute; bottom: 2px; transform: translateX(-50%); font-size: 11px; color: var(--muted);
          font-variant-numeric: tabular-nums; white-space: nowrap; }
        .tick::after { content: ""; position: absolute; left: 50%; bottom: -3px; height: 4px; border-left: 1px solid var(--ink); }
        .inner { position: absolute; top: 0; bottom: 0; left: calc(var(--shift, 0%) * -1); width: calc(100% * var(--zoom, 1)); }
        .grid { position: absolute; top: 0; bottom: 0; left: var(--label); right: 0; pointer-events: none; z-index: 0; }
        .grid i { position: absolute; top: 0; bottom: 0; border-left: 1px dashed var(--line); }
        .lane, .node-events, .vip-row, .rs-lane, .row { position: relative; z-index: 1; }
        .state, .vip-bar, .health { position: absolute; top: 4px; bottom: 4px; padding: 0 5px; overflow: hidden; border-radius: 3px;
          color: #fff; font-size: 11px; line-height: 20px; white-space: nowrap; text-overflow: clip; cursor: default; }
        .state { top: 5px; bottom: 5px; line-height: 18px; }
        .vip-bar { min-width: 2px; font-weight: 600; }
        .health { top: 4px; bottom: 4px; line-height: 14px; }
        [data-state="MASTER"] { background: var(--master); }
        [data-state="BACKUP"] { background: var(--backup); }
        [data-state="FAULT"] { background: var(--fault); }
        [data-state="INIT"] { background: var(--init); }
        [data-alive="true"] { background: var(--alive); }
        [data-alive="false"] { background: var(--dead); }
        [data-colour="0"] { background: #8250df; } [data-colour="1"] { background: #bf8700; } [data-colour="2"] { background: #0a7ea4; }
        [data-colour="3"] { background: #cf222e; } [data-colour="4"] { background: #1a7f37; } [data-colour="5"] { background: #bc4c00; }
        [data-colour="6"] { background: #6e7781; } [data-colour="7"] { background: #953800; }
        .marker { position: absolute; top: 0; bottom: 0; width: 11px; margin-left: -5px; z-index: 2; cursor: pointer; }
        .marker::before { content: ""; position: absolute; left: 5px; top: 0; bottom: 0; border-left: 1px solid rgba(31, 35, 40, .45); }
        .marker::after { content: ""; position: absolute; left: 2px; top: 1px; width: 6px; height: 6px; transform: rotate(45deg);
          background: #24292f; border: 1px solid #fff; }
        .marker[data-type="BecameMaster"]::after { background: var(--master); }
        .marker[data-type="BecameBackup"]::after { background: var(--backup); }
        .marker[data-type="EnteredFault"]::after, .marker[data-type="RealServerWentDown"]::after { background: var(--fault); }
        .marker:hover::after, .marker.picked::after { transform: rotate(45deg) scale(1.6); }
        .selection { position: absolute; top: 0; bottom: 0; z-index: 3; background: rgba(9, 105, 218, .12);
          border: 1px solid #0969da; pointer-events: none; }
        .details { margin: 12px 24px; padding: 8px 12px; min-height: 3.4em; background: #fff; border: 1px solid var(--line);
          border-radius: 8px; white-space: pre-wrap; font: 12px/1.5 ui-monospace, "DejaVu Sans Mono", monospace; }
        .events { margin: 0 24px 24px; }
        .events summary { cursor: pointer; color: var(--muted); }
        .events table { width: 100%; margin-top: 6px; border-collapse: collapse; background: #fff; font-size: 12px; }
        .events th, .events td { padding: 3px 8px; border-bottom: 1px solid #eef1f4; text-align: left; vertical-align: top; }
        .events td:first-child { white-space: nowrap; font-variant-numeric: tabular-nums; }

        """;
}
