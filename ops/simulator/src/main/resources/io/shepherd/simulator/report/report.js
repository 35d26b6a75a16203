(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("shepherd-report-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var LEVELS = ["NONE", "WARNING", "CRITICAL", "EMERGENCY"];
  var COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
  var W = 960, H = 260, L = 80, R = 20, T = 14, B = 30;
  var t0 = data.start, t1 = Math.max(data.end, data.start + 1);

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function x(t) { return L + (W - L - R) * (t - t0) / (t1 - t0); }
  function chart(id, yMin, yMax, yLabels) {
    var host = document.getElementById(id);
    var svg = el("svg", {width: W, height: H, viewBox: "0 0 " + W + " " + H}, host);
    var y = function (v) { return H - B - (H - T - B) * (v - yMin) / ((yMax - yMin) || 1); };
    var axis = el("g", {"class": "axis"}, svg);
    el("line", {x1: L, y1: H - B, x2: W - R, y2: H - B}, axis);
    el("line", {x1: L, y1: T, x2: L, y2: H - B}, axis);
    for (var s = 0; s <= 6; s++) {
      var t = t0 + (t1 - t0) * s / 6;
      var label = el("text", {x: x(t), y: H - 10, "text-anchor": "middle"}, axis);
      label.textContent = "+" + Math.round((t - t0) / 1000) + " s";
    }
    yLabels.forEach(function (l) {
      var text = el("text", {x: L - 6, y: y(l.v) + 4, "text-anchor": "end"}, axis);
      text.textContent = l.text;
      el("line", {x1: L, y1: y(l.v), x2: W - R, y2: y(l.v), stroke: "#eee"}, axis);
    });
    return {svg: svg, y: y, host: host};
  }
  function groupBy(rows, key) {
    var out = {};
    rows.forEach(function (r) { var k = key(r); (out[k] = out[k] || []).push(r); });
    return out;
  }
  function series(c, name, color, points, cls, stepped) {
    var d = "";
    points.forEach(function (p, i) {
      var px = x(p.t), py = c.y(p.v);
      if (i === 0) { d += "M" + px + "," + py; }
      else { d += (stepped ? "H" + px + "V" + py : "L" + px + "," + py); }
    });
    if (stepped && points.length) { d += "H" + x(t1); }
    el("path", {d: d, fill: "none", stroke: color, "stroke-width": 2, "data-series": name}, c.svg);
    points.forEach(function (p) {
      el("circle", {cx: x(p.t), cy: c.y(p.v), r: 3, fill: color, "class": cls, "data-series": name, "data-t": p.t, "data-value": p.raw === undefined ? p.v : p.raw}, c.svg);
    });
  }
  function legend(c, names) {
    var box = document.createElement("div");
    box.className = "legend";
    names.forEach(function (n, i) {
      var s = document.createElement("span");
      s.innerHTML = '<i style="background:' + COLORS[i % COLORS.length] + '"></i>';
      s.appendChild(document.createTextNode(n));
      box.appendChild(s);
    });
    c.host.appendChild(box);
  }
  function markers(c, rows, cls, color, text) {
    rows.forEach(function (r) {
      el("line", {x1: x(r.t), y1: T, x2: x(r.t), y2: H - B, stroke: color, "stroke-dasharray": "4,3", "class": cls, "data-t": r.t}, c.svg);
      var label = el("text", {x: x(r.t) + 3, y: T + 10, fill: color}, c.svg);
      label.textContent = text(r);
    });
  }
  function empty(id, text) {
    var div = document.createElement("div");
    div.className = "empty";
    div.textContent = text;
    document.getElementById(id).appendChild(div);
  }

  function levels() {
    var byVersion = groupBy(data.levels, function (r) { return r.model + " " + r.version; });
    var names = Object.keys(byVersion).sort();
    if (!names.length) { return empty("levels", "No escalation level changed during this run."); }
    var c = chart("levels", 0, 3, LEVELS.map(function (l, i) { return {v: i, text: l}; }));
    names.forEach(function (n, i) {
      series(c, n, COLORS[i % COLORS.length], byVersion[n].map(function (r) { return {t: r.t, v: LEVELS.indexOf(r.level)}; }), "pt-level", true);
    });
    markers(c, data.rollbacks, "mk-rollback", "#c00", function (r) { return "rollback " + r.model + " " + r.from + "\u2192" + r.to; });
    legend(c, names);
  }
  function drift() {
    // Scores differ in scale (PSI, centroid cosine): each is drawn as a multiple of its own threshold, 1 = threshold.
    var rows = data.drift.filter(function (r) { return isFinite(r.value) && r.threshold > 0; });
    var bySeries = groupBy(rows, function (r) { return r.model + " " + r.version + " " + r.feature + " (" + r.score + ")"; });
    var names = Object.keys(bySeries).sort();
    if (!names.length) { return empty("drift", "No drift score was published during this run."); }
    var max = Math.max.apply(null, rows.map(function (r) { return r.value / r.threshold; }).concat([1.5]));
    var c = chart("drift", 0, max * 1.05, [0, 0.25, 0.5, 0.75, 1].map(function (f) { return {v: max * f, text: (max * f).toFixed(1) + "×"}; }));
    el("line", {x1: L, y1: c.y(1), x2: W - R, y2: c.y(1), stroke: "#c00", "stroke-dasharray": "6,4", "class": "threshold"}, c.svg);
    names.forEach(function (n, i) {
      series(c, n, COLORS[i % COLORS.length], bySeries[n].map(function (r) { return {t: r.t, v: r.value / r.threshold, raw: r.value}; }),
        "pt-drift", false);
    });
    legend(c, names.concat(["dashed: drift threshold (1×)"]));
  }
  function performance() {
    var latest = {};
    data.performance.forEach(function (r) {
      var k = r.model + " " + r.version + " " + r.windowStart;
      if (!latest[k] || latest[k].revision <= r.revision) { latest[k] = r; }
    });
    var rows = Object.keys(latest).map(function (k) { return latest[k]; }).filter(function (r) { return r.metric === "accuracy"; });
    var byVersion = groupBy(rows, function (r) { return r.model + " " + r.version + " accuracy"; });
    var names = Object.keys(byVersion).sort();
    if (!names.length) { return empty("performance", "No labelled performance window was judged during this run."); }
    var lo = Math.min.apply(null, rows.map(function (r) { return r.value; }).concat([0.6]));
    var c = chart("performance", lo, 1, [lo, (lo + 1) / 2, 1].map(function (v) { return {v: v, text: v.toFixed(2)}; }));
    names.forEach(function (n, i) {
      var color = COLORS[i % COLORS.length];
      var points = byVersion[n].sort(function (a, b) { return a.t - b.t; });
      series(c, n, color, points.map(function (r) { return {t: r.t, v: r.value}; }), "pt-perf", false);
      var base = points[0].baseline;
      if (base !== null) {
        el("line", {x1: L, y1: c.y(base), x2: W - R, y2: c.y(base), stroke: color, "stroke-dasharray": "2,4", "class": "baseline", "data-value": base}, c.svg);
        [0.05, 0.15].forEach(function (drop) {
          el("line", {x1: L, y1: c.y(base * (1 - drop)), x2: W - R, y2: c.y(base * (1 - drop)), stroke: "#d88", "stroke-dasharray": "1,5"}, c.svg);
        });
      }
    });
    markers(c, data.rollbacks, "mk-rollback", "#c00", function (r) { return "rollback"; });
    legend(c, names.concat(["dotted: baseline, -5 % (CRITICAL), -15 % (EMERGENCY)"]));
  }
  function alerts() {
    var byAlert = groupBy(data.alerts, function (r) { return r.alertId; });
    var names = Object.keys(byAlert).sort();
    if (!names.length) { return empty("alerts", "No alert fired during this run."); }
    var c = chart("alerts", 0, 3, LEVELS.map(function (l, i) { return {v: i, text: l}; }));
    names.forEach(function (n, i) {
      var color = COLORS[i % COLORS.length];
      byAlert[n].forEach(function (r) {
        var v = r.change === "RESOLVED" ? 0 : LEVELS.indexOf(r.level);
        el("circle", {cx: x(r.t), cy: c.y(v), r: 5, fill: r.change === "RESOLVED" ? "#fff" : color, stroke: color, "stroke-width": 2,
          "class": "pt-alert", "data-series": n, "data-t": r.t, "data-change": r.change, "data-level": r.level}, c.svg);
      });
    });
    legend(c, names);
  }
  function table() {
    var rows = [];
    data.lifecycle.forEach(function (r) { rows.push([r.t, "lifecycle", r.model, r.type + " " + (r.from || "") + " \u2192 " + (r.to || "") + " by " + r.actor]); });
    data.levels.forEach(function (r) { rows.push([r.t, "level", r.model + " " + r.version, r.level + " " + r.causes.join(",") + " " + r.summary]); });
    data.alerts.forEach(function (r) { rows.push([r.t, "alert", r.model + " " + r.version, r.change + " " + r.level + " " + r.alertId]); });
    data.rollbacks.forEach(function (r) { rows.push([r.t, "rollback", r.model, r.from + " \u2192 " + r.to + ": " + r.reason + " (key " + r.keyId + ")"]); });
    rows.sort(function (a, b) { return a[0] - b[0]; });
    var tbody = document.querySelector("#events tbody");
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      [new Date(r[0]).toISOString().substring(11, 19), "+" + Math.round((r[0] - t0) / 1000) + " s", r[1], r[2], r[3]].forEach(function (v) {
        var td = document.createElement("td");
        td.textContent = v;
        tr.appendChild(td);
      });
      var level = LEVELS.filter(function (l) { return r[3].indexOf(l) === 0 || r[3].indexOf(" " + l) >= 0; })[0];
      if (level) { tr.className = level; }
      tbody.appendChild(tr);
    });
  }
  levels(); drift(); performance(); alerts(); table();
  document.body.setAttribute("data-rendered", "true");
})();
