// The dashboard's charts: indicator scores against target (click a bar to drill down to its
// records) and the trends of the index and its dimensions. Data come from the page's
// <script type="application/json" id="chart-data">; no inline script (CSP). The axis and
// series names come translated from the chart box's data-*-name attributes.
(function () {
  "use strict";
  var COLOURS = { red: "#c62828", amber: "#ef8f00", green: "#2e7d32" };
  function init() {
    var el = document.getElementById("chart-data");
    if (!el || typeof echarts === "undefined") { return; }
    var data = JSON.parse(el.textContent);
    var inds = data.indicators;
    var barBox = document.getElementById("chart-indicators");
    barBox.style.height = Math.max(240, 48 + 26 * inds.length) + "px";
    var bars = echarts.init(barBox);
    // on a phone the indicator names take at most 40 % of the width, cut with an ellipsis
    var labelWidth = Math.min(170, Math.round(barBox.clientWidth * 0.4));
    bars.setOption({
      animation: false,
      grid: { left: labelWidth + 8, right: 24, top: 16, bottom: 44 },
      tooltip: { trigger: "item" },
      xAxis: { type: "value", min: 0, max: 100, name: barBox.dataset.axisName || "", nameLocation: "middle", nameGap: 26 },
      yAxis: { type: "category", inverse: true, data: inds.map(function (d) { return d.name; }),
               axisLabel: { width: labelWidth, overflow: "truncate" } },
      series: [
        { type: "bar", name: barBox.dataset.scoreName || "",
          data: inds.map(function (d) { return { value: d.score, itemStyle: { color: COLOURS[d.status] || "#5f6b7a" }, url: d.url }; }) },
        { type: "scatter", name: barBox.dataset.targetName || "", symbol: "diamond", symbolSize: 10,
          data: inds.map(function (d) { return d.target; }), itemStyle: { color: "#16324f" } }
      ]
    });
    bars.on("click", function (p) { if (p.data && p.data.url) { window.location.href = p.data.url; } });
    document.getElementById("chart-indicators").setAttribute("data-ready", "1");
    var lines = echarts.init(document.getElementById("chart-trends"));
    var periods = [];
    data.trends.forEach(function (t) { t.points.forEach(function (p) { if (periods.indexOf(p[0]) < 0) { periods.push(p[0]); } }); });
    periods.sort();
    lines.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 40, right: 16, top: 40, bottom: 24 },
      xAxis: { type: "category", data: periods },
      // scaled to the data: from a little below the lowest point to a little above the
      // highest, on tens, within 0–100
      yAxis: { type: "value", scale: true,
               min: function (v) { return Math.max(0, Math.floor((v.min - 5) / 10) * 10); },
               max: function (v) { return Math.min(100, Math.ceil((v.max + 5) / 10) * 10); } },
      series: data.trends.map(function (t) {
        var byPeriod = {}; t.points.forEach(function (p) { byPeriod[p[0]] = p[1]; });
        return { type: "line", name: t.name, data: periods.map(function (p) { return byPeriod[p] === undefined ? null : byPeriod[p]; }) };
      })
    });
    window.addEventListener("resize", function () { bars.resize(); lines.resize(); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
