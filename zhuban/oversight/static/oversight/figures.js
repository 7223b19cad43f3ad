/* The year's work by month and heading (二(三)): the four functions in colour, receptions and
   chasing funds in grey, and the share of the four functions as a line. Reads its figures from
   the JSON element the page renders with json_script; draws nothing without ECharts (the table
   carries every figure). Tooltips drawn on the canvas ("richText"): the CSP forbids inline styles. */
(function () {
  "use strict";
  var source = document.getElementById("oversight-chart-data");
  var el = document.getElementById("chart-months");
  if (!source || !el || typeof window.echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = {
    economic: "#2e7d4a",
    social: "#35a48c",
    party: "#5b8fd1",
    liaison: "#8e6cc0",
    reception: "#a9b3be",
    funds: "#6c7680"
  };
  var chart = window.echarts.init(el, null, { renderer: "canvas" });
  var series = data.headings.map(function (h) {
    return {
      name: h.label,
      type: "bar",
      stack: h.new ? "new" : "old",
      itemStyle: { color: colours[h.key] },
      data: data.counts[h.key]
    };
  });
  series.push({
    name: data.share_label,
    type: "line",
    yAxisIndex: 1,
    itemStyle: { color: "#c0392b" },
    data: data.share
  });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 60, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: data.months },
    yAxis: [
      { type: "value", minInterval: 1 },
      { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }
    ],
    series: series
  });
  window.addEventListener("resize", function () {
    chart.resize();
  });
})();
