/* Charts of the cities' roll-up: per breakdown, one stacked bar per city. Reads the figures the
   page renders with json_script; draws nothing without ECharts (the table carries every figure).
   Tooltips drawn on the canvas ("richText"): the Content-Security-Policy forbids inline styles. */
(function () {
  "use strict";
  var source = document.getElementById("rollup-chart-data");
  if (!source || typeof window.echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var charts = [];
  data.breakdowns.forEach(function (b) {
    var el = document.getElementById("rollup-" + b.key);
    if (!el) {
      return;
    }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    charts.push(chart);
    chart.setOption({
      animation: false,
      title: { text: b.title, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
      legend: { top: 24 },
      grid: { left: 8, right: 16, top: 64, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: data.cities },
      series: b.series.map(function (s) {
        return { name: s.label, type: "bar", stack: "total", data: s.data };
      })
    });
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
