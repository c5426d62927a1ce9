// Dashboard charts (ECharts, vendored). Data comes from the page's
// <script id="chart-data" type="application/json">; no inline script (CSP).
(function () {
  "use strict";
  var printButton = document.getElementById("print");
  if (printButton) {
    printButton.addEventListener("click", function () { window.print(); });
  }
  var source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var vn = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
  function known(v) { return v !== null && v !== undefined; }
  // A blank is not a zero: it reads "chưa có số liệu", is drawn grey and hollow.
  function fmt(v) { return known(v) ? vn.format(v) : "—"; }
  function said(v) { return known(v) ? vn.format(v) : "chưa có số liệu"; }
  var charts = [];
  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var c = echarts.init(el, null, { renderer: "canvas" });
    c.setOption(option);
    charts.push(c);
  }
  var axisLabel = { formatter: function (v) { return fmt(v); } };
  var tooltip = { trigger: "item", valueFormatter: fmt };

  chart("chart-time", {
    grid: { left: 60, right: 16, top: 20, bottom: 60 },
    tooltip: { trigger: "axis", valueFormatter: said },
    xAxis: { type: "category", data: data.series.map(function (s) { return s.period; }),
             axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value", axisLabel: axisLabel },
    series: [{ type: "line", name: data.indicator, connectNulls: false,
               data: data.series.map(function (s) { return s.value; }) }]
  });

  // Units without a figure go to the bottom of the bars, named as such.
  var sorted = data.children.slice().sort(function (a, b) {
    if (!known(a.value) || !known(b.value)) { return known(a.value) - known(b.value); }
    return a.value - b.value;
  });
  chart("chart-children", {
    grid: { left: 110, right: 24, top: 10, bottom: 30 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: said },
    xAxis: { type: "value", axisLabel: axisLabel },
    yAxis: { type: "category", data: sorted.map(function (c) {
               return known(c.value) ? c.name : c.name + " (chưa có số liệu)"; }),
             axisLabel: { width: 100, overflow: "truncate" } },
    series: [{ type: "bar", name: data.indicator,
               data: sorted.map(function (c) { return c.value; }) }]
  });

  var placed = data.children.filter(function (c) { return c.lat !== null && c.lon !== null; });
  var max = Math.max.apply(null, placed.filter(function (c) { return known(c.value); })
    .map(function (c) { return c.value; }).concat([1]));
  var palette = ["#2fb344", "#f59f00", "#d63939", "#4263eb", "#ae3ec9", "#868e96"];
  function colour(c) {
    if (data.colour === "band") {
      var i = data.bands.indexOf(c.band);
      return i < 0 ? "#adb5bd" : palette[i % palette.length];
    }
    if (!known(c.value)) { return "#adb5bd"; }
    var t = c.value / max;
    return "rgba(32, 107, 196," + (0.25 + 0.75 * t).toFixed(2) + ")";
  }
  function degrees(v) { return fmt(v) + "°"; }
  chart("chart-map", {
    grid: { left: 50, right: 16, top: 24, bottom: 48 },
    tooltip: { trigger: "item", formatter: function (p) {
      var c = p.data.unit;
      return c.name + "<br>" + data.indicator + ": " + said(c.value) +
        (c.band ? "<br>" + c.band : "");
    } },
    legend: data.colour === "band" ? { bottom: 0, data: data.bands } : undefined,
    xAxis: { type: "value", scale: true, name: "Kinh độ", nameLocation: "middle", nameGap: 24,
             axisLabel: { formatter: degrees } },
    yAxis: { type: "value", scale: true, name: "Vĩ độ", axisLabel: { formatter: degrees } },
    series: (data.colour === "band" ? data.bands.concat([null]) : [null]).map(function (band) {
      var members = placed.filter(function (c) {
        return data.colour !== "band" || (band === null ? data.bands.indexOf(c.band) < 0 : c.band === band);
      });
      var fixed = data.colour === "band"
        ? (band === null ? "#adb5bd" : palette[data.bands.indexOf(band) % palette.length])
        : undefined;
      return {
        type: "scatter", name: band || data.indicator,
        itemStyle: fixed ? { color: fixed } : undefined,
        data: members.map(function (c) {
          var style = fixed ? undefined : { color: colour(c) };
          if (!known(c.value)) {
            style = { color: "transparent", borderColor: "#868e96", borderWidth: 1.5 };
          }
          return { value: [c.lon, c.lat], unit: c, itemStyle: style };
        }),
        symbolSize: function (v, p) {
          var v = p.data.unit.value;
          return known(v) ? 8 + 34 * Math.sqrt(v / max) : 8;
        },
        label: { show: placed.length <= 40, formatter: function (p) { return p.data.unit.name; },
                 position: "right", fontSize: 10 },
        labelLayout: { hideOverlap: true }
      };
    }).concat(data.islands.length ? [{
      // Hoàng Sa and Trường Sa are on every map of the whole country.
      type: "scatter", name: "Quần đảo", symbol: "diamond", symbolSize: 12, z: 5,
      itemStyle: { color: "#d63939" }, tooltip: { formatter: function (p) { return p.data.unit.name; } },
      data: data.islands.map(function (i) { return { value: [i.lon, i.lat], unit: i }; }),
      label: { show: true, formatter: function (p) { return p.data.unit.name.replace(" (", "\n("); },
               position: "left", fontSize: 10, color: "#d63939", fontWeight: "bold" }
    }] : [])
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
