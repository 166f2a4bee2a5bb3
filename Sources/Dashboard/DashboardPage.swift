import Foundation

/// The dashboard's single page: HTML, CSS and JavaScript in one document, with no external resource.
///
/// The server embeds the current progress, workers and λ payloads in the page, so its first paint already
/// shows them; the page then refreshes them from `/api/progress`, `/api/workers` and `/api/lambda` and follows `/api/events`
/// (server-sent events) and redraws in place: the progress bar and ETA, the throughput sparkline, the
/// worker table (stale and dead workers highlighted) and λ_nMLE(ε) as inline SVG (log ε axis, error bars
/// ± the standard deviation of Λ, one series per η). A `?token=` in the page's address is passed on to
/// every request it makes.
enum DashboardPage {
    /// The page with the current payloads embedded (`null` where the coordinator has not published yet).
    static func render(progress: ProgressPayload?, workers: WorkersPayload?, lambda: LambdaPayload?) -> String {
        func embedded(_ payload: (some Encodable)?) -> String {
            // `<` only occurs inside JSON strings, where \u003c means the same; no `</script>` can close the block.
            payload.map { $0.dashboardJSON().replacingOccurrences(of: "<", with: "\\u003c") } ?? "null"
        }
        let initial = "{\"progress\":\(embedded(progress)),\"workers\":\(embedded(workers)),\"lambda\":\(embedded(lambda))}"
        return template.replacingOccurrences(of: "/*INITIAL*/null", with: initial)
    }

    private static let template = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lyapsweep dashboard</title>
<style>
  :root { --fg: #1d2330; --muted: #667085; --line: #d0d5dd; --accent: #2f6fdf; --bad: #c0392b; --warn: #b7791f; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #f6f7f9; }
  header { display: flex; align-items: baseline; gap: 1em; padding: 14px 24px; background: #fff; border-bottom: 1px solid var(--line); }
  header h1 { margin: 0; font-size: 18px; }
  #connection { color: var(--muted); font-size: 12px; margin-left: auto; }
  .banner { margin: 12px 24px 0; padding: 10px 14px; border-radius: 6px; background: #fdecea; color: var(--bad); border: 1px solid #f5c6c0; font-weight: 600; }
  main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; padding: 16px 24px; }
  section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; min-width: 0; }
  section.wide { grid-column: 1 / -1; }
  h2 { margin: 0 0 10px; font-size: 14px; font-variant: small-caps; letter-spacing: .04em; color: var(--muted); }
  .bar { height: 18px; background: #e9edf3; border-radius: 9px; overflow: hidden; }
  #progress-fill { height: 100%; width: 0; background: var(--accent); transition: width .4s; }
  .numbers { display: flex; flex-wrap: wrap; gap: 6px 24px; margin-top: 8px; }
  #progress-text { font-size: 20px; font-weight: 600; }
  #eta { font-size: 20px; }
  .muted { color: var(--muted); }
  table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
  th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #eef0f3; white-space: nowrap; }
  th { font-weight: 600; color: var(--muted); font-size: 12px; }
  tr.state-stale td { background: #fff7e6; }
  tr.state-dead td { background: #fdecea; color: var(--bad); }
  tr.state-gone td { color: var(--muted); }
  .pill { display: inline-block; padding: 0 8px; border-radius: 9px; font-size: 12px; background: #e7f5ec; color: #1e7b45; }
  .state-stale .pill { background: #fdf0d5; color: var(--warn); }
  .state-dead .pill { background: #f9d5d0; color: var(--bad); }
  .state-gone .pill { background: #eceff3; color: var(--muted); }
  svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
  svg .axis { stroke: #98a2b3; stroke-width: 1; }
  svg .grid { stroke: #eef0f3; stroke-width: 1; }
  #throughput polyline { fill: none; stroke: var(--accent); stroke-width: 1.5; }
  #lambda-plot .series polyline { fill: none; stroke-width: 1.5; }
  #lambda-plot .error-bar { stroke-width: 1.2; }
  @media (max-width: 900px) { main { grid-template-columns: 1fr; } }
</style>
</head>
<body>
<header>
  <h1>lyapsweep · <span id="sweep-name">…</span></h1>
  <span id="endpoint" class="muted"></span>
  <span id="connection">connecting…</span>
</header>
<div id="insecure-banner" class="banner" hidden>
  INSECURE: this coordinator listens in plaintext on a network address (--insecure). Anyone who can reach it can
  read results and inject false ones. Use CURVE keys (lyapsweep keys generate) on shared networks.
</div>
<main>
  <section class="wide" id="progress" data-done="0" data-total="0">
    <h2>Progress</h2>
    <div class="bar"><div id="progress-fill"></div></div>
    <div class="numbers">
      <span id="progress-text">waiting for the coordinator…</span>
      <span id="eta"></span>
      <span id="rate" class="muted"></span>
    </div>
  </section>
  <section>
    <h2>Throughput (trajectory-steps/s, last 2 min)</h2>
    <svg id="throughput" viewBox="0 0 400 70" width="100%" height="70" preserveAspectRatio="none"></svg>
    <div id="throughput-text" class="muted"></div>
  </section>
  <section>
    <h2>Workers</h2>
    <div id="workers-summary" class="muted"></div>
  </section>
  <section class="wide">
    <h2>Worker table</h2>
    <div style="overflow-x:auto">
    <table id="workers">
      <thead><tr><th>worker</th><th>host</th><th>pid</th><th>state</th><th>current task</th><th>steps in task</th>
        <th>tasks done</th><th>mean task</th><th>last heard</th></tr></thead>
      <tbody></tbody>
    </table>
    </div>
  </section>
  <section class="wide">
    <h2>λ<sub>nMLE</sub> vs ε (error bars ± std of Λ)</h2>
    <svg id="lambda-plot" viewBox="0 0 900 380" width="100%"></svg>
  </section>
</main>
<script>
"use strict";
const token = new URLSearchParams(location.search).get("token");
const suffix = token ? "?token=" + encodeURIComponent(token) : "";
const SVG = "http://www.w3.org/2000/svg";
const colors = ["#2f6fdf", "#d9480f", "#2b8a3e", "#862e9c", "#c2255c", "#0b7285", "#5c940d", "#e67700"];
const $ = (id) => document.getElementById(id);

function svgElement(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, value);
  if (text !== undefined) element.textContent = text;
  return element;
}
function duration(seconds) {
  if (seconds === undefined || seconds === null) return "estimating";
  if (seconds < 60) return seconds.toFixed(0) + " s";
  if (seconds < 3600) return Math.floor(seconds / 60) + " min " + Math.round(seconds % 60) + " s";
  return (seconds / 3600).toFixed(1) + " h";
}
function rate(value) {
  if (value >= 1e6) return (value / 1e6).toFixed(2) + " M";
  if (value >= 1e3) return (value / 1e3).toFixed(1) + " k";
  return value.toFixed(0);
}
function exponential(value) {
  const text = value.toExponential(0);
  return text.replace("e+", "e");
}

function renderProgress(p) {
  $("sweep-name").textContent = p.sweep;
  $("endpoint").textContent = p.endpoint;
  $("insecure-banner").hidden = !p.insecure;
  $("progress-fill").style.width = p.percent.toFixed(1) + "%";
  const box = $("progress");
  box.dataset.done = p.done;
  box.dataset.total = p.total;
  let text = p.done + "/" + p.total + " tasks (" + p.percent.toFixed(1) + "%)";
  if (p.failed > 0) text += " · " + p.failed + " failed";
  $("progress-text").textContent = text;
  $("eta").textContent = p.done + p.failed >= p.total ? "complete" : "ETA " + duration(p.etaSeconds);
  $("rate").textContent = rate(p.stepsPerSecond) + " trajectory-steps/s · " + p.running + " running · " +
    p.pending + " pending · " + p.retries + " retries · " + p.rejectedFrames + " rejected frames · " +
    duration(p.elapsedSeconds) + " elapsed";
  renderSparkline(p.throughput);
}

function renderSparkline(values) {
  const svg = $("throughput");
  svg.replaceChildren();
  svg.dataset.samples = values.length;
  if (values.length < 2) { $("throughput-text").textContent = "collecting samples…"; return; }
  const width = 400, height = 70, top = Math.max(...values, 1);
  const points = values.map((v, i) => (i / (values.length - 1) * width).toFixed(1) + "," +
    (height - 3 - v / top * (height - 6)).toFixed(1)).join(" ");
  svg.appendChild(svgElement("polyline", { points: points }));
  $("throughput-text").textContent = "now " + rate(values[values.length - 1]) + "/s · peak " + rate(top) + "/s";
}

function renderWorkers(w) {
  const body = $("workers").tBodies[0];
  body.replaceChildren();
  const counts = { alive: 0, stale: 0, dead: 0, gone: 0 };
  for (const worker of w.workers) {
    counts[worker.state] += 1;
    const row = document.createElement("tr");
    row.className = "worker state-" + worker.state;
    row.dataset.state = worker.state;
    row.dataset.pid = worker.pid;
    const task = worker.inFlight.length ? worker.inFlight.join(", ")
      : (worker.requeued.length ? "re-queued " + worker.requeued.join(", ") : "—");
    const cells = [worker.id, worker.host, worker.pid, null, task,
      worker.stepsInCurrentTask > 0 ? worker.stepsInCurrentTask.toLocaleString("en") : "—", worker.tasksDone,
      worker.meanTaskSeconds === undefined ? "—" : worker.meanTaskSeconds.toFixed(2) + " s",
      worker.silentSeconds.toFixed(1) + " s ago"];
    for (const value of cells) {
      const cell = document.createElement("td");
      if (value === null) {
        const pill = document.createElement("span");
        pill.className = "pill";
        pill.textContent = worker.state;
        cell.appendChild(pill);
      } else {
        cell.textContent = value;
      }
      row.appendChild(cell);
    }
    body.appendChild(row);
  }
  $("workers-summary").textContent = counts.alive + " alive · " + counts.stale + " stale · " + counts.dead +
    " dead · " + counts.gone + " gone · dead after " + w.livenessSeconds.toFixed(1) + " s of silence";
}

function renderLambda(l) {
  const svg = $("lambda-plot");
  svg.replaceChildren();
  const width = 900, height = 380, left = 64, right = 130, top = 16, bottom = 44;
  // The tangent row (ε → 0, sent as ε = 0) is drawn a decade left of the smallest ε, as an open marker.
  const smallest = Math.min(...l.epsilons.filter((e) => e > 0));
  const at = (e) => (e > 0 ? e : smallest / 10);
  const logs = l.epsilons.map((e) => Math.log10(at(e)));
  let xMin = Math.min(...logs), xMax = Math.max(...logs);
  if (xMax - xMin < 1) { xMin -= 0.5; xMax += 0.5; }
  const shown = l.points.filter((p) => p.lambda !== undefined);
  let yMin = 0, yMax = 0;
  for (const p of shown) {
    const s = p.standardDeviation || 0;
    yMin = Math.min(yMin, p.lambda - s);
    yMax = Math.max(yMax, p.lambda + s);
  }
  if (yMax - yMin < 1e-9) yMax = yMin + 1;
  const pad = (yMax - yMin) * 0.05;
  yMin -= pad; yMax += pad;
  const x = (e) => left + (Math.log10(at(e)) - xMin) / (xMax - xMin) * (width - left - right);
  const y = (v) => top + (yMax - v) / (yMax - yMin) * (height - top - bottom);
  for (let d = Math.ceil(xMin); d <= Math.floor(xMax); d += 1) {
    const px = x(Math.pow(10, d));
    svg.appendChild(svgElement("line", { class: "grid", x1: px, x2: px, y1: top, y2: height - bottom }));
    svg.appendChild(svgElement("text", { x: px, y: height - bottom + 16, "text-anchor": "middle" }, "1e" + d));
  }
  const step = Math.pow(10, Math.floor(Math.log10((yMax - yMin) / 4)));
  const ticks = [1, 2, 5, 10].map((m) => m * step).find((s) => (yMax - yMin) / s <= 6) || step * 10;
  for (let v = Math.ceil(yMin / ticks) * ticks; v <= yMax; v += ticks) {
    const py = y(v);
    svg.appendChild(svgElement("line", { class: "grid", x1: left, x2: width - right, y1: py, y2: py }));
    svg.appendChild(svgElement("text", { x: left - 6, y: py + 4, "text-anchor": "end" }, Number(v.toPrecision(3)).toString()));
  }
  svg.appendChild(svgElement("line", { class: "axis", x1: left, x2: width - right, y1: height - bottom, y2: height - bottom }));
  svg.appendChild(svgElement("line", { class: "axis", x1: left, x2: left, y1: top, y2: height - bottom }));
  svg.appendChild(svgElement("text", { x: (left + width - right) / 2, y: height - 8, "text-anchor": "middle" }, "ε (log scale)"));
  svg.appendChild(svgElement("text", { x: 14, y: (top + height - bottom) / 2, "text-anchor": "middle",
    transform: "rotate(-90 14 " + (top + height - bottom) / 2 + ")" }, "λ_nMLE per step"));
  l.etas.forEach((eta, index) => {
    const color = colors[index % colors.length];
    const group = svgElement("g", { class: "series", "data-eta": eta });
    const points = shown.filter((p) => p.eta === eta);
    const line = points.filter((p) => p.epsilon > 0);
    if (line.length > 1) {
      group.appendChild(svgElement("polyline", { stroke: color,
        points: line.map((p) => x(p.epsilon).toFixed(1) + "," + y(p.lambda).toFixed(1)).join(" ") }));
    }
    for (const p of points) {
      const s = p.standardDeviation || 0, px = x(p.epsilon);
      group.appendChild(svgElement("line", { class: "error-bar", stroke: color, x1: px, x2: px, y1: y(p.lambda - s), y2: y(p.lambda + s) }));
      group.appendChild(svgElement("line", { class: "error-bar", stroke: color, x1: px - 4, x2: px + 4, y1: y(p.lambda - s), y2: y(p.lambda - s) }));
      group.appendChild(svgElement("line", { class: "error-bar", stroke: color, x1: px - 4, x2: px + 4, y1: y(p.lambda + s), y2: y(p.lambda + s) }));
      const dot = svgElement("circle", p.epsilon > 0 ? { class: "point", cx: px, cy: y(p.lambda), r: 4, fill: color }
        : { class: "point tangent", cx: px, cy: y(p.lambda), r: 5, fill: "white", stroke: color, "stroke-width": 2 });
      dot.appendChild(svgElement("title", {}, "η = " + eta + (p.epsilon > 0 ? ", ε = " + exponential(p.epsilon) : ", ε → 0 (tangent)") + ": λ = " +
        p.lambda.toFixed(4) + " ± " + s.toFixed(4) + " (" + p.kept + "/" + p.total + " ICs kept)"));
      group.appendChild(dot);
    }
    const ly = top + 14 + index * 18;
    group.appendChild(svgElement("circle", { cx: width - right + 16, cy: ly - 4, r: 4, fill: color }));
    group.appendChild(svgElement("text", { x: width - right + 26, y: ly }, "η = " + eta));
    svg.appendChild(group);
  });
  svg.dataset.points = shown.length;
  if (shown.length === 0) {
    svg.appendChild(svgElement("text", { x: (left + width - right) / 2, y: (top + height - bottom) / 2, "text-anchor": "middle" },
      "no λ yet: waiting for kept fits"));
  }
}

const renderers = { progress: renderProgress, workers: renderWorkers, lambda: renderLambda };
const initial = /*INITIAL*/null;
for (const name of Object.keys(renderers)) {
  if (initial && initial[name]) renderers[name](initial[name]);
}
async function load(name) {
  const response = await fetch("/api/" + name + suffix, { cache: "no-store" });
  if (response.ok) renderers[name](await response.json());
}
Promise.all(Object.keys(renderers).map(load)).finally(() => {
  const events = new EventSource("/api/events" + suffix);
  for (const name of Object.keys(renderers)) {
    events.addEventListener(name, (event) => {
      renderers[name](JSON.parse(event.data));
      $("connection").textContent = "live · updated " + new Date().toLocaleTimeString();
    });
  }
  events.onerror = () => { $("connection").textContent = "disconnected (the sweep may have ended); retrying…"; };
});
</script>
</body>
</html>
"""#
}
