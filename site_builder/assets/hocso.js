/* hocso: light video embeds and the course test. Plain JavaScript, no framework, no third-party requests
   until the learner presses play. All text shown to people is in TEXT below. */
(function () {
  "use strict";

  var TEXT = {
    loading: "Đang tải…",
    start: "Bắt đầu làm bài",
    retry: "Làm lại bài kiểm tra",
    submit: "Nộp bài",
    submitting: "Đang nộp bài…",
    question: "Câu",
    chooseAll: "Chọn tất cả đáp án đúng.",
    attemptsLeft: function (n, max) { return "Bạn còn " + n + "/" + max + " lượt làm bài."; },
    noAttempts: "Bạn đã dùng hết số lượt làm bài của khóa học này.",
    timeLeft: "Thời gian còn lại: ",
    timeUp: "Hết giờ: bài làm được nộp tự động.",
    unanswered: function (n) { return "Còn " + n + " câu chưa trả lời. Bấm “Nộp bài” lần nữa nếu vẫn muốn nộp."; },
    result: function (r) { return "Bạn trả lời đúng " + r.correct + "/" + r.total + " câu (" + String(r.percent).replace(".", ",") + "%)."; },
    passed: "Kết quả: ĐẠT. Chúc mừng bạn đã hoàn thành bài kiểm tra.",
    failed: function (p) { return "Kết quả: CHƯA ĐẠT (cần đúng từ " + p + "% số câu). Hãy ôn lại các bài học rồi làm lại."; },
    offline: "Không kết nối được máy chủ. Câu trả lời của bạn vẫn được giữ trên máy này; hãy kiểm tra mạng rồi thử lại.",
    answered: function (a, t) { return "Đã trả lời " + a + "/" + t + " câu"; },
    videoNote: "Video chỉ tải khi bạn bấm nút."
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  /* ---------- video: nothing is requested from the video host until play ---------- */
  function youtubeId(value) {
    var match = /^(?:https?:\/\/(?:www\.)?(?:youtube\.com\/watch\?v=|youtu\.be\/|youtube\.com\/embed\/))?([A-Za-z0-9_-]{11})(?:[?&#].*)?$/.exec(value);
    return match ? match[1] : null;
  }

  function setUpVideo(box) {
    var button = box.querySelector("button");
    if (!button) return;
    button.addEventListener("click", function () {
      var source = box.getAttribute("data-video");
      var id = youtubeId(source);
      var player = id
        ? el("iframe", {
            src: "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1",
            title: "Video bài giảng", allow: "autoplay; encrypted-media; picture-in-picture",
            allowfullscreen: "", loading: "lazy", className: "hocso-video__frame"
          })
        : el("video", { src: source, controls: "", autoplay: "", preload: "metadata", className: "hocso-video__frame" });
      box.replaceChildren(player);
    });
  }

  /* ---------- the course test ---------- */
  function learnerId() {
    var key = "hocso.learner";
    var id = null;
    try { id = localStorage.getItem(key); } catch (e) { /* private mode: a new id per visit */ }
    if (!id) {
      var bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      id = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      try { localStorage.setItem(key, id); } catch (e) { /* ignore */ }
    }
    return id;
  }

  function store(key, value) {
    try {
      if (value === undefined) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* storage full or disabled: the test still works, it just cannot resume */ }
  }

  function recall(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function Quiz(root) {
    this.root = root;
    this.course = root.getAttribute("data-course");
    this.api = root.getAttribute("data-api").replace(/\/$/, "");
    this.learner = learnerId();
    this.attemptKey = "hocso.attempt." + this.course;
    this.timer = null;
  }

  Quiz.prototype.call = function (method, path, body) {
    var options = { method: method, headers: { "X-Hocso-Learner": this.learner, "Accept": "application/json" } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(this.api + path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error((data.error && data.error.message) || TEXT.offline);
          error.code = data.error && data.error.code;
          error.status = response.status;
          throw error;
        }
        return data;
      });
    }, function () { throw new Error(TEXT.offline); });
  };

  Quiz.prototype.show = function (nodes) {
    this.root.replaceChildren.apply(this.root, nodes.filter(Boolean));
  };

  Quiz.prototype.message = function (text, kind) {
    return el("p", { className: "hocso-quiz__message hocso-quiz__message--" + (kind || "info"), role: "status", text: text });
  };

  Quiz.prototype.fail = function (error) {
    this.root.querySelectorAll(".hocso-quiz__message--error").forEach(function (node) { node.remove(); });
    this.root.appendChild(this.message(error.message, "error"));
  };

  Quiz.prototype.load = function () {
    var self = this;
    var saved = recall(this.attemptKey);
    var resume = saved && saved.id
      ? this.call("GET", "/quiz/attempts/" + encodeURIComponent(saved.id)).catch(function () { store(self.attemptKey); return null; })
      : Promise.resolve(null);
    resume.then(function (attempt) {
      if (attempt && !attempt.result && new Date(attempt.deadline) > new Date()) return self.render(attempt);
      return self.call("GET", "/quiz/courses/" + encodeURIComponent(self.course)).then(function (info) {
        self.intro(info, attempt && attempt.result ? attempt : null);
      });
    }).catch(function (error) { self.fail(error); });
  };

  Quiz.prototype.intro = function (info, last) {
    var self = this;
    var nodes = [];
    if (last) nodes = nodes.concat(this.resultNodes(last.result));
    var rules = info.rules;
    nodes.push(el("ul", { className: "hocso-quiz__rules" }, [
      el("li", { text: rules.questions + " câu hỏi, rút ngẫu nhiên từ ngân hàng câu hỏi của khóa học." }),
      el("li", { text: "Thời gian làm bài: " + rules.time_limit_minutes + " phút." }),
      el("li", { text: "Đạt khi trả lời đúng từ " + rules.pass_percent + "% số câu trở lên." })
    ]));
    if (info.attempts_left > 0) {
      nodes.push(el("p", { text: TEXT.attemptsLeft(info.attempts_left, rules.max_attempts) }));
      var button = el("button", { type: "button", className: "md-button md-button--primary", text: last ? TEXT.retry : TEXT.start });
      button.addEventListener("click", function () {
        button.disabled = true;
        button.textContent = TEXT.loading;
        self.call("POST", "/quiz/courses/" + encodeURIComponent(self.course) + "/attempts").then(function (attempt) {
          store(self.attemptKey, { id: attempt.id, answers: {} });
          self.render(attempt);
        }).catch(function (error) {
          button.disabled = false;
          button.textContent = last ? TEXT.retry : TEXT.start;
          self.fail(error);
        });
      });
      nodes.push(button);
    } else {
      nodes.push(this.message(TEXT.noAttempts, "warning"));
    }
    this.show(nodes);
  };

  Quiz.prototype.render = function (attempt) {
    var self = this;
    var saved = recall(this.attemptKey) || { id: attempt.id, answers: {} };
    var answers = saved.id === attempt.id ? saved.answers || {} : {};
    var form = el("form", { className: "hocso-quiz__form", novalidate: "" });
    var clock = el("p", { className: "hocso-quiz__clock", "aria-live": "off" });
    var counter = el("p", { className: "hocso-quiz__counter" });

    function collect() {
      var chosen = {};
      attempt.questions.forEach(function (question) {
        var picked = Array.prototype.filter.call(
          form.querySelectorAll('input[name="' + question.id + '"]'), function (input) { return input.checked; }
        ).map(function (input) { return Number(input.value); });
        if (picked.length) chosen[question.id] = picked;
      });
      return chosen;
    }

    function update() {
      var chosen = collect();
      store(self.attemptKey, { id: attempt.id, answers: chosen });
      counter.textContent = TEXT.answered(Object.keys(chosen).length, attempt.questions.length);
      return chosen;
    }

    attempt.questions.forEach(function (question, index) {
      var legend = el("legend", { text: TEXT.question + " " + (index + 1) + ". " + question.text });
      var fieldset = el("fieldset", { className: "hocso-quiz__question", "data-question": question.id }, [legend]);
      if (question.multiple) fieldset.appendChild(el("p", { className: "hocso-quiz__hint", text: TEXT.chooseAll }));
      question.choices.forEach(function (choice, choiceIndex) {
        var input = el("input", { type: question.multiple ? "checkbox" : "radio", name: question.id, value: String(choiceIndex) });
        if ((answers[question.id] || []).indexOf(choiceIndex) !== -1) input.checked = true;
        var letter = String.fromCharCode(65 + choiceIndex) + ". ";
        fieldset.appendChild(el("label", { className: "hocso-quiz__choice" }, [input, document.createTextNode(letter + choice)]));
      });
      form.appendChild(fieldset);
    });
    form.addEventListener("change", update);

    var submit = el("button", { type: "submit", className: "md-button md-button--primary", text: TEXT.submit });
    var warned = false;
    form.appendChild(counter);
    form.appendChild(submit);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = update();
      var missing = attempt.questions.length - Object.keys(chosen).length;
      if (missing > 0 && !warned) {
        warned = true;
        self.fail(new Error(TEXT.unanswered(missing)));
        return;
      }
      self.send(attempt, chosen, submit);
    });

    var skew = Date.now() - new Date(attempt.started_at).getTime();
    function tick() {
      var left = new Date(attempt.deadline).getTime() + skew - Date.now();
      if (left <= 0) {
        clearInterval(self.timer);
        clock.textContent = TEXT.timeUp;
        self.send(attempt, update(), submit);
        return;
      }
      var minutes = Math.floor(left / 60000), seconds = Math.floor((left % 60000) / 1000);
      clock.textContent = TEXT.timeLeft + minutes + ":" + ("0" + seconds).slice(-2);
    }
    clearInterval(this.timer);
    this.timer = setInterval(tick, 1000);
    tick();
    update();
    this.show([clock, form]);
  };

  Quiz.prototype.send = function (attempt, chosen, button) {
    var self = this;
    button.disabled = true;
    button.textContent = TEXT.submitting;
    this.call("POST", "/quiz/attempts/" + encodeURIComponent(attempt.id) + "/submit", { answers: chosen })
      .then(function (done) {
        clearInterval(self.timer);
        store(self.attemptKey, { id: done.id, answers: {} });
        return self.call("GET", "/quiz/courses/" + encodeURIComponent(self.course)).then(function (info) {
          self.intro(info, done);
          window.scrollTo(0, 0);
        });
      })
      .catch(function (error) {
        button.disabled = false;
        button.textContent = TEXT.submit;
        if (error.code === "attempt_expired" || error.code === "attempt_not_found") {
          clearInterval(self.timer);
          store(self.attemptKey);
        }
        self.fail(error);
      });
  };

  Quiz.prototype.resultNodes = function (result) {
    return [
      el("div", { className: "hocso-quiz__result hocso-quiz__result--" + (result.passed ? "passed" : "failed"), role: "status" }, [
        el("p", { className: "hocso-quiz__score", text: TEXT.result(result) }),
        el("p", { text: result.passed ? TEXT.passed : TEXT.failed(result.pass_percent) })
      ])
    ];
  };

  function start() {
    document.querySelectorAll(".hocso-video").forEach(setUpVideo);
    var root = document.getElementById("hocso-quiz");
    if (root) new Quiz(root).load();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
