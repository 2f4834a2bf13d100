/* hocso: the dashboard's small form for a unit's staff in post (số biên chế) per learner category, for the year the
   report stands at. It reads them with the accounts already issued, saves them in one request (refused whole, with
   the API's Vietnamese message, when one is below the accounts issued), then reloads the report. admin.js asks for
   it with the helpers it shares. */
(function () {
  "use strict";

  window.hocsoHeadcounts = function (kit) {
    var el = kit.el, h = window.hocso;
    var TEXT = {
      title: function (year) { return "Số biên chế năm " + year; },
      note: "Số người đang công tác của đơn vị theo từng đối tượng; tỷ lệ hoàn thành và đánh giá đạt chỉ tiêu tính trên số này. Để trống là chưa có. Không được nhỏ hơn số tài khoản đã cấp.",
      issued: function (n) { return " (đã cấp " + n + " tài khoản)"; },
      save: "Lưu số biên chế", saved: "Đã lưu số biên chế. Đang tải lại báo cáo…"
    };

    /* The form of unit `code` for `year`, filled from the API, into `box`. */
    function form(api, box, code, year) {
      h.call(api, "GET", "/admin/units/" + encodeURIComponent(code) + "/headcounts?year=" + year).then(function (view) {
        var fields = Object.keys(view.labels).map(function (category) {
          var id = "hocso-headcount-" + category;
          var input = el("input", { id: id, name: category, type: "number", min: "0", step: "1", inputmode: "numeric" });
          if (view.headcounts[category] !== undefined) input.value = String(view.headcounts[category]);
          var label = view.labels[category] + (view.issued[category] ? TEXT.issued(view.issued[category]) : "");
          return el("div", { className: "hocso-admin__field" }, [el("label", { for: id, text: label }), input]);
        });
        var status = el("p", { role: "status", className: "hocso-admin__outcome" });
        var node = el("form", { className: "hocso-form hocso-admin__headcounts" }, [
          el("h3", { text: TEXT.title(year) }), el("p", { className: "hocso-admin__hint", text: TEXT.note })
        ].concat(fields, [el("button", { type: "submit", className: "md-button", text: TEXT.save }), status]));
        node.addEventListener("submit", function (event) {
          event.preventDefault();
          var counts = {};
          fields.forEach(function (field) { var input = field.querySelector("input"); if (input.value !== "") counts[input.name] = Number(input.value); });
          h.call(api, "PUT", "/admin/units/" + encodeURIComponent(code) + "/headcounts", { year: year, headcounts: counts }).then(function () {
            status.textContent = TEXT.saved;
            location.reload();
          }, function (error) { status.textContent = error.message; });
        });
        box.replaceChildren(node);
      }, function () { box.replaceChildren(); });
    }

    return { form: form };
  };
})();
