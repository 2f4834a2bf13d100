/* hocso: the administrators' training rounds page (quan-tri/dot-dao-tao/): the province's rounds in a table, and for
   the province's own administrators a form that adds a round or changes the one picked in the table. Every change
   sends the version of the list it was decided on, so an administrator who decided on a list another has since
   changed is told so (round_changed) and reloads it, instead of overwriting the other's change. Administrators of a
   unit below the province read the rounds only, as the API allows. Uses window.hocso (hocso.js) and format.js. */
(function () {
  "use strict";
  var h = window.hocso, el = h.el, f = window.hocsoFormat;

  var TEXT = {
    notAdmin: "Trang này dành cho quản trị viên. ",
    signIn: "Đăng nhập",
    caption: "Các đợt đào tạo của tỉnh",
    headers: ["Mã đợt (năm)", "Tên đợt", "Ngày bắt đầu", "Ngày kết thúc", "Tình trạng"],
    edit: "Sửa", editLabel: function (r) { return "Sửa đợt " + r.code; },
    state: function (r, today) { return today < r.first ? "Chưa bắt đầu" : today > r.last ? "Đã kết thúc" : "Đang diễn ra"; },
    none: "Tỉnh chưa đặt đợt nào: mỗi năm được tính là một đợt từ 01/01 đến 31/12.",
    readOnly: "Đợt đào tạo do quản trị viên cấp tỉnh đặt, chung cho mọi đơn vị trong tỉnh: bạn xem được các đợt, không thêm hay sửa được.",
    add: "Thêm đợt", editing: function (code) { return "Sửa đợt " + code; },
    exists: function (code) { return "Đợt " + code + " đã có. Để sửa, bấm “Sửa” ở dòng của đợt trong bảng."; },
    saved: function (r) { return "Đã lưu đợt " + r.code + " (" + r.name + "): " + f.day(r.first) + " – " + f.day(r.last) + ". "; },
    report: "Xem báo cáo của đợt",
    code: function (code) { return " (mã lỗi: " + code + ")"; },
    reload: "Tải lại danh sách đợt",
    reloaded: "Đã tải lại danh sách đợt mới nhất. Xem lại bảng, rồi bấm “Lưu đợt” nếu vẫn muốn lưu."
  };

  /* Today in Vietnam as "yyyy-mm-dd", the form the rounds' days come in, so that strings compare as days. */
  function today() {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + "-" + parts.month + "-" + parts.day;
  }

  /* The rounds, newest first; a "Sửa" button a row when `pick` is given. On a phone each round is a card under its code. */
  function table(list, pick) {
    var now = today(), headers = TEXT.headers.concat(pick ? [""] : []);
    var head = el("tr", {}, headers.map(function (text) { return el("th", { scope: "col", text: text }); }));
    var rows = list.rounds.slice().reverse().map(function (r) {
      var cells = [el("th", { scope: "row", text: r.code }), el("td", { text: r.name }), el("td", { text: f.day(r.first) }),
        el("td", { text: f.day(r.last) }), el("td", { text: TEXT.state(r, now) })];
      if (pick) {
        var button = el("button", { type: "button", className: "md-button", "aria-label": TEXT.editLabel(r), text: TEXT.edit });
        button.addEventListener("click", function () { pick(r); });
        cells.push(el("td", {}, [button]));
      }
      return el("tr", { "data-round": r.code }, cells);
    });
    return el("div", { className: "hocso-admin__scroll", tabindex: "0", role: "region", "aria-label": TEXT.caption }, [
      el("table", { className: "hocso-admin__table hocso-admin__rounds hocso-admin__cards" }, [el("caption", { text: TEXT.caption }), el("thead", {}, [head]), el("tbody", {}, rows)])
    ]);
  }

  /* The API's refusal beside the form: its message, the problem of each field it names, and its code; the fields it
     names are marked invalid. */
  function refusal(form, error, extra) {
    (error.details || []).forEach(function (d) { if (form.elements[d.field]) form.elements[d.field].setAttribute("aria-invalid", "true"); });
    var problems = (error.details || []).map(function (d) { return d.problem; }).filter(Boolean);
    var text = error.message + (problems.length ? " " + problems.join("; ") + "." : "") + (error.code ? TEXT.code(error.code) : "") + (extra ? " " : "");
    return h.message(text, "error", extra);
  }

  function setUp() {
    var root = document.getElementById("hocso-admin-rounds");
    if (!root) return;
    var api = root.getAttribute("data-api"), body = root.querySelector(".hocso-admin__body");
    var editor = root.querySelector(".hocso-admin__rounds-edit"), form = editor.querySelector("form");
    var heading = editor.querySelector("h2"), outcome = root.querySelector(".hocso-admin__rounds-outcome");
    var fresh = form.querySelector("[data-rounds=new]");
    var kept = h.session(), list = null, editing = null;
    if (!kept || kept.me.role !== "admin") {
      body.replaceChildren(h.message(TEXT.notAdmin, "warning", el("a", { href: root.getAttribute("data-account"), text: TEXT.signIn })));
      return;
    }

    function clearInvalid() {
      Array.prototype.forEach.call(form.elements, function (field) { field.removeAttribute("aria-invalid"); });
    }

    /* Back to adding a round: an empty form with the code free. */
    function adding() {
      editing = null;
      form.reset();
      clearInvalid();
      form.elements.code.readOnly = false;
      heading.textContent = TEXT.add;
      fresh.hidden = true;
    }

    /* The round picked in the table, in the form; its code fixed (a code is a year: another year is another round). */
    function pick(r) {
      editing = r.code;
      clearInvalid();
      form.elements.code.value = r.code;
      form.elements.code.readOnly = true;
      form.elements.name.value = r.name;
      form.elements.first.value = r.first;
      form.elements.last.value = r.last;
      heading.textContent = TEXT.editing(r.code);
      fresh.hidden = false;
      outcome.replaceChildren();
      form.elements.name.focus();
    }

    function show(answer, mine) {
      list = answer;
      body.replaceChildren(list.rounds.length ? table(list, mine ? pick : null) : h.message(TEXT.none, "info"));
      if (!mine) body.appendChild(h.message(TEXT.readOnly, "info"));
    }

    function load() {
      return h.call(api, "GET", "/admin/rounds").then(function (answer) {
        var mine = answer.province !== "" && kept.me.unit_code === answer.province;  // the API lets the province's own set them
        editor.hidden = !mine;
        show(answer, mine);
      }, function (error) {
        body.replaceChildren(refusal(form, error, error.status === 401 ? el("a", { href: root.getAttribute("data-account"), text: TEXT.signIn }) : null));
      });
    }

    fresh.addEventListener("click", function () { adding(); outcome.replaceChildren(); form.elements.code.focus(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearInvalid();
      var code = form.elements.code.value.trim(), button = form.querySelector("button[type=submit]");
      if (!editing && list.rounds.some(function (r) { return r.code === code; })) {
        form.elements.code.setAttribute("aria-invalid", "true");
        outcome.replaceChildren(h.message(TEXT.exists(code), "error"));
        return;
      }
      var change = { name: form.elements.name.value, first: form.elements.first.value, last: form.elements.last.value, version: list.version };
      button.disabled = true;
      h.call(api, "PUT", "/admin/rounds/" + encodeURIComponent(code), change).then(function (answer) {
        var saved = answer.rounds.filter(function (r) { return r.code === code; })[0];
        show(answer, true);
        adding();
        var link = el("a", { href: root.getAttribute("data-dashboard") + "?round=" + encodeURIComponent(code), text: TEXT.report });
        outcome.replaceChildren(h.message(TEXT.saved(saved), "info", link));
      }, function (error) {
        var again = null;
        if (error.code === "round_changed") {  // keep what was typed: the administrator looks at the new list and decides
          again = el("button", { type: "button", className: "md-button", text: TEXT.reload });
          again.addEventListener("click", function () {
            load().then(function () { outcome.replaceChildren(h.message(TEXT.reloaded, "info")); });
          });
        } else if (error.status === 401) {
          again = el("a", { href: root.getAttribute("data-account"), text: TEXT.signIn });
        }
        outcome.replaceChildren(refusal(form, error, again));
      }).then(function () { button.disabled = false; });
    });
    adding();
    load();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
