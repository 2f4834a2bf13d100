/* hocso: the course test. Starts or resumes an attempt, saves answers as the learner goes (on this device at once,
   on the server a moment later), submits, and shows the result, with what the course's review allows (the lessons
   to revisit, or the answers). A guest practises instead: questions from the course's practice set, never from the
   test's bank, with the answers shown after submitting; a course without a practice set says so. */
(function () {
  "use strict";

  var h = window.hocso, el = h.el, f = window.hocsoFormat;
  var TEXT = {
    loading: "Đang tải…",
    start: "Bắt đầu làm bài",
    resume: "Tiếp tục làm bài",
    retry: "Làm lại bài kiểm tra",
    submit: "Nộp bài",
    submitting: "Đang nộp bài…",
    question: "Câu",
    chooseAll: "Chọn tất cả đáp án đúng.",
    attemptsLeft: function (n, max) { return "Bạn còn " + n + "/" + max + " lượt làm bài."; },
    noAttempts: "Bạn đã dùng hết số lượt làm bài của khóa học này.",
    lessonsMissing: function (n) { return "Bạn cần học xong " + n + " bài học còn lại (bấm “Đánh dấu đã học xong” ở cuối mỗi bài) trước khi làm bài kiểm tra."; },
    waitUntil: function (when) { return "Bạn có thể làm lượt tiếp theo từ " + when + "."; },
    timeLeft: "Thời gian còn lại: ",
    timeUp: "Hết giờ: bài làm được nộp tự động.",
    saved: function (time) { return "Đã lưu câu trả lời lúc " + time + "."; },
    notSaved: "Chưa lưu được lên máy chủ; câu trả lời vẫn được giữ trên máy này.",
    unanswered: function (n) { return "Còn " + n + " câu chưa trả lời. Bấm “Nộp bài” lần nữa nếu vẫn muốn nộp. Câu chưa trả lời: "; },
    goTo: function (n) { return "câu " + n; },
    answered: function (a, t) { return "Đã trả lời " + a + "/" + t + " câu"; },
    result: function (r) { return "Bạn trả lời đúng " + r.correct + "/" + r.total + " câu (" + f.percent(r.percent) + ")."; },
    counted: "Kết quả được tính của khóa học:",
    passed: "Kết quả: ĐẠT. Chúc mừng bạn đã hoàn thành bài kiểm tra.",
    failed: function (p) { return "Kết quả: CHƯA ĐẠT (cần đúng từ " + f.percent(p) + " số câu). Hãy ôn lại các bài học rồi làm lại."; },
    late: "Bài được chấm theo các câu trả lời đã lưu trước khi hết giờ.",
    reviewTitle: "Xem lại bài làm",
    yourChoice: "Bạn chọn: ",
    noChoice: "Bạn chưa trả lời câu này.",
    rightChoice: "Đáp án đúng: ",
    right: "Đúng",
    wrong: "Sai",
    certificate: function (n) { return "Giấy chứng nhận hoàn thành khóa học số " + n + " đã được cấp."; },
    download: "Tải giấy chứng nhận (PDF)",
    verify: "Xem trang xác minh",
    mine: "Khóa học của tôi",
    guest: "Bạn đang làm bài với tư cách khách nên không được cấp giấy chứng nhận. Hãy đăng nhập bằng tài khoản do đơn vị cấp rồi làm bài.",
    signIn: "Đăng nhập",
    revisit: "Bạn nên ôn lại các bài học sau:",
    practiceIntro: function (n) {
      return "Bạn chưa đăng nhập nên đang ở chế độ luyện tập: " + n + " câu hỏi lấy từ bộ câu hỏi luyện tập của khóa học, "
        + "không phải câu hỏi của bài kiểm tra. Bài luyện tập không được tính điểm và không được cấp giấy chứng nhận; "
        + "nộp bài xong bạn được xem đáp án và lời giải thích.";
    },
    practiceStart: "Bắt đầu luyện tập",
    practiceAgain: "Luyện tập lượt khác",
    practiceDone: "Đây là kết quả luyện tập, không được tính vào kết quả khóa học. Đăng nhập để làm bài kiểm tra cuối khóa.",
    noPractice: "Khóa học này chưa có bài luyện tập dành cho khách. Hãy đăng nhập bằng tài khoản do đơn vị cấp để làm bài kiểm tra cuối khóa."
  };

  function letters(indexes) {
    return indexes.map(function (i) { return String.fromCharCode(65 + i); }).join(", ");
  }

  function Quiz(root) {
    this.root = root;
    this.course = root.getAttribute("data-course");
    this.api = root.getAttribute("data-api");
    this.key = "hocso.attempt." + this.course;
    this.timer = null;
    try { this.lessons = JSON.parse(root.getAttribute("data-lessons") || "{}"); } catch (e) { this.lessons = {}; }
  }

  Quiz.prototype.call = function (method, path, body) { return h.call(this.api, method, path, body); };

  Quiz.prototype.show = function (nodes) { this.root.replaceChildren.apply(this.root, nodes.filter(Boolean)); };

  Quiz.prototype.message = function (text, kind, extra) { return h.message(text, kind || "info", extra); };

  Quiz.prototype.fail = function (error, extra) {
    this.root.querySelectorAll(".hocso-message--error").forEach(function (node) { node.remove(); });
    this.root.appendChild(this.message(error.message, "error", extra));
  };

  Quiz.prototype.load = function () {
    var self = this;
    this.call("GET", "/quiz/courses/" + encodeURIComponent(this.course)).then(function (info) {
      if (info.open_attempt_id) {
        return self.call("GET", "/quiz/attempts/" + encodeURIComponent(info.open_attempt_id)).then(function (attempt) {
          if (attempt.result) return self.intro(info, attempt);
          self.render(attempt);
        });
      }
      self.intro(info, null);
    }).catch(function (error) { self.fail(error); });
  };

  Quiz.prototype.resultNodes = function (result, heading, practice) {
    var verdict = practice ? TEXT.practiceDone : result.passed ? TEXT.passed : TEXT.failed(result.pass_percent);
    return el("div", { className: "hocso-quiz__result hocso-quiz__result--" + (result.passed ? "passed" : "failed"), role: "status" }, [
      heading ? el("p", { text: heading }) : null,
      el("p", { className: "hocso-quiz__score", text: TEXT.result(result) }),
      el("p", { text: verdict }),
      result.late ? el("p", { text: TEXT.late }) : null
    ]);
  };

  /* The lessons whose questions were missed, when the course's review names them (never which question). */
  Quiz.prototype.revisitNodes = function (attempt) {
    if (!attempt || !attempt.revisit || !attempt.revisit.length) return null;
    var lessons = this.lessons;
    return el("div", { className: "hocso-quiz__revisit" }, [
      el("p", { text: TEXT.revisit }),
      el("ul", {}, attempt.revisit.map(function (id) {
        var known = lessons[id];
        return el("li", {}, [known ? el("a", { href: known[1], text: known[0] }) : id]);
      }))
    ]);
  };

  Quiz.prototype.signInLink = function () {
    return el("a", { href: new URL("tai-khoan/", h.siteRoot()).href, className: "md-button", text: TEXT.signIn });
  };

  Quiz.prototype.reviewNodes = function (attempt) {
    if (!attempt || !attempt.review) return null;
    var questions = {};
    attempt.questions.forEach(function (q) { questions[q.id] = q; });
    var list = el("ol", { className: "hocso-quiz__review" });
    attempt.review.forEach(function (item) {
      var q = questions[item.id];
      list.appendChild(el("li", { className: item.right ? "hocso-quiz__review--right" : "hocso-quiz__review--wrong" }, [
        el("p", {}, [el("strong", { text: (item.right ? TEXT.right : TEXT.wrong) + ". " }), q.text]),
        el("p", { text: item.chosen.length ? TEXT.yourChoice + letters(item.chosen) + ". " + item.chosen.map(function (i) { return q.choices[i]; }).join("; ") : TEXT.noChoice }),
        el("p", { text: TEXT.rightChoice + letters(item.correct) + ". " + item.correct.map(function (i) { return q.choices[i]; }).join("; ") }),
        item.explanation ? el("p", { className: "hocso-quiz__explanation", text: item.explanation }) : null
      ]));
    });
    return el("details", { className: "hocso-quiz__review-box" }, [el("summary", { text: TEXT.reviewTitle }), list]);
  };

  /* A pass earns the certificate: claimed here (issued once, however often this runs), ready to download. */
  Quiz.prototype.certificateBox = function () {
    var self = this, root = h.siteRoot(), box = el("div", { className: "hocso-quiz__certificate", "aria-live": "polite" });
    if (!h.session()) {
      box.append(this.message(TEXT.guest, "warning"), el("a", { href: new URL("tai-khoan/", root).href, className: "md-button", text: TEXT.signIn }));
      return box;
    }
    this.call("POST", "/certificates/courses/" + encodeURIComponent(this.course)).then(function (record) {
      var number = record.certificate.number;
      var download = el("button", { type: "button", className: "md-button md-button--primary", text: TEXT.download });
      download.addEventListener("click", function () { h.download(self.api, "/certificates/" + number + "/pdf", number.slice(0, 12) + ".pdf"); });
      box.append(
        el("p", { className: "hocso-quiz__certificate-number", text: TEXT.certificate(number) }), download,
        el("a", { href: new URL("xac-minh/?so=" + encodeURIComponent(number), root).href, className: "md-button", text: TEXT.verify }),
        el("a", { href: new URL("cua-toi/", root).href, className: "md-button", text: TEXT.mine })
      );
    }, function (error) { box.append(self.message(error.message, "error")); });
    return box;
  };

  /* A guest's page: the practice on offer (or word that there is none), the last practice's result and answers. */
  Quiz.prototype.practiceIntro = function (info, last) {
    var self = this, nodes = [];
    if (last && last.result) nodes.push(this.resultNodes(last.result, null, true), this.reviewNodes(last));
    if (!info.practice_questions) {
      nodes.push(this.message(TEXT.noPractice, "warning"), this.signInLink());
      return this.show(nodes);
    }
    nodes.push(this.message(TEXT.practiceIntro(info.practice_questions)), this.signInLink());
    var label = last && last.result ? TEXT.practiceAgain : TEXT.practiceStart;
    var button = el("button", { type: "button", className: "md-button md-button--primary", text: label });
    button.addEventListener("click", function () { self.begin(button, label); });
    nodes.push(button);
    this.show(nodes);
  };

  Quiz.prototype.begin = function (button, label) {
    var self = this;
    button.disabled = true;
    button.textContent = TEXT.loading;
    this.call("POST", "/quiz/courses/" + encodeURIComponent(this.course) + "/attempts").then(function (attempt) {
      self.render(attempt);
    }).catch(function (error) {
      button.disabled = false;
      button.textContent = label;
      self.fail(error);
    });
  };

  Quiz.prototype.intro = function (info, last) {
    if (info.practice) return this.practiceIntro(info, last);
    var self = this, rules = info.rules, nodes = [];
    if (last && last.result) nodes.push(this.resultNodes(last.result), this.revisitNodes(last), this.reviewNodes(last));
    if (info.result && (!last || info.result.submitted_at !== last.result.submitted_at)) nodes.push(this.resultNodes(info.result, TEXT.counted));
    if (info.result && info.result.passed) nodes.push(this.certificateBox());
    nodes.push(el("ul", { className: "hocso-quiz__rules" }, [
      el("li", { text: rules.questions + " câu hỏi, rút ngẫu nhiên từ ngân hàng câu hỏi của khóa học." }),
      el("li", { text: "Thời gian làm bài: " + rules.time_limit_minutes + " phút." }),
      el("li", { text: "Đạt khi trả lời đúng từ " + f.percent(rules.pass_percent) + " số câu trở lên." })
    ]));
    var blocked = null;
    if (info.attempts_left <= 0) blocked = TEXT.noAttempts;
    else if (info.lessons_missing.length) blocked = TEXT.lessonsMissing(info.lessons_missing.length);
    else if (info.next_attempt_at && new Date(info.next_attempt_at) > new Date()) blocked = TEXT.waitUntil(f.moment(info.next_attempt_at));
    if (blocked) {
      nodes.push(this.message(blocked, "warning"));
      return this.show(nodes);
    }
    nodes.push(el("p", { text: TEXT.attemptsLeft(info.attempts_left, rules.max_attempts) }));
    var label = info.attempts_used ? TEXT.retry : TEXT.start;
    var button = el("button", { type: "button", className: "md-button md-button--primary", text: label });
    button.addEventListener("click", function () { self.begin(button, label); });
    nodes.push(button);
    this.show(nodes);
  };

  Quiz.prototype.render = function (attempt) {
    var self = this;
    var local = h.recall(this.key);
    var answers = local && local.id === attempt.id ? local.answers || {} : attempt.saved || {};
    var form = el("form", { className: "hocso-quiz__form", novalidate: "" });
    var timeLeft = el("p", { className: "hocso-quiz__clock" });
    var counter = el("p", { className: "hocso-quiz__counter" });
    var status = el("p", { className: "hocso-quiz__saved", "aria-live": "polite" });
    var pending = null;

    function collect() {
      var chosen = {};
      attempt.questions.forEach(function (question) {
        var picked = Array.prototype.filter.call(form.querySelectorAll('input[name="' + question.id + '"]'), function (input) {
          return input.checked;
        }).map(function (input) { return Number(input.value); });
        if (picked.length) chosen[question.id] = picked;
      });
      return chosen;
    }

    function saveNow(chosen) {
      pending = null;
      return self.call("PUT", "/quiz/attempts/" + encodeURIComponent(attempt.id) + "/answers", { answers: chosen }).then(function (saved) {
        status.textContent = TEXT.saved(f.clock(saved.saved_at));
      }, function (error) {
        status.textContent = error.code === "offline" ? TEXT.notSaved : error.message;
      });
    }

    function update() {
      var chosen = collect();
      h.remember(self.key, { id: attempt.id, answers: chosen });
      counter.textContent = TEXT.answered(Object.keys(chosen).length, attempt.questions.length);
      clearTimeout(pending);
      pending = setTimeout(function () { saveNow(collect()); }, 600);
      return chosen;
    }

    attempt.questions.forEach(function (question, index) {
      var fieldset = el("fieldset", { className: "hocso-quiz__question", "data-question": question.id, id: "hocso-cau-" + (index + 1) }, [
        el("legend", { text: TEXT.question + " " + (index + 1) + ". " + question.text })
      ]);
      if (question.multiple) fieldset.appendChild(el("p", { className: "hocso-quiz__hint", text: TEXT.chooseAll }));
      question.choices.forEach(function (choice, choiceIndex) {
        var input = el("input", { type: question.multiple ? "checkbox" : "radio", name: question.id, value: String(choiceIndex) });
        if ((answers[question.id] || []).indexOf(choiceIndex) !== -1) input.checked = true;
        fieldset.appendChild(el("label", { className: "hocso-quiz__choice" }, [input, String.fromCharCode(65 + choiceIndex) + ". " + choice]));
      });
      form.appendChild(fieldset);
    });
    form.addEventListener("change", update);

    var submit = el("button", { type: "submit", className: "md-button md-button--primary", text: TEXT.submit });
    var warned = false;
    form.appendChild(counter);
    form.appendChild(status);
    form.appendChild(submit);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = collect();
      var missing = attempt.questions.length - Object.keys(chosen).length;
      if (missing > 0 && !warned) {
        warned = true;
        // Which ones, each a link that brings its question into view (below the clock: scroll-margin in hocso.css).
        var links = [];
        attempt.questions.forEach(function (question, index) {
          if (chosen[question.id]) return;
          if (links.length) links.push(", ");
          links.push(el("a", { href: "#hocso-cau-" + (index + 1), text: TEXT.goTo(index + 1) }));
        });
        self.fail(new Error(TEXT.unanswered(missing)), el("span", { className: "hocso-quiz__missing" }, links));
        return;
      }
      self.send(attempt, chosen, submit, pending);
    });

    // The server's time as it answered, against this phone's: a resumed attempt counts down from the time really
    // left, whatever the phone's clock says.
    var skew = Date.now() - new Date(attempt.now || attempt.started_at).getTime();
    function tick() {
      var left = new Date(attempt.deadline).getTime() + skew - Date.now();
      if (left <= 0) {
        clearInterval(self.timer);
        timeLeft.textContent = TEXT.timeUp;
        self.send(attempt, collect(), submit, pending);
        return;
      }
      var minutes = Math.floor(left / 60000), seconds = Math.floor((left % 60000) / 1000);
      timeLeft.textContent = TEXT.timeLeft + minutes + ":" + ("0" + seconds).slice(-2);
    }
    clearInterval(this.timer);
    this.timer = setInterval(tick, 1000);
    tick();
    counter.textContent = TEXT.answered(Object.keys(answers).length, attempt.questions.length);
    if (local && local.id === attempt.id && JSON.stringify(local.answers) !== JSON.stringify(attempt.saved)) saveNow(answers);
    this.show([timeLeft, form]);
  };

  Quiz.prototype.send = function (attempt, chosen, button, pending) {
    var self = this;
    clearTimeout(pending);
    button.disabled = true;
    button.textContent = TEXT.submitting;
    this.call("POST", "/quiz/attempts/" + encodeURIComponent(attempt.id) + "/submit", { answers: chosen })
      .then(function (done) {
        done.questions = attempt.questions;
        clearInterval(self.timer);
        h.remember(self.key);
        return self.call("GET", "/quiz/courses/" + encodeURIComponent(self.course)).then(function (info) {
          self.intro(info, done);
          window.scrollTo(0, 0);
        });
      })
      .catch(function (error) {
        button.disabled = false;
        button.textContent = TEXT.submit;
        self.fail(error);
      });
  };

  function start() {
    var root = document.getElementById("hocso-quiz");
    if (root) new Quiz(root).load();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
