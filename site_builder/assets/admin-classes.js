/* hocso: the administrators' classroom training page (quan-tri/lop-tap-huan/): the subtree's classes, a form to open
   one, and for the class opened: its learners with a box each for the day picked, registration by username, and the
   paper attendance sheet. Attendance is taken on a phone in a room that may have no signal: each box ticked is a mark
   (learner, day) kept at once in this browser's localStorage, in a queue sent whenever the browser is online (at
   once, on the "online" event, on the next visit, or by the button). The API keeps a mark once however often it is
   sent, so a sync cut off halfway is simply sent again. A class that needs the test has a score box per learner for
   the same test taken on paper (correct answers out of the course's questions): each score typed is queued the same
   way (the later one for a learner replaces the earlier) and sent after the marks. The class itself is kept too, so
   the page (which the service worker keeps) opens it offline. Uses window.hocso (hocso.js) and format.js. */
(function () {
  "use strict";
  var h = window.hocso, el = h.el, f = window.hocsoFormat;
  var QUEUE = "hocso.classes.queue", SCORES = "hocso.classes.scores", VIEW = "hocso.classes.view.", OPEN = "hocso.classes.open";

  var TEXT = {
    notAdmin: "Trang này dành cho quản trị viên. ",
    signIn: "Đăng nhập",
    caption: "Các lớp tập huấn trực tiếp",
    headers: ["Tên lớp", "Thời gian", "Địa điểm", "Học viên", ""],
    open: "Mở", openLabel: function (c) { return "Mở lớp " + c.title; },
    none: "Chưa có lớp tập huấn trực tiếp nào trong phạm vi bạn quản lý.",
    offlineList: "Đang mất mạng: chưa tải được danh sách lớp. Lớp đã mở trên máy này trước đó vẫn điểm danh được.",
    facts: function (c) {
      return "Thời gian: " + f.day(c.first_day) + " – " + f.day(c.last_day) + ". Địa điểm: " + c.place + ". Giảng viên: " +
        c.trainer + ". Đơn vị: " + c.unit_name + ". " + c.completed + "/" + c.registered.length + " học viên đã hoàn thành" +
        (c.needs_test ? " (có mặt đủ các ngày và đạt bài kiểm tra)." : " (có mặt đủ các ngày).");
    },
    noLearners: "Lớp chưa có học viên: ghi danh ở phần dưới.",
    day: function (d) { return "Ngày " + f.day(d); },
    kept: "đã ghi",
    waiting: function (n) { return n + " dấu có mặt đang lưu trên máy này, chưa gửi."; },
    offline: function (n) { return "Đang mất mạng: " + n + " dấu có mặt được lưu trên máy này và sẽ tự gửi khi có mạng."; },
    synced: function (a) { return "Đã gửi điểm danh: " + a.recorded + " dấu mới, " + a.already + " dấu đã có từ trước."; },
    allSent: "Mọi dấu có mặt đã được gửi.",
    dropped: function (n) { return " " + n + " dấu không được nhận và đã bỏ khỏi máy này."; },
    created: function (c) { return "Đã mở lớp “" + c.title + "”."; },
    registered: function (n) { return "Lớp có " + n + " học viên."; },
    code: function (code) { return " (mã lỗi: " + code + ")"; },
    completed: "hoàn thành",
    nobody: "Hãy gõ tên đăng nhập hoặc chọn tệp CSV.",
    scoreLabel: function (p, n) { return p.full_name + " · " + p.username + ": số câu đúng trên " + n; },
    scoreNote: function (p) { return p.paper ? " (đã ghi " + p.paper.correct + "/" + p.paper.total + (p.paper.passed ? ", đạt)" : ", chưa đạt)") : ""; },
    scoreRange: function (n) { return "Điểm trên giấy là số câu đúng, từ 0 đến " + n + "."; },
    scoresWaiting: function (n) { return n + " điểm bài kiểm tra trên giấy đang lưu trên máy này, chưa gửi."; },
    scoresSynced: function (a) { return "Đã gửi điểm bài kiểm tra trên giấy: " + a.recorded + " điểm mới, " + a.replaced + " điểm sửa, " + a.already + " điểm đã có từ trước."; }
  };

  function queue() { return h.recall(QUEUE) || []; }
  function scoreQueue() { return h.recall(SCORES) || []; }

  function refusal(error, extra) {
    var problems = (error.details || []).map(function (d) { return d.problem; }).filter(Boolean);
    var text = error.message + (problems.length ? " " + problems.join("; ") + "." : "") + (error.code ? TEXT.code(error.code) : "") + (extra ? " " : "");
    return h.message(text, "error", extra);
  }

  function setUp() {
    var root = document.getElementById("hocso-admin-classes");
    if (!root) return;
    var api = root.getAttribute("data-api"), body = root.querySelector(".hocso-admin__body");
    var panel = root.querySelector(".hocso-admin__class"), status = root.querySelector(".hocso-admin__class-sync");
    var daySelect = root.querySelector("#hocso-class-day"), learners = root.querySelector(".hocso-admin__class-learners");
    var paper = root.querySelector(".hocso-admin__class-paper"), scoreBoxes = root.querySelector(".hocso-admin__class-scores");
    var createForm = root.querySelector(".hocso-admin__class-form"), registerForm = root.querySelector(".hocso-admin__class-register");
    var kept = h.session(), view = null, sending = false;
    if (!kept || kept.me.role !== "admin") {
      body.replaceChildren(h.message(TEXT.notAdmin, "warning", el("a", { href: root.getAttribute("data-account"), text: TEXT.signIn })));
      root.querySelectorAll("form, section").forEach(function (node) { node.hidden = true; });
      return;
    }
    createForm.elements.unit_code.value = kept.me.unit_code;

    function list(classes) {
      if (!classes.length) return h.message(TEXT.none, "info");
      var head = el("tr", {}, TEXT.headers.map(function (text) { return el("th", { scope: "col", text: text }); }));
      var rows = classes.map(function (c) {
        var button = el("button", { type: "button", className: "md-button", "aria-label": TEXT.openLabel(c), text: TEXT.open });
        button.addEventListener("click", function () { openClass(c.class_id); });
        return el("tr", { "data-class": c.class_id }, [el("th", { scope: "row", text: c.title }),
          el("td", { text: f.day(c.first_day) + " – " + f.day(c.last_day) }), el("td", { text: c.place }),
          el("td", { text: String(c.learners) }), el("td", {}, [button])]);
      });
      return el("div", { className: "hocso-admin__scroll", tabindex: "0", role: "region", "aria-label": TEXT.caption }, [
        el("table", { className: "hocso-admin__table hocso-admin__cards" }, [el("caption", { text: TEXT.caption }), el("thead", {}, [head]), el("tbody", {}, rows)])
      ]);
    }

    function loadList() {
      return h.call(api, "GET", "/admin/classes").then(function (answer) {
        body.replaceChildren(list(answer.classes));
      }, function (error) {
        body.replaceChildren(error.code === "offline" ? h.message(TEXT.offlineList, "warning") : refusal(error));
      });
    }

    /* Today in Vietnam as "yyyy-mm-dd", the form the class's days come in. */
    function today() {
      var parts = {};
      new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" })
        .formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
      return parts.year + "-" + parts.month + "-" + parts.day;
    }

    function pending() {
      return queue().filter(function (m) { return view && m.class_id === view.class_id; });
    }

    function showStatus(text, kind) {
      var n = queue().length, m = scoreQueue().length;
      status.replaceChildren(text ? h.message(text, kind || "info") : n ? h.message(TEXT.waiting(n), "warning") :
        m ? h.message(TEXT.scoresWaiting(m), "warning") : h.message(TEXT.allSent, "info"));
    }

    /* A number box per learner when the class needs the test: the score kept, or the one waiting in the queue. */
    function drawScores() {
      paper.hidden = !(view.needs_test && view.questions && view.registered.length);
      if (paper.hidden) { scoreBoxes.replaceChildren(); return; }
      var waiting = {};
      scoreQueue().forEach(function (s) { if (s.class_id === view.class_id) waiting[s.learner_id] = s.correct; });
      scoreBoxes.replaceChildren.apply(scoreBoxes, view.registered.map(function (p) {
        var id = "hocso-class-score-" + p.learner_id.replace(/[^A-Za-z0-9_-]/g, "_");
        var box = el("input", { id: id, type: "number", min: "0", max: String(view.questions), step: "1", inputmode: "numeric", "data-score": p.learner_id });
        var shown = p.learner_id in waiting ? waiting[p.learner_id] : p.paper ? p.paper.correct : "";
        box.value = String(shown);
        var note = el("span", { className: "hocso-admin__class-score-note" });
        box.addEventListener("change", function () { score(p.learner_id, box.value, note); });
        return el("div", { className: "hocso-admin__field" }, [
          el("label", { for: id, text: TEXT.scoreLabel(p, view.questions) + TEXT.scoreNote(p) }), box, note]);
      }));
    }

    function score(learner, typed, note) {
      var correct = Number(typed), rest = scoreQueue().filter(function (s) { return !(s.class_id === view.class_id && s.learner_id === learner); });
      note.replaceChildren();
      if (typed.trim() !== "" && !(Number.isInteger(correct) && correct >= 0 && correct <= view.questions)) {
        note.replaceChildren(h.message(TEXT.scoreRange(view.questions), "error"));
        return;
      }
      if (typed.trim() !== "") rest.push({ class_id: view.class_id, learner_id: learner, correct: correct });
      h.remember(SCORES, rest);
      showStatus();
      sync();
    }

    /* The learners with a box for the day picked: ticked and fixed when the store has the mark, ticked when it waits
       in the queue (untick takes it back), empty otherwise. */
    function drawLearners() {
      var day = daySelect.value, waiting = {};
      pending().forEach(function (m) { if (m.day === day) waiting[m.learner_id] = true; });
      if (!view.registered.length) { learners.replaceChildren(h.message(TEXT.noLearners, "info")); drawScores(); return; }
      learners.replaceChildren.apply(learners, view.registered.map(function (p) {
        var stored = p.days.indexOf(day) !== -1;
        var box = el("input", { type: "checkbox", "data-learner": p.learner_id });
        box.checked = stored || !!waiting[p.learner_id];
        box.disabled = stored;
        box.addEventListener("change", function () { tick(p.learner_id, day, box.checked); });
        var note = stored ? " (" + TEXT.kept + ")" : "";
        var done = p.completed ? " — " + TEXT.completed : "";
        return el("label", { className: "hocso-admin__choice" }, [box, " " + p.full_name + " · " + p.username + note + done]);
      }));
      drawScores();
    }

    function tick(learner, day, present) {
      var marks = queue().filter(function (m) { return !(m.class_id === view.class_id && m.learner_id === learner && m.day === day); });
      if (present) marks.push({ class_id: view.class_id, learner_id: learner, day: day });
      h.remember(QUEUE, marks);
      showStatus();
      sync();
    }

    function show(answer) {
      view = answer;
      h.remember(VIEW + view.class_id, view);
      panel.hidden = false;
      panel.querySelector("#hocso-class-title").textContent = view.title;
      panel.querySelector(".hocso-admin__class-facts").textContent = TEXT.facts(view);
      var picked = daySelect.value, now = today();
      daySelect.replaceChildren.apply(daySelect, view.days.map(function (d) { return el("option", { value: d, text: TEXT.day(d) }); }));
      daySelect.value = view.days.indexOf(picked) !== -1 ? picked : view.days.indexOf(now) !== -1 ? now : view.days[0];
      drawLearners();
    }

    function openClass(classId) {
      h.remember(OPEN, classId);  // opened again on the next visit, offline too
      var stored = h.recall(VIEW + classId);
      if (stored) show(stored);
      showStatus();
      return h.call(api, "GET", "/admin/classes/" + encodeURIComponent(classId)).then(show, function (error) {
        if (error.code !== "offline") status.replaceChildren(refusal(error));
        else showStatus(TEXT.offline(queue().length), "warning");
      });
    }

    /* A send that failed while the phone says it is online (the "online" event comes before the network carries
       requests again, and a flapping signal does the same) is tried again a little later, until one gets through. */
    var retry = null;
    function later() {
      clearTimeout(retry);
      if (navigator.onLine) retry = setTimeout(sync, 3000);
    }

    /* Sends the paper scores queued, a class at a time, once no mark waits; taken off once the API answered. */
    function syncScores() {
      var scores = scoreQueue();
      if (sending || !scores.length) return Promise.resolve();
      sending = true;
      var classId = scores[0].class_id, batch = scores.filter(function (s) { return s.class_id === classId; });
      var body = { scores: batch.map(function (s) { return { learner_id: s.learner_id, correct: s.correct }; }) };
      return h.call(api, "POST", "/admin/classes/" + encodeURIComponent(classId) + "/scores", body).then(function (answer) {
        h.remember(SCORES, scoreQueue().filter(function (s) { return s.class_id !== classId || !batch.some(function (b) { return b.learner_id === s.learner_id && b.correct === s.correct; }); }));
        h.remember(VIEW + classId, answer.view);
        if (view && view.class_id === classId) show(answer.view);
        showStatus(TEXT.scoresSynced(answer) + (scoreQueue().length ? " " + TEXT.scoresWaiting(scoreQueue().length) : ""));
        sending = false;
        return syncScores();
      }, function (error) {
        sending = false;
        if (error.code === "offline" || error.status === 401 || error.status >= 500) {
          showStatus(TEXT.offline(queue().length + scoreQueue().length), "warning");
          later();
          return;
        }
        h.remember(SCORES, scoreQueue().filter(function (s) { return s.class_id !== classId; }));
        status.replaceChildren(refusal(error, document.createTextNode(TEXT.dropped(batch.length))));
        if (view && view.class_id === classId) drawLearners();
      });
    }

    /* Sends the queue, a class at a time; marks sent are taken off only once the API has answered for them. Paper
       scores follow once every mark is sent (a learner's days count for completion as much as the score). */
    function sync() {
      var marks = queue();
      if (sending) return Promise.resolve();
      if (!marks.length) return syncScores();
      sending = true;
      var classId = marks[0].class_id, batch = marks.filter(function (m) { return m.class_id === classId; });
      var body = { marks: batch.map(function (m) { return { learner_id: m.learner_id, day: m.day }; }) };
      return h.call(api, "POST", "/admin/classes/" + encodeURIComponent(classId) + "/attendance", body).then(function (answer) {
        h.remember(QUEUE, queue().filter(function (m) { return m.class_id !== classId || !batch.some(function (b) { return b.learner_id === m.learner_id && b.day === m.day; }); }));
        h.remember(VIEW + classId, answer.view);
        if (view && view.class_id === classId) show(answer.view);
        showStatus(TEXT.synced(answer) + (queue().length ? " " + TEXT.waiting(queue().length) : ""));
        sending = false;
        return sync();
      }, function (error) {
        sending = false;
        if (error.code === "offline" || error.status === 401 || error.status >= 500) {
          showStatus(TEXT.offline(queue().length), "warning");
          later();
          return;
        }
        // Refused (the class left the caller's scope, say): dropped, or the batch would block every later one.
        h.remember(QUEUE, queue().filter(function (m) { return m.class_id !== classId; }));
        status.replaceChildren(refusal(error, document.createTextNode(TEXT.dropped(batch.length))));
        if (view && view.class_id === classId) drawLearners();
      });
    }

    daySelect.addEventListener("change", drawLearners);
    root.querySelector("[data-classes=sync]").addEventListener("click", function () { sync(); });
    root.querySelector("[data-classes=sheet]").addEventListener("click", function () {
      if (view) h.download(api, "/admin/classes/" + encodeURIComponent(view.class_id) + "/sheet.pdf", "diem-danh-" + view.class_id + ".pdf");
    });
    window.addEventListener("online", function () { sync(); });
    // A phone may miss the "online" event (a tab asleep, a signal back for a moment): what waits is tried every 10 s.
    setInterval(function () { if (navigator.onLine && (queue().length || scoreQueue().length)) sync(); }, 10000);

    createForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var e = createForm.elements, outcome = createForm.querySelector(".hocso-admin__class-outcome");
      var draft = { title: e.title.value, place: e.place.value, first_day: e.first_day.value, last_day: e.last_day.value,
        trainer: e.trainer.value, course_id: e.course_id.value, unit_code: e.unit_code.value.trim(), needs_test: e.needs_test.checked };
      h.call(api, "POST", "/admin/classes", draft).then(function (created) {
        outcome.replaceChildren(h.message(TEXT.created(created), "info"));
        createForm.reset();
        e.unit_code.value = kept.me.unit_code;
        loadList();
        openClass(created.class_id);
      }, function (error) { outcome.replaceChildren(refusal(error)); });
    });

    registerForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var outcome = registerForm.querySelector(".hocso-admin__class-register-outcome");
      var names = registerForm.elements.learners.value.split(/[\s,;]+/).filter(Boolean), file = registerForm.elements.file.files[0];
      var path = "/admin/classes/" + encodeURIComponent(view.class_id) + "/learners";
      if (!file && !names.length) { outcome.replaceChildren(h.message(TEXT.nobody, "error")); return; }
      var sent = file ? h.call(api, "POST", path + ".csv", file, "text/csv") : h.call(api, "POST", path, { learners: names });
      sent.then(function (answer) {
        show(answer);
        registerForm.reset();
        outcome.replaceChildren(h.message(TEXT.registered(answer.registered.length), "info"));
        loadList();
      }, function (error) { outcome.replaceChildren(refusal(error)); });
    });

    loadList();
    if (h.recall(OPEN)) openClass(h.recall(OPEN));
    if (queue().length || scoreQueue().length) sync();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
