import Foundation

/// The dashboard's single page: HTML, CSS and JavaScript in one document, with no external resource.
///
/// The server embeds the current progress, workers and λ payloads in the page, so its first paint already
/// shows them; while the run is running the page refreshes them from `/api/progress`, `/api/workers` and
/// `/api/lambda`, follows `/api/events` (server-sent events) and redraws in place: the run's state (running,
/// finished, stopped), the progress bar and ETA, the throughput sparkline, the worker table (stale and dead
/// workers highlighted), and as inline SVG λ_nMLE(ε) (log ε axis, error bars ± the standard deviation of Λ, one
/// series per η with data, in the report's colour map); with several η also the progress per η, λ_nMLE(η) and
/// the kept fraction per η (log η axis, one series per ε). η and ε are printed with 4 significant digits. The
/// page states what it shows in data attributes (`body[data-state]`, each plot's `data-series`, `data-points`
/// and `data-colors`), for tests and scripts. A `?token=` in the page's address is passed on to every request.
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
  :root { --fg: #1d2330; --muted: #667085; --line: #d0d5dd; --accent: #2f6fdf; --bad: #c0392b; --warn: #b7791f; --good: #1e7b45; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #f6f7f9; }
  header { display: flex; align-items: baseline; gap: 1em; padding: 14px 24px; background: #fff; border-bottom: 1px solid var(--line); }
  header h1 { margin: 0; font-size: 18px; }
  #run-state { font-size: 13px; font-weight: 600; padding: 1px 10px; border-radius: 10px; background: #e8effc; color: var(--accent); }
  body[data-state="finished"] #run-state { background: #e7f5ec; color: var(--good); }
  body[data-state="stopped"] #run-state { background: #fdf0d5; color: var(--warn); }
  #connection { color: var(--muted); font-size: 12px; margin-left: auto; }
  .banner { margin: 12px 24px 0; padding: 10px 14px; border-radius: 6px; background: #fdecea; color: var(--bad); border: 1px solid #f5c6c0; font-weight: 600; }
  main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; padding: 16px 24px; }
  section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; min-width: 0; }
  section.wide { grid-column: 1 / -1; }
  h2 { margin: 0 0 10px; font-size: 14px; font-weight: 600; letter-spacing: .01em; color: var(--muted); }
  .bar { height: 18px; background: #e9edf3; border-radius: 9px; overflow: hidden; }
  #progress-fill { height: 100%; width: 0; background: var(--accent); transition: width .4s; }
  body[data-state="finished"] #progress-fill { background: var(--good); }
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
  .pill { display: inline-block; padding: 0 8px; border-radius: 9px; font-size: 12px; background: #e7f5ec; color: var(--good); }
  .state-stale .pill { background: #fdf0d5; color: var(--warn); }
  .state-dead .pill { background: #f9d5d0; color: var(--bad); }
  .state-gone .pill { background: #eceff3; color: var(--muted); }
  .eta-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 4px 20px; font-variant-numeric: tabular-nums; }
  .eta-item { display: grid; grid-template-columns: 12px 7.5em 1fr 4.5em; align-items: center; gap: 6px; font-size: 12px; }
  .swatch { width: 12px; height: 12px; border-radius: 3px; }
  .mini-bar { height: 8px; background: #e9edf3; border-radius: 4px; overflow: hidden; }
  .mini-bar div { height: 100%; }
  svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
  svg .axis { stroke: #98a2b3; stroke-width: 1; }
  svg .grid { stroke: #eef0f3; stroke-width: 1; }
  #throughput polyline { fill: none; stroke: var(--accent); stroke-width: 1.5; }
  .plot .series polyline { fill: none; stroke-width: 1.5; }
  .plot .error-bar { stroke-width: 1.2; }
  @media (max-width: 900px) { main { grid-template-columns: 1fr; } }
</style>
</head>
<body data-state="waiting">
<header>
  <h1>lyapsweep · <span id="sweep-name">…</span></h1>
  <span id="run-state">waiting</span>
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
  <section class="wide" id="eta-progress-section" hidden>
    <h2>Progress per η (initial conditions with a result)</h2>
    <div id="eta-progress" class="eta-grid"></div>
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
    <h2>λ<sub>nMLE</sub>(ε), one series per η (error bars: ± std of Λ)</h2>
    <svg id="lambda-plot" class="plot" viewBox="0 0 900 400" width="100%"></svg>
  </section>
  <section id="lambda-eta-section" hidden>
    <h2>λ<sub>nMLE</sub>(η), one series per ε</h2>
    <svg id="lambda-eta-plot" class="plot" viewBox="0 0 600 380" width="100%"></svg>
  </section>
  <section id="kept-eta-section" hidden>
    <h2>Kept fraction of initial conditions per η, one series per ε</h2>
    <svg id="kept-eta-plot" class="plot" viewBox="0 0 600 380" width="100%"></svg>
  </section>
  <section class="wide" id="onset" hidden>
    <h2>Onset search</h2>
    <pre id="onset-summary"></pre>
  </section>
  <section class="wide" id="adaptive" hidden>
    <h2>Adaptive sweep</h2>
    <p id="adaptive-summary"></p>
    <div style="overflow-x:auto">
    <table id="precision">
      <thead><tr><th>η</th><th>ε</th><th>ICs stored/created</th><th>kept</th><th>statistic</th><th>status</th></tr></thead>
      <tbody></tbody>
    </table>
    </div>
  </section>
</main>
<script>
"use strict";
const token = new URLSearchParams(location.search).get("token");
const suffix = token ? "?token=" + encodeURIComponent(token) : "";
const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);
let state = "waiting", database = null, events = null;

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
function ago(seconds) { return (seconds < 60 ? seconds.toFixed(1) + " s" : duration(seconds)) + " ago"; }
function rate(value) {
  if (value >= 1e6) return (value / 1e6).toFixed(2) + " M";
  if (value >= 1e3) return (value / 1e3).toFixed(1) + " k";
  return value.toFixed(0);
}
// η and ε with 4 significant digits: 0.01438, 1.438, 10, 1e-6, 1.438e-12.
function significant(value) {
  const rounded = Number(value.toPrecision(4));
  const small = rounded !== 0 && Math.abs(rounded) < 1e-3, large = Math.abs(rounded) >= 1e6;
  return (small || large ? rounded.toExponential() : rounded.toString()).replace("e+", "e");
}
function decade(d) { return d >= -3 && d <= 3 ? significant(Math.pow(10, d)) : "1e" + d; }

function showConnection() {
  let text;
  if (database) text = "read-only view of " + database;
  else if (state === "finished") text = "finished · final state of the run";
  else if (state === "stopped") text = "stopped before the end";
  else if (events && events.readyState === EventSource.CLOSED) text = "disconnected";
  else text = "live · updated " + new Date().toLocaleTimeString();
  $("connection").textContent = text;
}

function renderProgress(p) {
  state = p.state;
  database = p.database || null;
  document.body.dataset.state = p.state;
  $("run-state").textContent = p.state === "stopped" ? "stopped before the end" : p.state;
  $("sweep-name").textContent = p.sweep;
  $("endpoint").textContent = p.database ? "" : p.endpoint;
  $("insecure-banner").hidden = !p.insecure || p.state !== "running";
  $("progress-fill").style.width = p.percent.toFixed(1) + "%";
  const box = $("progress");
  box.dataset.done = p.done;
  box.dataset.total = p.total;
  let text = p.done + "/" + p.total + " tasks (" + p.percent.toFixed(1) + "%)";
  if (p.failed > 0) text += " · " + p.failed + " failed";
  $("progress-text").textContent = text;
  if (p.state === "finished") $("eta").textContent = p.failed > 0 ? "finished with failed tasks" : "finished";
  else if (p.state === "stopped") $("eta").textContent = (p.total - p.done - p.failed) + " tasks left: the same command resumes";
  else $("eta").textContent = "ETA " + duration(p.etaSeconds);
  let details = rate(p.stepsPerSecond) + " trajectory-steps/s";
  if (p.state === "running") details += " · " + p.running + " running · " + p.pending + " pending";
  details += " · " + p.retries + " retries · " + p.rejectedFrames + " rejected frames · " + duration(p.elapsedSeconds) + " elapsed";
  $("rate").textContent = details;
  renderSparkline(p.throughput, p);
  showConnection();
}

function renderSparkline(values, p) {
  const svg = $("throughput");
  svg.replaceChildren();
  svg.dataset.samples = values.length;
  if (values.length < 2) {
    $("throughput-text").textContent = p.state === "running" ? "collecting samples…"
      : "not running · mean " + rate(p.stepsPerSecond) + " trajectory-steps/s";
    return;
  }
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
      worker.state === "gone" ? "left" : ago(worker.silentSeconds)];
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
  const total = w.workers.reduce((sum, worker) => sum + worker.tasksDone, 0);
  $("workers-summary").textContent = state === "running" || state === "waiting"
    ? counts.alive + " alive · " + counts.stale + " stale · " + counts.dead + " dead · " + counts.gone +
      " gone · dead after " + w.livenessSeconds.toFixed(1) + " s of silence"
    : "no worker runs: the run is " + (state === "finished" ? "finished" : "stopped") + " · " + w.workers.length +
      (w.workers.length === 1 ? " worker" : " workers") + " returned " + total + " results";
}

// A plot over a log x axis: series of points {x, y, error, title}; series without points are left out, also from
// the legend. The svg's data-series, data-points and data-colors say what was drawn.
function drawPlot(svg, o) {
  svg.replaceChildren();
  const width = svg.viewBox.baseVal.width, height = svg.viewBox.baseVal.height;
  const left = 64, right = width > 700 ? 140 : 110, top = 16, bottom = 44;
  const shown = o.series.filter((s) => s.points.length > 0);
  const all = shown.flatMap((s) => s.points);
  const logs = o.xs.map(Math.log10);
  let xMin = Math.min(...logs), xMax = Math.max(...logs);
  if (xMax - xMin < 1) { xMin -= 0.5; xMax += 0.5; }
  let yMin = 0, yMax = 0;
  if (o.yRange) { [yMin, yMax] = o.yRange; } else {
    for (const p of all) {
      const e = p.error || 0;
      yMin = Math.min(yMin, p.y - e);
      yMax = Math.max(yMax, p.y + e);
    }
    if (yMax - yMin < 1e-9) yMax = yMin + 1;
    const pad = (yMax - yMin) * 0.05;
    yMin -= pad; yMax += pad;
  }
  const x = (v) => left + (Math.log10(v) - xMin) / (xMax - xMin) * (width - left - right);
  const y = (v) => top + (yMax - v) / (yMax - yMin) * (height - top - bottom);
  // An onset search's brackets, shaded, and the level it looks for, dashed.
  for (const [low, high] of o.bands || []) {
    svg.appendChild(svgElement("rect", { class: "bracket", "data-low": low, "data-high": high, x: x(low), y: top,
      width: Math.max(x(high) - x(low), 2), height: height - top - bottom, fill: "#f5a623", "fill-opacity": 0.3 }));
  }
  if (o.level !== undefined && o.level >= yMin && o.level <= yMax) {
    svg.appendChild(svgElement("line", { class: "level", x1: left, x2: width - right, y1: y(o.level), y2: y(o.level),
      stroke: "#f5a623", "stroke-dasharray": "6 3" }));
  }
  for (let d = Math.ceil(xMin); d <= Math.floor(xMax); d += 1) {
    const px = x(Math.pow(10, d));
    svg.appendChild(svgElement("line", { class: "grid", x1: px, x2: px, y1: top, y2: height - bottom }));
    svg.appendChild(svgElement("text", { x: px, y: height - bottom + 16, "text-anchor": "middle" }, decade(d)));
  }
  const step = Math.pow(10, Math.floor(Math.log10((yMax - yMin) / 4)));
  const ticks = [1, 2, 5, 10].map((m) => m * step).find((s) => (yMax - yMin) / s <= 6) || step * 10;
  for (let v = Math.ceil(yMin / ticks) * ticks; v <= yMax + 1e-12; v += ticks) {
    const py = y(v);
    svg.appendChild(svgElement("line", { class: "grid", x1: left, x2: width - right, y1: py, y2: py }));
    svg.appendChild(svgElement("text", { x: left - 6, y: py + 4, "text-anchor": "end" }, Number(v.toPrecision(3)).toString()));
  }
  svg.appendChild(svgElement("line", { class: "axis", x1: left, x2: width - right, y1: height - bottom, y2: height - bottom }));
  svg.appendChild(svgElement("line", { class: "axis", x1: left, x2: left, y1: top, y2: height - bottom }));
  svg.appendChild(svgElement("text", { x: (left + width - right) / 2, y: height - 8, "text-anchor": "middle" }, o.xLabel));
  svg.appendChild(svgElement("text", { x: 14, y: (top + height - bottom) / 2, "text-anchor": "middle",
    transform: "rotate(-90 14 " + (top + height - bottom) / 2 + ")" }, o.yLabel));
  const spacing = Math.min(18, (height - top - bottom) / Math.max(shown.length, 1));
  shown.forEach((s, index) => {
    const group = svgElement("g", { class: "series", "data-key": s.key, "data-color": s.color });
    // A tangent point (the ε → 0 row, placed a decade left of the smallest ε) is an open marker off the line.
    const line = s.points.filter((p) => !p.tangent);
    if (line.length > 1) {
      group.appendChild(svgElement("polyline", { stroke: s.color,
        points: line.map((p) => x(p.x).toFixed(1) + "," + y(p.y).toFixed(1)).join(" ") }));
    }
    for (const p of s.points) {
      const px = x(p.x);
      if (p.error !== undefined) {
        const low = y(p.y - p.error), high = y(p.y + p.error);
        group.appendChild(svgElement("line", { class: "error-bar", stroke: s.color, x1: px, x2: px, y1: low, y2: high }));
        group.appendChild(svgElement("line", { class: "error-bar", stroke: s.color, x1: px - 4, x2: px + 4, y1: low, y2: low }));
        group.appendChild(svgElement("line", { class: "error-bar", stroke: s.color, x1: px - 4, x2: px + 4, y1: high, y2: high }));
      }
      const dot = svgElement("circle", p.tangent
        ? { class: "point tangent", cx: px, cy: y(p.y), r: 5, fill: "white", stroke: s.color, "stroke-width": 2 }
        : { class: "point", cx: px, cy: y(p.y), r: 4, fill: s.color });
      dot.appendChild(svgElement("title", {}, p.title));
      group.appendChild(dot);
    }
    const ly = top + 12 + index * spacing;
    group.appendChild(svgElement("rect", { class: "legend-swatch", x: width - right + 12, y: ly - 9, width: 12, height: 12, rx: 2, fill: s.color }));
    group.appendChild(svgElement("text", { x: width - right + 30, y: ly }, s.label));
    svg.appendChild(group);
  });
  svg.dataset.series = shown.length;
  svg.dataset.points = all.length;
  svg.dataset.colors = new Set(shown.map((s) => s.color)).size;
  if (all.length === 0) {
    svg.appendChild(svgElement("text", { x: (left + width - right) / 2, y: (top + height - bottom) / 2, "text-anchor": "middle" },
      o.empty));
  }
}

// ε as a label: the tangent row is sent as ε = 0 and shown as ε → 0.
function epsilonLabel(epsilon) { return epsilon === 0 ? "ε → 0 (tangent)" : "ε = " + significant(epsilon); }

function renderLambda(l) {
  const kept = l.points.filter((p) => p.lambda !== undefined);
  const title = (p) => "η = " + significant(p.eta) + ", " + epsilonLabel(p.epsilon) + ": λ = " + p.lambda.toFixed(4) +
    " ± " + (p.standardDeviation || 0).toFixed(4) + " (" + p.kept + "/" + p.total + " ICs kept)";
  // The tangent row sits a decade left of the smallest ε on the ε axis.
  const smallest = Math.min(...l.epsilons.filter((e) => e > 0));
  const at = (e) => (e > 0 ? e : smallest / 10);
  drawPlot($("lambda-plot"), {
    xs: l.epsilons.map(at), xLabel: l.epsilons.includes(0) ? "ε (log scale; ○ the ε → 0 row)" : "ε (log scale)", yLabel: "λ_nMLE per step", empty: "no λ yet: waiting for kept fits",
    series: l.etas.map((eta, i) => ({ key: eta, label: "η = " + significant(eta), color: l.etaColors[i],
      points: kept.filter((p) => p.eta === eta).map((p) => ({ x: at(p.epsilon), y: p.lambda, error: p.standardDeviation || 0,
        tangent: p.epsilon === 0, title: title(p) })) })),
  });
  const several = l.etas.length > 1;
  for (const id of ["eta-progress-section", "lambda-eta-section", "kept-eta-section"]) $(id).hidden = !several;
  if (!several) return;
  const onset = l.onset;
  const bands = onset ? onset.brackets.filter((b) => onset.refined.includes(b.low)).map((b) => [b.low, b.high]) : [];
  const statistic = onset ? onset.search.statistic : undefined;
  drawPlot($("lambda-eta-plot"), {
    bands, level: statistic === "lambda" ? onset.search.level : undefined,
    xs: l.etas, xLabel: "η (log scale)", yLabel: "λ_nMLE per step", empty: "no λ yet: waiting for kept fits",
    series: l.epsilons.map((epsilon, i) => ({ key: epsilon, label: epsilonLabel(epsilon), color: l.epsilonColors[i],
      points: kept.filter((p) => p.epsilon === epsilon).map((p) => ({ x: p.eta, y: p.lambda, error: p.standardDeviation || 0, title: title(p) })) })),
  });
  drawPlot($("kept-eta-plot"), {
    bands, level: statistic === "kept_fraction" ? onset.search.level : undefined,
    xs: l.etas, xLabel: "η (log scale)", yLabel: "kept fraction", yRange: [0, 1.05], empty: "no result yet",
    series: l.epsilons.map((epsilon, i) => ({ key: epsilon, label: epsilonLabel(epsilon), color: l.epsilonColors[i],
      points: l.points.filter((p) => p.epsilon === epsilon && p.total > 0).map((p) => ({ x: p.eta, y: p.kept / p.total,
        title: "η = " + significant(p.eta) + ", " + epsilonLabel(epsilon) + ": " + p.kept + "/" + p.total + " ICs kept" })) })),
  });
  const grid = $("eta-progress");
  grid.replaceChildren();
  let complete = 0;
  l.etas.forEach((eta, i) => {
    const done = Math.max(0, ...l.points.filter((p) => p.eta === eta).map((p) => p.total));
    if (done >= l.icsByEta[i]) complete += 1;
    const item = document.createElement("div");
    item.className = "eta-item";
    item.dataset.eta = eta;
    item.dataset.done = done;
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = l.etaColors[i];
    const label = document.createElement("span");
    label.textContent = "η = " + significant(eta);
    const bar = document.createElement("div");
    bar.className = "mini-bar";
    const fill = document.createElement("div");
    fill.style.width = (100 * done / Math.max(l.icsByEta[i], 1)).toFixed(1) + "%";
    fill.style.background = l.etaColors[i];
    bar.appendChild(fill);
    const count = document.createElement("span");
    count.textContent = done + "/" + l.icsByEta[i];
    item.append(swatch, label, bar, count);
    grid.appendChild(item);
  });
  grid.dataset.complete = complete;
}

// An onset search's state: what it looks for, the η done and open, and η_c with the bracket of each refined crossing.
function renderOnset(o) {
  $("onset").hidden = !o;
  if (!o) return;
  const done = o.points.filter((p) => p.stored >= o.ics).length;
  const name = o.search.statistic === "kept_fraction" ? "kept fraction" : "λ_nMLE";
  const lines = [name + " = " + o.search.level + " at ε = " + significant(o.search.epsilon) + ", bracket hi/lo − 1 ≤ " +
    o.search.tolerance + ": " + o.points.length + " η, " + done + " done, " + (o.points.length - done) + " open, " +
    (o.finished ? "finished" : "running")];
  const refined = o.brackets.filter((b) => o.refined.includes(b.low));
  if (o.brackets.length === 0) lines.push("no crossing yet");
  refined.forEach((b, i) => {
    const which = o.search.crossings === "lowest"
      ? (o.brackets.length > 1 ? "lowest of " + o.brackets.length + " crossings" : "the only crossing")
      : "crossing " + (i + 1) + " of " + o.brackets.length;
    lines.push("η_c = " + significant(Math.sqrt(b.low * b.high)) + " in [" + significant(b.low) + ", " + significant(b.high) +
      "] (hi/lo − 1 = " + significant(b.high / b.low - 1) + ", " + (b.resolved ? "resolved" : "refining") + "; " + which + ")");
  });
  $("onset-summary").textContent = lines.join("\n");
}

function renderAdaptive(a) {
  $("adaptive").hidden = !a;
  if (!a) return;
  const open = a.rows.filter((r) => r.status === "open").length;
  $("adaptive-summary").textContent = a.target.measure + " ≤ " + a.target.value + " at every ε, at most " +
    a.target.maxICs + " ICs per η: " + open + " of " + a.rows.length + " rows open";
  $("precision").tBodies[0].replaceChildren(...a.rows.map((r) => {
    const row = document.createElement("tr");
    row.dataset.status = r.status;
    for (const text of [r.eta, r.epsilon, r.stored + "/" + r.ics, r.kept,
                        r.value === undefined ? "-" : r.value.toPrecision(3), r.status]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.appendChild(cell);
    }
    return row;
  }));
}

const renderers = { progress: renderProgress, workers: renderWorkers, lambda: (l) => { renderLambda(l); renderAdaptive(l.precision); renderOnset(l.onset); } };
const initial = /*INITIAL*/null;
for (const name of Object.keys(renderers)) {
  if (initial && initial[name]) renderers[name](initial[name]);
}
async function load(name) {
  const response = await fetch("/api/" + name + suffix, { cache: "no-store" });
  if (response.ok) renderers[name](await response.json());
}
// A finished run, or one read from its database, does not change: the page follows events only while it runs.
Promise.all(Object.keys(renderers).map(load)).finally(() => {
  if (state !== "running" && state !== "waiting") { showConnection(); return; }
  events = new EventSource("/api/events" + suffix);
  for (const name of Object.keys(renderers)) {
    events.addEventListener(name, (event) => {
      renderers[name](JSON.parse(event.data));
      // Each snapshot comes as progress, workers, lambda: after the last of a final one, nothing more will.
      if (name === "lambda" && state !== "running") events.close();
      showConnection();
    });
  }
  events.onerror = () => {
    if (state !== "running") return;
    $("connection").textContent = "disconnected (the coordinator stopped?); retrying…";
  };
});
</script>
</body>
</html>
"""#
}
