/* Charts of the cohort results page: reads the JSON from #assessment-chart-data and draws with
   ECharts (vendored). Missing containers or data are skipped. */
(function () {
  "use strict";

  var source = document.getElementById("assessment-chart-data");
  if (!source || typeof window.echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var PRE = "#b9a3c9";
  var POST = "#6f2c91";
  var RATINGS = ["#d7301f", "#fc8d59", "#fdcc8a", "#91cf60", "#1a9850"];
  var charts = [];

  function draw(id, height, option) {
    var el = document.getElementById(id);
    if (!el) {
      return;
    }
    el.style.width = "100%";
    el.style.height = height + "px";
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    charts.push(chart);
  }

  function percentAxis() {
    return { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } };
  }

  function shortLabel(value) {
    return value.length > 18 ? value.slice(0, 17) + "…" : value;
  }

  var trainees = data.trainees;
  if (trainees && trainees.names.length) {
    draw("chart-trainees", Math.max(220, trainees.names.length * 34 + 90), {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: percentAxis(),
      yAxis: {
        type: "category",
        inverse: true,
        data: trainees.names,
        axisLabel: { formatter: shortLabel }
      },
      series: [
        { name: trainees.labels.pre, type: "bar", data: trainees.pre, itemStyle: { color: PRE } },
        {
          name: trainees.labels.post,
          type: "bar",
          data: trainees.post,
          itemStyle: { color: POST },
          markLine: {
            symbol: "none",
            label: { formatter: trainees.pass_mark + "%", position: "start" },
            lineStyle: { type: "dashed", color: "#198754" },
            data: [{ xAxis: trainees.pass_mark }]
          }
        }
      ]
    });
  }

  var items = data.items;
  if (items) {
    draw("chart-items", 320, {
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (params) {
          var index = params[0].dataIndex;
          var lines = [items.names[index] + " " + items.texts[index]];
          params.forEach(function (p) {
            lines.push(p.marker + p.seriesName + ": " + (p.value === null ? "–" : p.value + "%"));
          });
          var box = document.createElement("div");
          lines.forEach(function (line, i) {
            var row = document.createElement("div");
            if (i === 0) {
              row.textContent = line;
            } else {
              row.innerHTML = line;
            }
            box.appendChild(row);
          });
          return box;
        }
      },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: items.names },
      yAxis: percentAxis(),
      series: [
        { name: items.labels.pre, type: "bar", data: items.pre, itemStyle: { color: PRE } },
        { name: items.labels.post, type: "bar", data: items.post, itemStyle: { color: POST } }
      ]
    });
  }

  var survey = data.survey;
  if (survey) {
    draw("chart-survey", Math.max(200, survey.questions.length * 44 + 90), {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 32, containLabel: true },
      xAxis: { type: "value", minInterval: 1, name: survey.axis, nameLocation: "middle", nameGap: 24 },
      yAxis: {
        type: "category",
        inverse: true,
        data: survey.questions,
        axisLabel: { formatter: shortLabel }
      },
      series: survey.series.map(function (s, i) {
        return {
          name: s.name,
          type: "bar",
          stack: "ratings",
          data: s.data,
          itemStyle: { color: RATINGS[i] }
        };
      })
    });
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) {
      chart.resize();
    });
  });
})();
