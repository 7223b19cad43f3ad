/* Charts of the campaign dashboard. Reads its figures from the JSON element the page renders
   with Django's json_script; draws nothing if ECharts is absent (the tables carry every figure).
   No HTML tooltips: ECharts builds them with inline style attributes, which the
   Content-Security-Policy forbids, so tooltips are drawn on the canvas ("richText"). */
(function () {
  "use strict";
  var source = document.getElementById("campaign-chart-data");
  if (!source || typeof window.echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = {
    overdue: "#c0392b",
    returned: "#e0902b",
    not_started: "#a9b3be",
    in_progress: "#5b8fd1",
    submitted: "#35a48c",
    accepted: "#2e7d4a",
    active: "#35a48c",
    revoked: "#c0392b",
    merged: "#e0902b",
    revoke: "#c0392b",
    merge: "#e0902b",
    retain: "#2e7d4a",
    undecided: "#a9b3be"
  };
  var charts = [];

  function init(id) {
    var el = document.getElementById(id);
    if (!el) {
      return null;
    }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    charts.push(chart);
    return chart;
  }

  var progress = init("chart-progress");
  if (progress) {
    progress.setOption({
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: data.requirements },
      series: data.statuses.map(function (s) {
        return {
          name: s.label,
          type: "bar",
          stack: "total",
          itemStyle: { color: colours[s.key] },
          data: data.counts[s.key]
        };
      })
    });
  }

  data.breakdowns.forEach(function (b) {
    var chart = init("chart-" + b.key);
    if (!chart) {
      return;
    }
    chart.setOption({
      animation: false,
      tooltip: { trigger: "item", renderMode: "richText" },
      series: [{
        type: "pie",
        radius: ["45%", "72%"],
        label: { formatter: "{b}: {c}" },
        data: b.items.filter(function (i) { return i.n > 0; }).map(function (i) {
          return { name: i.label, value: i.n, itemStyle: { color: colours[i.key] } };
        })
      }]
    });
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
