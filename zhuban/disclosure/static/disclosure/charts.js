/* The public charts (二(四)2): per office (or for the one shown) the reception items stacked,
   beside the reception budget and final accounts. Reads its figures from the JSON element the
   page renders with json_script; draws nothing without ECharts (the tables carry every figure).
   Horizontal bars, so a phone shows every office's name; tooltips drawn on the canvas
   ("richText"): the CSP forbids inline styles. */
(function () {
  "use strict";
  var source = document.getElementById("disclosure-chart-data");
  var el = document.getElementById("chart-offices");
  if (!source || !el || typeof window.echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  if (!data.names.length) {
    return;
  }
  var colours = { meals: "#a61b1b", lodging: "#d9822b", transport: "#5b8fd1", other: "#8e6cc0" };
  el.style.height = Math.max(220, 70 * data.names.length + 80) + "px";
  var chart = window.echarts.init(el, null, { renderer: "canvas" });
  var series = data.items.map(function (item) {
    return { name: item.label, type: "bar", stack: "spent", itemStyle: { color: colours[item.key] }, data: item.data };
  });
  series.push({ name: data.labels.budget, type: "bar", itemStyle: { color: "#a9b3be" }, data: data.budget });
  series.push({ name: data.labels.final, type: "bar", itemStyle: { color: "#2e7d4a" }, data: data.final });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 8, right: 28, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: "value" },
    yAxis: { type: "category", data: data.names, inverse: true, axisLabel: { width: 110, overflow: "break" } },
    series: series
  });
  window.addEventListener("resize", function () {
    chart.resize();
  });
})();
