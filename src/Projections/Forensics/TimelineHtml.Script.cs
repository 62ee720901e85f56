namespace EsHa.Projections.Forensics;

/// <summary>
/// The page's inline script. The page reads without it; it adds zooming (two range inputs, dragging across the lanes,
/// a reset button, double-click, and a <c>#view=FROM/TO</c> address that opens zoomed), redraws the axis for the view,
/// counts what is drawn and in view into the summary, and keeps a picked item's details in a panel. When it has run,
/// <c>body</c> carries <c>data-ready="true"</c> and the view's bounds. Zooming scales one wrapper per lane through two
/// CSS variables, so the bars and markers keep their percentages and nothing is laid out again element by element.
/// </summary>
public static partial class TimelineHtml
{
    private const string Script = """

        (function () {
          'use strict';
          var STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5, 36e5,
            72e5, 108e5, 216e5, 432e5, 864e5, 1728e5, 6048e5, 12096e5, 2592e6, 7776e6, 31536e6];
          var body = document.body;
          var $ = function (id) { return document.getElementById(id); };
          var chart = $('chart'), plot = $('plot'), axis = $('axis'), grid = $('grid'), selection = $('selection');
          var fromInput = $('zoom-from'), toInput = $('zoom-to'), viewText = $('view'), details = $('details'), summary = $('summary');
          // ISO 8601 with up to 7 fractional digits (.NET's "O"): Date.parse is only sure of 3.
          function parse(iso) { return Date.parse(String(iso).replace(/(\.\d{3})\d+/, '$1')); }
          function pad(n, width) { n = String(n); while (n.length < width) { n = '0' + n; } return n; }
          function clock(ms, millis) {
            var d = new Date(ms), t = pad(d.getUTCHours(), 2) + ':' + pad(d.getUTCMinutes(), 2) + ':' + pad(d.getUTCSeconds(), 2);
            return millis ? t + '.' + pad(d.getUTCMilliseconds(), 3) : t;
          }
          function tickLabel(ms, step) {
            if (step < 1e3) { return clock(ms, true); }
            if (step < 6e4) { return clock(ms, false); }
            if (step < 864e5) { return clock(ms, false).slice(0, 5); }
            return new Date(ms).toISOString().slice(0, 10);
          }
          function iso(ms) { return new Date(ms).toISOString(); }

          var w0 = parse(body.getAttribute('data-window-from')), w1 = parse(body.getAttribute('data-window-to')), span = w1 - w0;
          var markers = Array.prototype.slice.call(document.querySelectorAll('.marker'));
          var times = markers.map(function (m) { return parse(m.getAttribute('data-at')); });
          var view = [w0, w1];

          function drawAxis(a, b) {
            var s = b - a, step = STEPS[STEPS.length - 1], ticks = [], lines = [];
            for (var i = 0; i < STEPS.length; i++) { if (s / STEPS[i] <= 10) { step = STEPS[i]; break; } }
            for (var t = Math.ceil(a / step) * step; t <= b && ticks.length <= 10; t += step) {
              var left = ((t - a) / s * 100).toFixed(4) + '%';
              ticks.push('<span class="tick" style="left:' + left + '">' + tickLabel(t, step) + '</span>');
              lines.push('<i style="left:' + left + '"></i>');
            }
            axis.innerHTML = ticks.join('');
            grid.innerHTML = lines.join('');
            axis.setAttribute('data-by', 'script');
            axis.setAttribute('data-ticks', String(ticks.length));
          }

          function count(selector) { return document.querySelectorAll(selector).length; }
          function summarise(inView) {
            var capped = $('capped'), parts = [markers.length + ' decision(s) drawn, ' + inView + ' in view'];
            if (capped) { parts[0] += ' (' + capped.getAttribute('data-left-out') + ' more left out)'; }
            parts.push(count('.state') + ' state interval(s) in ' + count('.lane') + ' lane(s)');
            parts.push(count('.vip-bar') + ' VIP hold(s) of ' + count('.vip-row') + ' VIP(s)');
            if (count('.rs-lane') > 0) { parts.push(count('.health') + ' health interval(s) of ' + count('.rs-lane') + ' real server(s)'); }
            summary.textContent = parts.join(' · ');
            summary.setAttribute('data-markers', String(markers.length));
            summary.setAttribute('data-in-view', String(inView));
            summary.setAttribute('data-lanes', String(count('.lane')));
            summary.setAttribute('data-states', String(count('.state')));
            summary.setAttribute('data-vip-bars', String(count('.vip-bar')));
            summary.setAttribute('data-rs-lanes', String(count('.rs-lane')));
          }

          function setView(a, b, quiet) {
            a = Math.max(w0, Math.min(a, w1));
            b = Math.max(w0, Math.min(b, w1));
            if (!(b > a)) { return; }
            view = [a, b];
            chart.style.setProperty('--zoom', String(span / (b - a)));
            chart.style.setProperty('--shift', ((a - w0) / (b - a) * 100) + '%');
            drawAxis(a, b);
            fromInput.value = String(Math.round((a - w0) / span * 1000));
            toInput.value = String(Math.round((b - w0) / span * 1000));
            var whole = a === w0 && b === w1;
            viewText.textContent = whole ? 'whole window' : clock(a, true) + ' – ' + clock(b, true) + ' UTC';
            body.setAttribute('data-view-from', iso(a));
            body.setAttribute('data-view-to', iso(b));
            body.setAttribute('data-zoomed', whole ? 'false' : 'true');
            var inView = 0;
            for (var i = 0; i < times.length; i++) { if (times[i] >= a && times[i] <= b) { inView++; } }
            summarise(inView);
            if (!quiet) {
              try { history.replaceState(null, '', whole ? location.pathname + location.search : '#view=' + iso(a) + '/' + iso(b)); } catch (e) { }
            }
          }

          function fromRanges(e) {
            var a = Number(fromInput.value), b = Number(toInput.value);
            if (b - a < 1) { if (e.target === fromInput) { a = b - 1; } else { b = a + 1; } }
            setView(w0 + a / 1000 * span, w0 + b / 1000 * span);
          }
          fromInput.addEventListener('input', fromRanges);
          toInput.addEventListener('input', fromRanges);
          $('zoom-reset').addEventListener('click', function () { setView(w0, w1); });
          plot.addEventListener('dblclick', function () { setView(w0, w1); });

          var dragFrom = null;
          function trackBox() { return $('axis-track').getBoundingClientRect(); }
          function timeAt(x) {
            var r = trackBox(), f = Math.max(0, Math.min(1, (x - r.left) / r.width));
            return view[0] + f * (view[1] - view[0]);
          }
          plot.addEventListener('mousedown', function (e) {
            if (e.button !== 0 || e.clientX < trackBox().left) { return; }
            dragFrom = e.clientX;
            e.preventDefault();
          });
          window.addEventListener('mousemove', function (e) {
            if (dragFrom === null) { return; }
            var r = trackBox(), p = plot.getBoundingClientRect();
            var x0 = Math.max(r.left, Math.min(dragFrom, e.clientX)), x1 = Math.min(r.right, Math.max(dragFrom, e.clientX));
            selection.hidden = false;
            selection.style.left = (x0 - p.left) + 'px';
            selection.style.width = Math.max(0, x1 - x0) + 'px';
          });
          window.addEventListener('mouseup', function (e) {
            if (dragFrom === null) { return; }
            var start = dragFrom;
            dragFrom = null;
            selection.hidden = true;
            if (Math.abs(e.clientX - start) >= 5) { setView(timeAt(Math.min(start, e.clientX)), timeAt(Math.max(start, e.clientX))); }
          });

          var picked = null;
          function itemAt(target) { return target.closest ? target.closest('.marker, .state, .vip-bar, .health') : null; }
          plot.addEventListener('mouseover', function (e) {
            var item = itemAt(e.target);
            if (item && !picked) { details.textContent = item.getAttribute('title'); }
          });
          plot.addEventListener('click', function (e) {
            var item = itemAt(e.target);
            if (picked) { picked.classList.remove('picked'); }
            picked = item;
            if (item) { item.classList.add('picked'); details.textContent = item.getAttribute('title'); }
          });

          var asked = null;
          try { asked = /^#view=([^\/]+)\/(.+)$/.exec(decodeURIComponent(location.hash)); } catch (e) { }
          if (asked && parse(asked[2]) > parse(asked[1])) { setView(parse(asked[1]), parse(asked[2]), true); } else { setView(w0, w1, true); }
          $('zoom').hidden = false;   // zooming needs this script: the controls show only with it
          body.setAttribute('data-ready', 'true');
        })();

        """;
}
