/* hocso: the question statistics page (quan-tri/cau-hoi/): a course's questions in the administrator's subtree (or a
   unit of it, a month) with draws, share right, discrimination and flags, the communes where a question leaked, and
   the same as CSV for the content editors. Questions are named by id and lesson, never by their text (editors read
   it in questions.yml; docs/security.md). The filters live in the address (?course=&unit=&month=&flagged=), so a
   view can be sent on. Uses window.hocso (hocso.js), format.js and admin-filters.js (the months). */
(function () {
  "use strict";
  var h = window.hocso, el = h.el, f = window.hocsoFormat;

  var TEXT = {
    notAdmin: "Trang này dành cho quản trị viên. ",
    signIn: "Đăng nhập",
    caption: function (r) { return "Câu hỏi của khóa “" + r.course_title + "”" + (r.month ? ", tháng " + r.month.slice(5) + "/" + r.month.slice(0, 4) : ", mọi tháng"); },
    headers: ["Mã câu hỏi", "Bài học", "Lượt rút", "Tỉ lệ đúng", "Độ phân biệt", "Cảnh báo"],
    flags: { too_easy: "Quá dễ", too_hard: "Quá khó", misleading: "Gây nhầm người giỏi", leak: "Nghi lộ đề" },
    gone: "đã xóa khỏi questions.yml",
    leak: function (l) {
      return "Nghi lộ đề ở " + l.unit_name + " tháng " + l.month.slice(5) + "/" + l.month.slice(0, 4) + ": đúng " + l.right + "/" + l.draws +
        " lượt (" + f.percent(100 * l.p) + "), lịch sử " + f.percent(100 * l.history_p) + " của " + f.count(l.history_draws) + " lượt";
    },
    summary: function (n, flagged) { return n + " câu hỏi, " + flagged + " câu có cảnh báo."; },
    noneFlagged: "Không có câu nào có cảnh báo trong phạm vi và tháng đã chọn.",
    rules: function (t) {
      return "Cảnh báo quá dễ, quá khó, gây nhầm chỉ tính khi câu đã được rút từ " + t.enough + " lượt: quá dễ khi đúng trên " + f.percent(100 * t.too_easy) +
        ", quá khó khi đúng dưới " + f.percent(100 * t.too_hard) + ", gây nhầm khi độ phân biệt dưới 0. Nghi lộ đề: một đơn vị trong một tháng có từ " + t.leak_draws +
        " lượt rút, tỉ lệ đúng cao hơn lịch sử (từ " + t.leak_history + " lượt ở nơi khác, tháng khác) ít nhất " + f.percent(100 * t.leak_gap) +
        " và xác suất ngẫu nhiên đạt được dưới " + String(t.leak_chance).replace(".", ",") + ".";
    },
    all: "Cả phạm vi quản lý",
    code: function (code) { return " (mã lỗi: " + code + ")"; }
  };

  function decimal(value) { return value === null ? "—" : value.toFixed(2).replace(".", ","); }

  function row(q) {
    var flags = q.flags.map(function (flag) { return el("span", { className: "hocso-admin__flag hocso-admin__flag--" + flag, text: TEXT.flags[flag] }); });
    q.leaks.forEach(function (l) { flags.push(el("p", { className: "hocso-admin__leak", text: TEXT.leak(l) })); });
    return el("tr", { "data-question": q.id, "data-flags": q.flags.join(" ") }, [
      el("th", { scope: "row" }, [el("code", { text: q.id })]),
      el("td", { text: q.in_bank ? q.lesson : TEXT.gone }),
      el("td", { text: f.count(q.draws) }),
      el("td", { text: q.p === null ? "—" : f.percent(100 * q.p) }),
      el("td", { text: decimal(q.discrimination) }),
      el("td", {}, flags)
    ]);
  }

  function table(report, flaggedOnly) {
    var shown = report.questions.filter(function (q) { return !flaggedOnly || q.flags.length; });
    var head = el("tr", {}, TEXT.headers.map(function (text) { return el("th", { scope: "col", text: text }); }));
    var flagged = report.questions.filter(function (q) { return q.flags.length; }).length;
    var parts = [h.message(TEXT.summary(report.questions.length, flagged), "info")];
    if (shown.length) {
      parts.push(el("div", { className: "hocso-admin__scroll", tabindex: "0", role: "region", "aria-label": TEXT.caption(report) }, [
        el("table", { className: "hocso-admin__table hocso-admin__questions hocso-admin__cards" }, [
          el("caption", { text: TEXT.caption(report) }), el("thead", {}, [head]), el("tbody", {}, shown.map(row))
        ])
      ]));
    } else {
      parts.push(h.message(TEXT.noneFlagged, "info"));
    }
    parts.push(el("p", { className: "hocso-admin__hint", text: TEXT.rules(report.thresholds) }));
    return parts;
  }

  function setUp() {
    var root = document.getElementById("hocso-admin-questions");
    if (!root) return;
    var api = root.getAttribute("data-api"), body = root.querySelector(".hocso-admin__body"), form = root.querySelector("form");
    var kept = h.session(), asked = new URLSearchParams(window.location.search);
    if (!kept || kept.me.role !== "admin") {
      body.replaceChildren(h.message(TEXT.notAdmin, "warning", el("a", { href: root.getAttribute("data-account"), text: TEXT.signIn })));
      return;
    }
    if (asked.get("course")) form.elements.course.value = asked.get("course");
    window.hocsoFilters(h).months(form.elements.month, asked.get("month"));  // named months, as on the dashboard
    form.elements.flagged.checked = asked.get("flagged") === "1";

    function query() {
      var params = new URLSearchParams({ course: form.elements.course.value });
      if (form.elements.unit.value) params.set("unit", form.elements.unit.value);
      if (form.elements.month.value) params.set("month", form.elements.month.value);
      return params.toString();
    }

    function refused(error) {
      var link = error.status === 401 ? el("a", { href: root.getAttribute("data-account"), text: TEXT.signIn }) : null;
      body.replaceChildren(h.message(error.message + (error.code ? TEXT.code(error.code) : "") + (link ? " " : ""), "error", link));
    }

    h.call(api, "GET", "/admin/units").then(function (units) {
      var select = form.elements.unit;
      units.forEach(function (u) { select.appendChild(el("option", { value: u.code, text: u.name + " (" + u.code + ")" })); });
      if (asked.get("unit")) select.value = asked.get("unit");
    }, function () { /* the subtree as a whole still reads */ }).then(function () {
      if (!form.elements.course.value) return;
      h.call(api, "GET", "/admin/questions?" + query()).then(function (report) {
        body.replaceChildren.apply(body, table(report, form.elements.flagged.checked));
      }, refused);
    });

    root.querySelector("[data-questions=csv]").addEventListener("click", function () {
      var params = new URLSearchParams(query());
      var name = "cau-hoi-" + params.get("course") + (params.get("month") ? "-" + params.get("month") : "") + ".csv";
      h.download(api, "/admin/questions.csv?" + query(), name).catch(function (error) { refused({ message: error.message }); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
