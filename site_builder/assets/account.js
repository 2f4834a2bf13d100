/* hocso: the account pages. "Tài khoản" activates with the slip's code, signs in and out, changes the password;
   "Khóa học của tôi" shows each course's lessons done, the test result and the certificate, the courses required
   for the learner's category first and marked.
   Uses window.hocso from hocso.js. */
(function () {
  "use strict";
  var h = window.hocso, el = h.el, f = window.hocsoFormat;

  var TEXT = {
    who: function (me) { return "Bạn đang đăng nhập: " + me.full_name + " (" + me.username + "), " + me.unit_name + "."; },
    deadline: function (me) {
      var text = "Hạn hoàn thành khóa học: " + f.day(me.deadline);
      if (me.working_days_left === 0) return text + " (đã quá hạn).";
      return text + " (còn " + me.working_days_left + " ngày làm việc, kể cả hôm nay).";
    },
    changed: "Đã đổi mật khẩu.",
    wait: function (seconds) {
      return " Thử lại sau " + (seconds < 60 ? seconds + " giây." : Math.ceil(seconds / 60) + " phút.");
    },
    signInFirst: "Bạn chưa đăng nhập. ",
    signInLink: "Đăng nhập hoặc kích hoạt tài khoản",
    lessons: function (done, total) { return "Bài học: đã học " + done + "/" + total + " bài."; },
    noTest: "Bài kiểm tra: chưa làm.",
    test: function (r) { return "Bài kiểm tra: " + f.percent(r.percent) + " — " + (r.passed ? "ĐẠT" : "chưa đạt") + "."; },
    certificate: function (c) {
      return "Giấy chứng nhận số " + c.certificate.number + (c.certificate.round ? ", đợt " + c.certificate.round : "") +
        (c.status === "revoked" ? " (đã bị thu hồi)" : "");
    },
    pdf: "Tải giấy chứng nhận (PDF)",
    wallet: "Tải chứng nhận số (để lưu vào ví chứng chỉ)",
    verify: "Xem trang xác minh",
    required: "Bắt buộc đối với bạn",
    activated: "Tài khoản của bạn đã được kích hoạt. ",
    startFirst: function (title) { return "Bắt đầu học bài 1: " + title; },
    askAdmin: " Nếu mất phiếu hoặc mã không dùng được, hãy nhờ quản trị viên của xã (hoặc đơn vị) bạn cấp lại mã kích hoạt."
  };

  /* Where to go once signed in: the page that sent the learner here (`?tiep=`, a path of this site only), else their
     courses (an administrator: the dashboard); just activated, their courses with a way into lesson 1. */
  function next(root, me, activated) {
    var asked = new URLSearchParams(location.search).get("tiep");
    if (asked && asked.charAt(0) === "/" && asked.charAt(1) !== "/" && asked.charAt(1) !== "\\") {
      var target = new URL(asked, location.origin);
      if (target.origin === location.origin) return target.href;
    }
    if (me.role === "admin") return root.getAttribute("data-admin");
    return root.getAttribute("data-mine") + (activated ? "?da-kich-hoat=1" : "");
  }

  function message(box, text, kind) {
    box.querySelectorAll(".hocso-message").forEach(function (node) { node.remove(); });
    box.appendChild(h.message(text, kind));
  }

  function values(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (input) { if (input.name) out[input.name] = input.value; });
    return out;
  }

  function setUpAccount(root) {
    var api = root.getAttribute("data-api");
    var signed = root.querySelector(".hocso-account__signed"), forms = root.querySelector(".hocso-account__forms");

    function show() {
      var kept = h.session();
      signed.hidden = !kept;
      forms.hidden = !!kept;
      if (kept) {
        signed.querySelector(".hocso-account__who").textContent = TEXT.who(kept.me) + (kept.me.deadline ? " " + TEXT.deadline(kept.me) : "");
      }
    }

    root.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var action = form.getAttribute("data-action"), button = form.querySelector("button");
        button.disabled = true;
        h.call(api, "POST", "/accounts/" + action, values(form)).then(function (session) {
          h.session(session);
          form.reset();
          show();
          if (action === "password") message(form, TEXT.changed, "info");
          else location.href = next(root, session.me, action === "activate");
        }, function (error) {
          var wait = (error.details || []).filter(function (d) { return d.field === "retry_after"; })[0];
          var help = action === "activate" && error.code === "activation_failed" ? TEXT.askAdmin : "";
          message(form, error.message + (wait ? TEXT.wait(Number(wait.problem)) : "") + help, "error");
        }).then(function () { button.disabled = false; });
      });
    });
    root.querySelector("[data-action=signout]").addEventListener("click", function () {
      h.call(api, "POST", "/accounts/signout").catch(function () { /* signed out here either way */ }).then(function () {
        h.session(null);
        show();
      });
    });
    show();
  }

  function certificateNodes(api, verifyPage, record) {
    var number = record.certificate.number;
    var pdf = el("button", { type: "button", className: "md-button md-button--primary", text: TEXT.pdf });
    pdf.addEventListener("click", function () { h.download(api, "/certificates/" + number + "/pdf", number.slice(0, 12) + ".pdf"); });
    var nodes = [el("p", { className: "hocso-mine__certificate", text: TEXT.certificate(record) }), pdf];
    if (record.status === "valid") {
      var wallet = el("button", { type: "button", className: "md-button", text: TEXT.wallet });
      wallet.addEventListener("click", function () { h.download(api, "/certificates/" + number + "/credential", number.slice(0, 12) + ".jwt"); });
      nodes.push(wallet);
    }
    nodes.push(el("a", { href: verifyPage + "?so=" + encodeURIComponent(number), text: TEXT.verify }));
    return el("div", { className: "hocso-mine__actions" }, nodes);
  }

  function setUpMine(root) {
    var api = root.getAttribute("data-api"), verifyPage = root.getAttribute("data-verify");
    if (!h.session()) {
      var back = root.getAttribute("data-account") + "?tiep=" + encodeURIComponent(location.pathname);
      root.replaceChildren(h.message(TEXT.signInFirst, "warning", el("a", { href: back, text: TEXT.signInLink })));
      return;
    }
    if (new URLSearchParams(location.search).has("da-kich-hoat")) welcome(root);
    h.call(api, "GET", "/accounts/me").then(function (me) {
      if (me.deadline) root.prepend(el("p", { className: "hocso-mine__deadline", role: "status", text: TEXT.deadline(me) }));
    }, function () { /* the courses below still show */ });
    var sections = Array.prototype.slice.call(root.querySelectorAll(".hocso-mine__course"));
    h.call(api, "GET", "/certificates/mine").catch(function () { return []; }).then(function (certificates) {
      sections.forEach(function (section) {
        var course = section.getAttribute("data-course"), status = section.querySelector(".hocso-mine__status");
        // One certificate per training round: last year's stays listed beside this year's.
        var held = certificates.filter(function (c) { return c.certificate.course_id === course; });
        Promise.all([
          h.call(api, "GET", "/progress/courses/" + encodeURIComponent(course)),
          h.call(api, "GET", "/quiz/courses/" + encodeURIComponent(course)).catch(function () { return null; })
        ]).then(function (answers) {
          var progress = answers[0], quiz = answers[1];
          if (progress.required) markRequired(root, sections, section);
          status.replaceChildren(
            el("span", { text: TEXT.lessons(progress.done.length, progress.lessons.length) + " " }),
            el("span", { text: quiz && quiz.result ? TEXT.test(quiz.result) : TEXT.noTest })
          );
          held.forEach(function (certificate) { section.appendChild(certificateNodes(api, verifyPage, certificate)); });
        }, function (error) { status.textContent = error.message; });
      });
    });
  }

  /* Just activated: say so, and lead into lesson 1 of the first course listed (a required one, once they are known). */
  function welcome(root) {
    var link = el("a", { className: "md-button md-button--primary hocso-mine__start" });
    root.prepend(h.message(TEXT.activated, "info", link));
    point(root);
  }

  function point(root) {
    var link = root.querySelector(".hocso-mine__start"), first = root.querySelector(".hocso-mine__course");
    if (!link || !first) return;
    link.href = first.getAttribute("data-first");
    link.textContent = TEXT.startFirst(first.getAttribute("data-title"));
  }

  /* A course required for the learner's category (the function tells, from the token) is marked and moves up among
     the required ones, each group keeping the catalogue's order. */
  function markRequired(root, sections, section) {
    section.setAttribute("data-required", "");
    section.querySelector("h2").after(el("p", { className: "hocso-mine__required", text: TEXT.required }));
    var anchor = root.querySelector(".hocso-mine__course");
    sections.filter(function (s) { return s.hasAttribute("data-required"); })
      .concat(sections.filter(function (s) { return !s.hasAttribute("data-required"); }))
      .forEach(function (s) { root.insertBefore(s, anchor); anchor = s.nextSibling; });
    point(root);
  }

  function start() {
    var account = document.getElementById("hocso-account");
    if (account) setUpAccount(account);
    var mine = document.getElementById("hocso-mine");
    if (mine) setUpMine(mine);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
