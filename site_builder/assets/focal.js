/* hocso: the focal official's page (dau-moi/): the learners they were given to follow, who is behind (not activated,
   lessons left, test not passed, deadline near or past), and a reminder slip for each learner still behind, which
   the browser prints without the site around it (focal.css). Uses window.hocso from hocso.js and format.js. */
(function () {
  "use strict";
  var h = window.hocso, el = h.el, f = window.hocsoFormat;
  var NEAR = 3;  // days: a deadline this close is "sắp hết hạn"

  var TEXT = {
    signInFirst: "Bạn chưa đăng nhập. ",
    signIn: "Đăng nhập",
    who: function (p) { return "Cán bộ đầu mối: " + p.full_name + " (" + p.username + "), " + p.unit_name + "."; },
    summary: function (n) {
      return "Bạn theo dõi " + n.all + " người: " + n.done + " đã hoàn thành, " + n.behind + " chưa hoàn thành (" +
        n.idle + " chưa kích hoạt tài khoản, " + n.near + " sắp hết hạn, " + n.late + " đã quá hạn).";
    },
    caption: "Học viên bạn theo dõi",
    headers: ["Họ và tên", "Tên đăng nhập", "Đơn vị", "Còn phải làm", "Hạn hoàn thành"],
    activate: "Kích hoạt tài khoản bằng mã trên phiếu tài khoản",
    lessons: function (c) { return "Học nốt " + (c.lessons_total - c.lessons_done) + " bài của khóa “" + c.title + "” (đã học " + c.lessons_done + "/" + c.lessons_total + ")"; },
    test: function (c) { return "Làm bài kiểm tra cuối khóa “" + c.title + "” và đạt" + (c.attempts ? " (đã làm " + c.attempts + " lượt, chưa đạt)" : ""); },
    done: "Đã hoàn thành",
    noDeadline: "Chưa có hạn",
    deadline: function (l) {
      if (!l.deadline) return TEXT.noDeadline;
      if (l.overdue) return f.day(l.deadline) + " — đã quá hạn";
      if (l.days_left === 0) return f.day(l.deadline) + " — hết hạn hôm nay";
      return f.day(l.deadline) + " — còn " + l.days_left + " ngày";
    },
    print: function (n) { return "In phiếu nhắc (" + n + " người chưa hoàn thành)"; },
    printNote: "Mỗi phiếu ghi họ tên, việc còn phải làm, hạn hoàn thành và địa chỉ đăng nhập; cắt rời và trao cho từng người.",
    slips: "Phiếu nhắc",
    nobodyBehind: "Mọi người bạn theo dõi đều đã hoàn thành: không có phiếu nhắc nào cần in.",
    slipTitle: "Nhắc học bồi dưỡng chuyển đổi số",
    slipUser: function (l) { return "Tên đăng nhập: " + l.username; },
    slipLeft: "Việc còn phải làm:",
    slipDeadline: function (l) { return "Hạn hoàn thành: " + TEXT.deadline(l) + "."; },
    slipWhere: function (url) { return "Đăng nhập để học tại: " + url; },
    slipFrom: function (p) { return "Người nhắc: " + p.full_name + " (cán bộ đầu mối). Cần giúp đỡ, hãy gặp tôi."; }
  };

  /* What a learner still has to do, in order; empty once every course is passed. */
  function left(l) {
    var out = l.activated ? [] : [TEXT.activate];
    l.courses.forEach(function (c) {
      if (c.passed) return;
      if (c.lessons_done < c.lessons_total) out.push(TEXT.lessons(c));
      out.push(TEXT.test(c));
    });
    return out;
  }

  function counts(learners) {
    var n = { all: learners.length, done: 0, behind: 0, idle: 0, near: 0, late: 0 };
    learners.forEach(function (l) {
      if (!l.todo.length) { n.done += 1; return; }
      n.behind += 1;
      if (!l.activated) n.idle += 1;
      if (l.overdue) n.late += 1;
      else if (l.days_left !== null && l.days_left <= NEAR) n.near += 1;
    });
    return n;
  }

  function row(l) {
    var behind = l.todo.length > 0;
    var todo = behind ? el("ul", {}, l.todo.map(function (item) { return el("li", { text: item }); })) : el("span", { className: "hocso-focal__done", text: TEXT.done });
    var late = behind && (l.overdue || (l.days_left !== null && l.days_left <= NEAR));
    var cell = function (n, attrs, children) {  // labelled with its column, which a phone shows above it (hocso-cards)
      return el("td", Object.assign({ role: "cell", "data-label": TEXT.headers[n] }, attrs), children);
    };
    return el("tr", { role: "row", "data-learner": l.username }, [
      cell(0, { text: l.full_name }), cell(1, { text: l.username }), cell(2, { text: l.unit_name }),
      cell(3, {}, [todo]), cell(4, { className: late ? "hocso-focal__behind" : "", text: TEXT.deadline(l) })
    ]);
  }

  function slip(l, page) {
    return el("article", { className: "hocso-focal__reminder", "data-reminder": l.username }, [
      el("p", { text: TEXT.slipTitle }), el("h3", { text: l.full_name }), el("p", { text: TEXT.slipUser(l) }),
      el("p", { text: TEXT.slipLeft }), el("ul", {}, l.todo.map(function (item) { return el("li", { text: item }); })),
      el("p", { text: TEXT.slipDeadline(l) }), el("p", { text: TEXT.slipWhere(page.signin_url) }), el("p", { text: TEXT.slipFrom(page) })
    ]);
  }

  function show(root, body, page) {
    page.learners.forEach(function (l) { l.todo = left(l); });
    var behind = page.learners.filter(function (l) { return l.todo.length; });
    // Roles spelled out: on a phone the table is drawn as a card a learner (hocso-cards, hocso.css), losing a table's own.
    var head = el("tr", { role: "row" }, TEXT.headers.map(function (text) { return el("th", { role: "columnheader", scope: "col", text: text }); }));
    var table = el("table", { role: "table", className: "hocso-focal__table" }, [
      el("caption", { text: TEXT.caption }), el("thead", { role: "rowgroup" }, [head]), el("tbody", { role: "rowgroup" }, page.learners.map(row))
    ]);
    var print = el("button", { type: "button", className: "md-button md-button--primary", text: TEXT.print(behind.length) });
    print.addEventListener("click", function () { window.print(); });
    print.disabled = !behind.length;
    var screen = el("div", { className: "hocso-focal__screen" }, [
      el("p", { text: TEXT.who(page) }), el("p", { role: "status", text: TEXT.summary(counts(page.learners)) }),
      el("div", { className: "hocso-focal__scroll hocso-cards", tabindex: "0", role: "region", "aria-label": TEXT.caption }, [table]),
      print, el("p", { text: behind.length ? TEXT.printNote : TEXT.nobodyBehind }), behind.length ? el("h2", { text: TEXT.slips }) : null
    ]);
    body.replaceChildren(screen, el("div", { className: "hocso-focal__reminders" }, behind.map(function (l) { return slip(l, page); })));
  }

  function setUp() {
    var root = document.getElementById("hocso-focal");
    if (!root) return;
    var body = root.querySelector(".hocso-focal__body"), api = root.getAttribute("data-api");
    var signIn = el("a", { href: root.getAttribute("data-account"), text: TEXT.signIn });
    if (!h.session()) { body.replaceChildren(h.message(TEXT.signInFirst, "warning", signIn)); return; }
    body.replaceChildren(el("p", { role: "status", text: "Đang tải…" }));
    h.call(api, "GET", "/admin/followed").then(function (page) { show(root, body, page); }, function (error) {
      body.replaceChildren(h.message(error.message + " ", "error", error.status === 401 ? signIn : null));
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
