/* The cascade as bars, one per counted stage; the numbers come from the page
   (json_script "cascade-chart-data"). Each stage multiplies the one before, so the
   value axis is logarithmic when the stages differ by more than a hundredfold. */
(function () {
  "use strict";
  var holder = document.getElementById("cascade-chart");
  var source = document.getElementById("cascade-chart-data");
  if (!holder || !source || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var values = data.values.map(function (v) { return v || 0; });
  var positive = values.filter(function (v) { return v > 0; });
  var spread = positive.length ? Math.max.apply(null, positive) / Math.min.apply(null, positive) : 1;
  var chart = echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    color: ["#6f2c91"],
    grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.stages, axisLabel: { interval: 0, width: 90, overflow: "break" } },
    yAxis: spread > 100 ? { type: "log", min: 1 } : { type: "value", minInterval: 1 },
    series: [{
      type: "bar",
      data: values.map(function (v) { return spread > 100 && v === 0 ? null : v; }),
      label: { show: true, position: "top" },
      barMaxWidth: 56
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
