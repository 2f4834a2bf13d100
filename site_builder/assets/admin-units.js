/* hocso: the administrators' units page (quan-tri/don-vi/): the units of their subtree in a table, a form that merges
   units into a new or an existing one from a day, and one that renames a unit. A merge is shown for confirmation
   before it is sent, since it cannot be undone; the API's refusal stands beside the form with its code. A merge of
   more accounts than one call moves answers `done: false`: the page sends the same request again (safe: what is
   written is found so) until it is done, showing how many accounts moved so far. Uses window.hocso (hocso.js) and
   format.js. */
(function () {
  "use strict";
  var h = window.hocso, el = h.el, f = window.hocsoFormat;
  var PAUSE = 1000;  // before a call that moved nothing is sent again: the DynamoDB index catches up in about a second
  var TRIES = 30;  // calls in a row that move nothing before the page stops and asks the administrator to send it again

  var TEXT = {
    notAdmin: "Trang này dành cho quản trị viên. ",
    signIn: "Đăng nhập",
    caption: "Các đơn vị trong phạm vi quản lý",
    headers: ["Mã đơn vị", "Tên đơn vị", "Loại", "Đơn vị cấp trên", "Tình trạng"],
    active: "Đang hoạt động",
    merged: function (u, names) { return "Đã sáp nhập vào " + named(u.merged_into, names) + " từ ngày " + f.day(u.merged_on); },
    rename: "Đổi tên", renameLabel: function (u) { return "Đổi tên đơn vị " + u.code; },
    nothing: "Không có đơn vị trực thuộc nào để sáp nhập hay đổi tên: chỉ quản trị viên cấp trên sáp nhập, đổi tên được đơn vị của bạn.",
    pickSources: "Chọn ít nhất một đơn vị sáp nhập.",
    pickTwo: "Đơn vị mới lập từ ít nhất hai đơn vị: chọn thêm đơn vị sáp nhập, hoặc chọn “Một đơn vị đã có” làm đơn vị nhận.",
    newNeeds: "Ghi mã (chỉ gồm chữ, số, dấu gạch) và tên của đơn vị mới.",
    intoNeeded: "Chọn đơn vị nhận.",
    onNeeded: "Chọn ngày sáp nhập có hiệu lực.",
    onFuture: function (today) { return "Ngày sáp nhập không được sau hôm nay (" + f.day(today) + ")."; },
    summary: function (sources, into, isNew, on) {
      return "Sáp nhập " + sources.join(", ") + " vào " + (isNew ? "đơn vị mới " : "đơn vị ") + into + ", có hiệu lực từ ngày " + f.day(on) + ".";
    },
    moves: "Học viên và quản trị viên của các đơn vị này chuyển sang đơn vị nhận (quản trị viên phải đăng nhập lại); số biên chế của các đơn vị này được tính vào đơn vị nhận; giấy chứng nhận đã cấp giữ nguyên.",
    stays: function (on) { return "Báo cáo các tháng trước ngày " + f.day(on) + " giữ nguyên như cũ, có đủ các đơn vị cũ. Từ ngày " + f.day(on) + ", số liệu của các đơn vị cũ được tính vào đơn vị nhận, tổng của tỉnh không đổi."; },
    final: "Sáp nhập không hoàn tác được.",
    moving: function (n) { return "Đang chuyển tài khoản sang đơn vị nhận: đã chuyển " + f.count(n) + " tài khoản…"; },
    done: function (a, n) { return "Đã sáp nhập " + a.merged.join(", ") + " vào " + a.into + " (" + a.name + ") từ ngày " + f.day(a.on) + "; " + f.count(n) + " tài khoản đã chuyển sang. "; },
    stuck: function (n) { return "Đã chuyển " + f.count(n) + " tài khoản nhưng vẫn còn tài khoản chưa chuyển. Bấm “Sáp nhập” lần nữa để chuyển tiếp (gửi lại không ghi trùng)."; },
    report: "Xem báo cáo của đơn vị nhận",
    renamed: function (a) { return "Đã đổi tên đơn vị " + a.code + ": “" + a.former + "” thành “" + a.name + "”."; },
    code: function (code) { return " (mã lỗi: " + code + ")"; }
  };

  function named(code, names) { return names[code] ? code + " (" + names[code] + ")" : code; }

  /* Today in Vietnam as "yyyy-mm-dd", the day the API checks a merge's day against. */
  function today() {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + "-" + parts.month + "-" + parts.day;
  }

  /* The units in code order, each a card under its code on a phone; a rename button for those the administrator may rename. */
  function table(units, names, mine, pick) {
    var head = el("tr", {}, TEXT.headers.concat([""]).map(function (text) { return el("th", { scope: "col", text: text }); }));
    var rows = units.map(function (u) {
      var cells = [el("th", { scope: "row", text: u.code }), el("td", { text: u.name }), el("td", { text: u.kind || "—" }),
        el("td", { text: u.parent ? named(u.parent, names) : "—" }), el("td", { text: u.merged_into ? TEXT.merged(u, names) : TEXT.active })];
      var button = null;
      if (mine(u)) {
        button = el("button", { type: "button", className: "md-button", "aria-label": TEXT.renameLabel(u), text: TEXT.rename });
        button.addEventListener("click", function () { pick(u); });
      }
      cells.push(el("td", {}, button ? [button] : []));
      return el("tr", { "data-unit": u.code }, cells);
    });
    return el("div", { className: "hocso-admin__scroll", tabindex: "0", role: "region", "aria-label": TEXT.caption }, [
      el("table", { className: "hocso-admin__table hocso-admin__units hocso-admin__cards" }, [el("caption", { text: TEXT.caption }), el("thead", {}, [head]), el("tbody", {}, rows)])
    ]);
  }

  /* The API's refusal: its message, the problem of each field it names, and its code; those fields marked invalid. */
  function refusal(fields, error, extra) {
    (error.details || []).forEach(function (d) { (fields[d.field] || []).forEach(function (field) { field.setAttribute("aria-invalid", "true"); }); });
    var problems = (error.details || []).map(function (d) { return d.problem; }).filter(Boolean);
    var text = error.message + (problems.length ? " " + problems.join("; ") + "." : "") + (error.code ? TEXT.code(error.code) : "") + (extra ? " " : "");
    return h.message(text, "error", extra);
  }

  function options(select, units, first) {
    var keep = select.value;
    select.replaceChildren.apply(select, (first ? [el("option", { value: "", text: first })] : []).concat(units.map(function (u) {
      return el("option", { value: u.code, text: u.code + " — " + u.name });
    })));
    if (units.some(function (u) { return u.code === keep; })) select.value = keep;
  }

  function setUp() {
    var root = document.getElementById("hocso-admin-units");
    if (!root) return;
    var api = root.getAttribute("data-api"), body = root.querySelector(".hocso-admin__body");
    var editor = root.querySelector(".hocso-admin__units-edit");
    var merge = root.querySelector(".hocso-admin__merge"), rename = root.querySelector(".hocso-admin__rename");
    var sourcesBox = merge.querySelector(".hocso-admin__merge-sources"), confirmBox = merge.querySelector(".hocso-admin__merge-confirm");
    var summary = confirmBox.querySelector(".hocso-admin__merge-summary"), go = confirmBox.querySelector("[data-merge=go]");
    var mergeOutcome = merge.querySelector(".hocso-admin__merge-outcome"), renameOutcome = rename.querySelector(".hocso-admin__rename-outcome");
    var kept = h.session(), names = {}, pending = null;
    var signIn = function () { return el("a", { href: root.getAttribute("data-account"), text: TEXT.signIn }); };
    if (!kept || kept.me.role !== "admin") {
      body.replaceChildren(h.message(TEXT.notAdmin, "warning", signIn()));
      return;
    }
    merge.elements.on.max = today();

    function clearInvalid(form) {
      Array.prototype.forEach.call(form.elements, function (field) { field.removeAttribute("aria-invalid"); });
    }

    function target() { return merge.elements.target.value; }

    function showTarget() {
      var isNew = target() === "new";
      merge.querySelector(".hocso-admin__merge-new").hidden = !isNew;
      merge.querySelector(".hocso-admin__merge-existing").hidden = isNew;
    }

    /* A unit the administrator may merge or rename: strictly below their own, not merged away. */
    function open(u) { return u.code !== kept.me.unit_code && !u.merged_into; }

    function pick(u) {
      rename.elements.code.value = u.code;
      rename.elements.name.value = u.name;
      renameOutcome.replaceChildren();
      rename.elements.name.focus();
    }

    function show(units) {
      names = {};
      units.forEach(function (u) { names[u.code] = u.name; });
      var below = units.filter(open), live = units.filter(function (u) { return !u.merged_into; });
      body.replaceChildren(table(units, names, open, pick));
      editor.hidden = !below.length;
      if (!below.length) { body.appendChild(h.message(TEXT.nothing, "info")); return; }
      var ticked = {};
      Array.prototype.forEach.call(sourcesBox.querySelectorAll("input:checked"), function (box) { ticked[box.value] = true; });
      Array.prototype.forEach.call(sourcesBox.querySelectorAll("label"), function (label) { label.remove(); });
      below.forEach(function (u) {
        var box = el("input", { type: "checkbox", name: "sources", value: u.code });
        box.checked = !!ticked[u.code];
        sourcesBox.appendChild(el("label", { className: "hocso-admin__choice" }, [box, u.code + " — " + u.name]));
      });
      options(merge.elements.into, below, "— Chọn đơn vị nhận —");
      options(merge.elements.parent_code, live);
      options(rename.elements.code, below);
    }

    function load() {
      return h.call(api, "GET", "/admin/units").then(show, function (error) {
        body.replaceChildren(refusal({}, error, error.status === 401 ? signIn() : null));
      });
    }

    /* The merge the form asks for, checked as far as the page can (the API checks the rest), or a message. */
    function asked() {
      var els = merge.elements, on = els.on.value, isNew = target() === "new";
      var sources = Array.prototype.map.call(sourcesBox.querySelectorAll("input:checked"), function (box) { return box.value; });
      if (!sources.length) return { problem: TEXT.pickSources, field: sourcesBox.querySelector("input") };
      if (isNew && sources.length < 2) return { problem: TEXT.pickTwo, field: sourcesBox.querySelector("input") };
      var request = { sources: sources, on: on };
      if (isNew) {
        var code = els.code.value.trim(), name = els.name.value.trim();
        if (!/^[A-Za-z0-9_-]+$/.test(code) || !name) return { problem: TEXT.newNeeds, field: code ? els.name : els.code };
        request.into = code;
        request["new"] = { name: name, parent_code: els.parent_code.value, kind: els.kind.value.trim(), remote: els.remote.checked };
      } else {
        if (!els.into.value) return { problem: TEXT.intoNeeded, field: els.into };
        request.into = els.into.value;
      }
      if (!on) return { problem: TEXT.onNeeded, field: els.on };
      if (on > today()) return { problem: TEXT.onFuture(today()), field: els.on };
      return { request: request };
    }

    /* The fields an API refusal names. */
    function fields() {
      var els = merge.elements, isNew = target() === "new";
      return { sources: Array.prototype.slice.call(sourcesBox.querySelectorAll("input:checked")), into: [isNew ? els.code : els.into], on: [els.on] };
    }

    /* The same merge sent until it is done (each call moves the next accounts), the count shown as it grows. */
    function send(request, moved, idle) {
      return h.call(api, "POST", "/admin/units/merge", request).then(function (answer) {
        moved += answer.moved;
        idle = answer.moved ? 0 : idle + 1;
        if (answer.done) return { answer: answer, moved: moved };
        mergeOutcome.replaceChildren(el("p", { className: "hocso-admin__job" }, [TEXT.moving(moved)]));
        if (idle >= TRIES) return { answer: answer, moved: moved, stuck: true };
        return new Promise(function (resolve) { setTimeout(resolve, answer.moved ? 0 : PAUSE); }).then(function () { return send(request, moved, idle); });
      });
    }

    merge.addEventListener("change", function (event) {
      if (event.target.name === "target") showTarget();
      confirmBox.hidden = true;  // what was confirmed is no longer what the form says
      pending = null;
    });
    merge.addEventListener("input", function () { confirmBox.hidden = true; pending = null; });
    merge.addEventListener("submit", function (event) {
      event.preventDefault();
      clearInvalid(merge);
      mergeOutcome.replaceChildren();
      var checked = asked();
      if (checked.problem) {
        if (checked.field) checked.field.setAttribute("aria-invalid", "true");
        mergeOutcome.replaceChildren(h.message(checked.problem, "error"));
        return;
      }
      pending = checked.request;
      var isNew = !!pending["new"], into = isNew ? pending.into + " (" + pending["new"].name + ")" : named(pending.into, names);
      var sources = pending.sources.map(function (code) { return named(code, names); });
      summary.replaceChildren(el("p", { text: TEXT.summary(sources, into, isNew, pending.on) }), el("p", { text: TEXT.moves }),
        el("p", { text: TEXT.stays(pending.on) }), el("p", { text: TEXT.final }));
      confirmBox.hidden = false;
      confirmBox.querySelector("h3").focus();
    });
    confirmBox.querySelector("[data-merge=back]").addEventListener("click", function () {
      confirmBox.hidden = true;
      pending = null;
      sourcesBox.querySelector("input") && sourcesBox.querySelector("input").focus();
    });
    go.addEventListener("click", function () {
      if (!pending) return;
      var request = pending;
      go.disabled = true;
      mergeOutcome.replaceChildren(el("p", { className: "hocso-admin__job" }, [TEXT.moving(0)]));
      send(request, 0, 0).then(function (result) {
        if (result.stuck) { mergeOutcome.replaceChildren(h.message(TEXT.stuck(result.moved), "warning")); return; }
        confirmBox.hidden = true;
        pending = null;
        merge.reset();
        showTarget();
        var link = el("a", { href: root.getAttribute("data-dashboard") + "?unit=" + encodeURIComponent(result.answer.into), text: TEXT.report });
        return load().then(function () { mergeOutcome.replaceChildren(h.message(TEXT.done(result.answer, result.moved), "info", link)); });
      }, function (error) {
        confirmBox.hidden = true;
        pending = null;
        mergeOutcome.replaceChildren(refusal(fields(), error, error.status === 401 ? signIn() : null));
      }).then(function () { go.disabled = false; });
    });

    rename.addEventListener("submit", function (event) {
      event.preventDefault();
      clearInvalid(rename);
      var code = rename.elements.code.value, button = rename.querySelector("button[type=submit]");
      button.disabled = true;
      h.call(api, "PUT", "/admin/units/" + encodeURIComponent(code) + "/name", { name: rename.elements.name.value.trim() }).then(function (answer) {
        rename.reset();
        return load().then(function () { renameOutcome.replaceChildren(h.message(TEXT.renamed(answer), "info")); });
      }, function (error) {
        renameOutcome.replaceChildren(refusal({ code: [rename.elements.code], name: [rename.elements.name] }, error, error.status === 401 ? signIn() : null));
      }).then(function () { button.disabled = false; });
    });
    showTarget();
    load();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
