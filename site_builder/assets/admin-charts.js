/* hocso: the dashboard's two charts, drawn as inline SVG: completion rate by unit against each unit's target line,
   and cumulative passes (with accounts issued) by day. Each is an image with a text description and its figures as a
   table, for screen readers and for copying. admin.js asks for them with the helpers it shares; figures are written
   by format.js. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  window.hocsoCharts = function (kit) {
    var el = kit.el, table = kit.table, percent = window.hocsoFormat.percent, day = window.hocsoFormat.day;
    var TEXT = {
      rateTitle: "Tỷ lệ hoàn thành theo đơn vị trực thuộc",
      rateLabel: function (rows) { return "Biểu đồ cột tỷ lệ hoàn thành của " + rows.length + " đơn vị trực thuộc: " + rows.map(function (r) { return r.name + " " + percent(r.rate) + ", chỉ tiêu " + percent(r.target); }).join("; ") + "."; },
      targetKey: "Vạch đỏ: chỉ tiêu của đơn vị.",
      passedTitle: "Số lượt đạt bài kiểm tra, cộng dồn theo ngày",
      passedLabel: function (s) { var a = s[0], b = s[s.length - 1]; return "Biểu đồ đường từ " + day(a.day) + " đến " + day(b.day) + ": lượt đạt cộng dồn từ " + a.passed + " lên " + b.passed + "; tài khoản đã cấp từ " + a.issued + " lên " + b.issued + "."; },
      lineKey: "Đường liền: lượt đạt bài kiểm tra. Đường đứt: tài khoản đã cấp.",
      asTable: "Xem số liệu của biểu đồ dạng bảng",
      seriesHeaders: ["Ngày", "Tài khoản đã cấp", "Lượt đạt"]
    };

    function svg(tag, attrs, children) {
      var node = document.createElementNS(SVG, tag);
      Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
      (children || []).forEach(function (child) { node.appendChild(typeof child === "string" ? document.createTextNode(child) : child); });
      return node;
    }

    function figure(title, label, key, drawing, fallback) {
      drawing.setAttribute("role", "img");
      drawing.setAttribute("aria-label", label);
      return el("figure", { className: "hocso-admin__chart" }, [
        el("figcaption", { text: title }), drawing, el("p", { className: "hocso-admin__key", text: key }),
        el("details", {}, [el("summary", { text: TEXT.asTable }), fallback])
      ]);
    }

    function rateChart(rows) {
      var width = 400, step = 48, parts = [];
      rows.forEach(function (row, n) {
        var top = n * step, rate = Math.min(row.rate || 0, 100), target = Math.min(row.target, 100) * width / 100;
        parts.push(
          svg("text", { x: 0, y: top + 15, "font-size": 15, fill: "currentColor" }, [row.name + ": " + percent(row.rate)]),
          svg("rect", { x: 0, y: top + 20, width: width, height: 18, fill: "#e8eaf0" }),
          svg("rect", { x: 0, y: top + 20, width: rate * width / 100, height: 18, fill: row.on_track ? "#2e7d32" : "#e65100" }),
          svg("line", { x1: target - 1.5, x2: target - 1.5, y1: top + 16, y2: top + 42, stroke: "#b71c1c", "stroke-width": 3 })
        );
      });
      var drawing = svg("svg", { viewBox: "0 0 " + width + " " + rows.length * step, xmlns: SVG, focusable: "false" }, parts);
      var fallback = table(TEXT.rateTitle, ["Đơn vị", "Tỷ lệ", "Chỉ tiêu"], rows.map(function (r) { return [r.name, percent(r.rate), percent(r.target)]; }), true);
      return figure(TEXT.rateTitle, TEXT.rateLabel(rows), TEXT.targetKey, drawing, fallback);
    }

    function passedChart(series) {
      var width = 400, height = 200, left = 40, bottom = 24, top = 10, right = 8;
      var most = Math.max(1, series[series.length - 1].issued, series[series.length - 1].passed);
      var x = function (n) { return left + (series.length > 1 ? n * (width - left - right) / (series.length - 1) : (width - left - right) / 2); };
      var y = function (value) { return top + (height - top - bottom) * (1 - value / most); };
      var line = function (name) { return series.map(function (d, n) { return x(n).toFixed(1) + "," + y(d[name]).toFixed(1); }).join(" "); };
      var parts = [
        svg("line", { x1: left, x2: width - right, y1: y(0), y2: y(0), stroke: "currentColor", "stroke-width": 1 }),
        svg("text", { x: left - 6, y: y(most) + 5, "font-size": 14, "text-anchor": "end", fill: "currentColor" }, [String(most)]),
        svg("text", { x: left - 6, y: y(0) + 5, "font-size": 14, "text-anchor": "end", fill: "currentColor" }, ["0"]),
        svg("text", { x: left, y: height - 4, "font-size": 14, fill: "currentColor" }, [day(series[0].day)]),
        svg("text", { x: width - right, y: height - 4, "font-size": 14, "text-anchor": "end", fill: "currentColor" }, [day(series[series.length - 1].day)]),
        svg("polyline", { points: line("issued"), fill: "none", stroke: "#616161", "stroke-width": 2, "stroke-dasharray": "6 4" }),
        svg("polyline", { points: line("passed"), fill: "none", stroke: "#303f9f", "stroke-width": 3 })
      ];
      if (series.length === 1) parts.push(svg("circle", { cx: x(0), cy: y(series[0].issued), r: 4, fill: "#616161" }), svg("circle", { cx: x(0), cy: y(series[0].passed), r: 5, fill: "#303f9f" }));
      var drawing = svg("svg", { viewBox: "0 0 " + width + " " + height, xmlns: SVG, focusable: "false" }, parts);
      var fallback = table(TEXT.passedTitle, TEXT.seriesHeaders, series.map(function (d) { return [day(d.day), d.issued, d.passed]; }), true);
      return figure(TEXT.passedTitle, TEXT.passedLabel(series), TEXT.lineKey, drawing, fallback);
    }

    return { rate: rateChart, passed: passedChart };
  };
})();
