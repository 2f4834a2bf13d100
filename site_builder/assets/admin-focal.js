/* hocso: the administrators' focal officials page (quan-tri/dau-moi/): each focal official of the subtree with their
   learners counted by state, and a form that gives a focal official their whole list of learners by username.
   Uses window.hocso from hocso.js. */
(function () {
  "use strict";
  var h = window.hocso, el = h.el;

  var TEXT = {
    notAdmin: "Trang này dành cho quản trị viên. ",
    signIn: "Đăng nhập",
    caption: "Tiến độ theo cán bộ đầu mối",
    headers: ["Cán bộ đầu mối", "Tên đăng nhập", "Đơn vị", "Được giao", "Đã kích hoạt", "Đã hoàn thành", "Quá hạn"],
    totals: function (r) { return r.learners + " học viên thuộc đơn vị và các đơn vị trực thuộc; " + r.unfollowed + " người chưa được giao cho cán bộ đầu mối nào."; },
    none: "Chưa có cán bộ đầu mối nào được giao học viên.",
    loaded: function (l) { return l.learners.length ? l.full_name + " (" + l.unit_name + ") đang theo dõi " + l.learners.length + " học viên." : l.full_name + " (" + l.unit_name + ") chưa được giao học viên nào."; },
    saved: function (l) { return "Đã lưu: " + l.full_name + " theo dõi " + l.learners.length + " học viên."; },
    details: "Các tên đăng nhập cần xem lại: "
  };

  function table(report) {
    var head = el("tr", {}, TEXT.headers.map(function (text) { return el("th", { scope: "col", text: text }); }));
    var rows = report.focal.map(function (line) {
      return el("tr", {}, [line.full_name, line.username, line.unit_name, line.issued, line.activated, line.passed, line.overdue].map(function (cell, n) {
        return el("td", { className: n > 2 ? "hocso-admin__num" : "", text: String(cell) });
      }));
    });
    return el("div", { className: "hocso-admin__scroll", tabindex: "0", role: "region", "aria-label": TEXT.caption }, [
      el("table", { className: "hocso-admin__table hocso-admin__cards" }, [el("caption", { text: TEXT.caption }), el("thead", {}, [head]), el("tbody", {}, rows)])
    ]);
  }

  function failure(error) {
    var names = (error.details || []).map(function (d) { return d.problem; });
    return h.message(error.message + (names.length ? " " + TEXT.details + names.join(", ") + "." : ""), "error");
  }

  function setUp() {
    var root = document.getElementById("hocso-admin-focal");
    if (!root) return;
    var api = root.getAttribute("data-api"), body = root.querySelector(".hocso-admin__body");
    var form = root.querySelector("form"), outcome = root.querySelector(".hocso-admin__focal-outcome");
    var kept = h.session();
    if (!kept || kept.me.role !== "admin") {
      form.hidden = true;
      body.replaceChildren(h.message(TEXT.notAdmin, "warning", el("a", { href: root.getAttribute("data-account"), text: TEXT.signIn })));
      return;
    }
    var unit = new URLSearchParams(location.search).get("unit");
    function report() {
      h.call(api, "GET", "/admin/focal" + (unit ? "?unit=" + encodeURIComponent(unit) : "")).then(function (r) {
        body.replaceChildren(r.focal.length ? table(r) : h.message(TEXT.none, "info"), el("p", { "data-focal": "totals", text: TEXT.totals(r) }));
      }, function (error) { body.replaceChildren(failure(error)); });
    }
    var path = function () { return "/admin/focal/" + encodeURIComponent(form.elements.username.value.trim()); };
    var show = function (list, text) {
      form.elements.learners.value = list.learners.map(function (l) { return l.username; }).join("\n");
      outcome.replaceChildren(h.message(text(list), "info"));
    };
    root.querySelector("[data-focal=load]").addEventListener("click", function () {
      if (!form.reportValidity()) return;
      h.call(api, "GET", path()).then(function (list) { show(list, TEXT.loaded); }, function (error) { outcome.replaceChildren(failure(error)); });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var learners = form.elements.learners.value.split(/[\s,;]+/).filter(Boolean), button = form.querySelector("button[type=submit]");
      button.disabled = true;
      h.call(api, "PUT", path(), { learners: learners }).then(function (list) { show(list, TEXT.saved); report(); }, function (error) {
        outcome.replaceChildren(failure(error));
      }).then(function () { button.disabled = false; });
    });
    report();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
