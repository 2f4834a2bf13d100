/* hocso: what every page shares: the API client, a light video embed, lesson progress.
   Plain JavaScript, no framework, nothing requested from another host until the learner presses play.
   The course test lives in quiz.js and uses window.hocso from here. */
(function () {
  "use strict";

  var TEXT = {
    offline: "Không kết nối được máy chủ. Hãy kiểm tra mạng rồi thử lại.",
    markDone: "Đánh dấu đã học xong bài này",
    done: "Bạn đã học xong bài này.",
    courseProgress: function (done, total) { return "Bạn đã học xong " + done + "/" + total + " bài của khóa học."; },
    kept: function (n) { return "Đã lưu " + n + " bài học trên máy này để đọc khi không có mạng."; },
    keepCourse: function (size) { return "Lưu khóa học để đọc khi không có mạng (≈ " + size + ")"; },
    notKept: "Chưa lưu được khóa học. Hãy thử lại khi có mạng.",
    queued: "Đã ghi lại trên máy này. Kết quả sẽ được gửi đi khi có mạng.",
    nothingSaved: "Chưa có trang nào được lưu trên máy này.",
    copied: "Đã sao chép liên kết. Dán vào Zalo, Messenger hoặc tin nhắn để gửi.",
    copyFailed: "Không sao chép được. Hãy giữ ngón tay lên địa chỉ dưới mã QR để sao chép.",
    signIn: "Đăng nhập",
    signedOut: "Phiên đăng nhập đã hết. Đăng nhập lại để lưu các bài đã học. ",
    search: "Tìm kiếm"
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child); });
    return node;
  }

  /* A message to the reader, kind "info", "warning" or "error": an error is announced at once, the others politely. */
  function message(text, kind, extra) {
    return el("p", { className: "hocso-message hocso-message--" + kind, role: kind === "error" ? "alert" : "status" }, [text, extra]);
  }

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

  function remember(key, value) {
    try {
      if (value === undefined) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* storage full or disabled: everything still works, only resuming is lost */ }
  }

  function recall(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  /* The signed-in session ({token, expires_at, me}), or null for a guest; an expired one is forgotten. */
  function session(value) {
    if (value !== undefined) { remember("hocso.session", value || undefined); return value; }
    var kept = recall("hocso.session");
    if (kept && new Date(kept.expires_at) <= new Date()) { remember("hocso.session", undefined); return null; }
    return kept;
  }

  function headers(extra) {
    var out = { "Accept": "application/json" }, kept = session();
    if (kept) out["Authorization"] = "Bearer " + kept.token;
    else out["X-Hocso-Learner"] = learnerId();
    Object.keys(extra || {}).forEach(function (key) { out[key] = extra[key]; });
    return out;
  }

  /* Calls the functions with a JSON body, or with raw bytes of the given type (an uploaded file); rejects with an
     Error carrying the API's Vietnamese message and stable code. */
  function call(api, method, path, body, type) {
    var options = { method: method, headers: headers() };
    if (body !== undefined) {
      options.headers["Content-Type"] = type || "application/json";
      options.body = type ? body : JSON.stringify(body);
    }
    return fetch(api.replace(/\/$/, "") + path, options).then(function (response) {
      if (response.status === 204) return {};
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status === 401 && session()) session(null);  // signed out elsewhere, or the token ran out
        if (!response.ok) {
          var error = new Error((data.error && data.error.message) || TEXT.offline);
          error.code = data.error && data.error.code;
          error.status = response.status;
          error.details = (data.error && data.error.details) || [];
          throw error;
        }
        return data;
      });
    }, function () {
      var error = new Error(TEXT.offline);
      error.code = "offline";
      throw error;
    });
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
            allowfullscreen: "", className: "hocso-video__frame"
          })
        : el("video", { src: source, controls: "", autoplay: "", preload: "metadata", className: "hocso-video__frame" });
      box.replaceChildren(player);
    });
  }

  /* ---------- progress: shown only when the functions answer; the page reads fine without them. A lesson marked done
     without a network is queued on this device and sent when the network returns. ---------- */
  var QUEUE = "hocso.progress.queue";

  function queued(api, path) {
    return (recall(QUEUE) || []).some(function (item) { return item.api === api && item.path === path; });
  }

  function unqueue(item) {
    remember(QUEUE, (recall(QUEUE) || []).filter(function (other) { return other.api !== item.api || other.path !== item.path; }));
  }

  /* Sends each queued mark in turn; one refused (not for want of a network) is dropped: sending it again won't help. */
  function sendQueued() {
    return (recall(QUEUE) || []).reduce(function (chain, item) {
      return chain.then(function () {
        return call(item.api, "PUT", item.path).then(function () { unqueue(item); }, function (error) {
          if (error.code !== "offline" && !(error.status >= 500)) unqueue(item);
        });
      });
    }, Promise.resolve());
  }

  function setUpLessonProgress(box) {
    var api = box.getAttribute("data-api"), course = box.getAttribute("data-course"), lesson = box.getAttribute("data-lesson");
    var path = "/progress/courses/" + encodeURIComponent(course);
    var mark = path + "/lessons/" + encodeURIComponent(lesson);
    function showQueued() {
      box.hidden = false;
      box.replaceChildren(el("p", { className: "hocso-progress__done", role: "status", text: TEXT.queued }));
    }
    function show(progress) {
      box.hidden = false;
      if (progress && progress.done.indexOf(lesson) !== -1) {
        box.replaceChildren(el("p", { className: "hocso-progress__done", role: "status", text: TEXT.done + " " + TEXT.courseProgress(progress.done.length, progress.lessons.length) }));
        return;
      }
      if (queued(api, mark)) { showQueued(); return; }
      var button = el("button", { type: "button", className: "md-button", text: TEXT.markDone });
      button.addEventListener("click", function () {
        button.disabled = true;
        call(api, "PUT", mark).then(show, function (error) {
          if (error.code === "offline") {
            remember(QUEUE, (recall(QUEUE) || []).concat([{ api: api, path: mark }]));
            showQueued();
            return;
          }
          button.disabled = false;
          box.appendChild(message(error.message, "error"));
        });
      });
      box.replaceChildren(button);
    }
    function signInAgain() {
      box.hidden = false;
      box.replaceChildren(message(TEXT.signedOut, "warning", el("a", { href: signInHere(), text: TEXT.signIn })));
    }
    // No network: the button still marks the lesson (queued). A token that ran out or was ended: sign in again, rather
    // than mark the lesson for a guest. The progress unread for a moment (busy, 5xx): the button still, whose mark says
    // what went wrong if it does again. No functions behind the site (404): the lesson stays a plain page.
    call(api, "GET", path).then(show, function (error) {
      if (error.status === 401) signInAgain();
      else if (error.code === "offline" || error.status === 429 || error.status >= 500) show(null);
    });
  }

  function setUpCourseProgress(box) {
    call(box.getAttribute("data-api"), "GET", "/progress/courses/" + encodeURIComponent(box.getAttribute("data-course"))).then(function (progress) {
      if (!session() && !progress.done.length) return;  // a passer-by who has read nothing: no "0/10" to greet them
      box.hidden = false;
      box.textContent = TEXT.courseProgress(progress.done.length, progress.lessons.length);
    }, function () { /* stays hidden */ });
  }

  /* ---------- offline: a service worker keeps opened pages, and a course when the learner asks (sw.js) ---------- */
  var siteRoot = (function () {
    var script = document.querySelector('script[src*="assets/hocso/hocso.js"]');
    return script ? new URL("../../", script.src) : new URL("/", location.href);
  })();

  /* What the worker keeps of itself: "manifest" (the build's offline.json) and "meta" (entries and chosen courses). */
  function workerRecord(name) {
    if (!window.caches) return Promise.resolve(null);
    return caches.open("hocso-meta").then(function (cache) { return cache.match(new URL("hocso-meta/" + name, siteRoot).href); })
      .then(function (hit) { return hit ? hit.json() : null; });
  }

  function sizeText(bytes) {
    if (bytes < 1024 * 1024) return Math.max(1, Math.round(bytes / 1024)) + " KB";
    return (bytes / 1024 / 1024).toFixed(1).replace(".", ",") + " MB";
  }

  /* The course page's offer: nothing is fetched for later until the learner presses it; once pressed, remembered. */
  function offerCourse(box, worker) {
    var id = box.getAttribute("data-course");
    var lessons = document.querySelectorAll("a.hocso-lesson-link").length;
    Promise.all([workerRecord("manifest"), workerRecord("meta")]).then(function (found) {
      var course = found[0] && found[0].courses[id], chosen = found[1] && found[1].courses[id];
      if (!course) return;
      box.hidden = false;
      if (chosen) { box.replaceChildren(message(TEXT.kept(lessons), "info")); return; }
      var button = el("button", { type: "button", className: "md-button", text: TEXT.keepCourse(sizeText(course.bytes)) });
      navigator.serviceWorker.addEventListener("message", function (event) {
        if (!event.data || event.data.type !== "kept" || event.data.course !== id) return;
        if (event.data.count) { box.replaceChildren(message(TEXT.kept(lessons), "info")); return; }
        button.disabled = false;
        box.replaceChildren(button, message(TEXT.notKept, "error"));
      });
      button.addEventListener("click", function () {
        button.disabled = true;
        worker.postMessage({ type: "keep-course", course: id });
      });
      box.replaceChildren(button);
    }).catch(function () { /* no record: no offer */ });
  }

  /* The offline page: what this device keeps, most recently opened first. */
  function listSaved(box) {
    Promise.all([workerRecord("manifest"), workerRecord("meta")]).then(function (found) {
      var titles = (found[0] && found[0].titles) || {}, entries = (found[1] && found[1].entries) || {};
      var pages = Object.keys(entries).filter(function (path) {
        return entries[path].page && path !== "ngoai-tuyen/" && path !== "404.html" && titles[path] !== undefined;
      }).sort(function (a, b) { return entries[b].opened - entries[a].opened; });
      box.replaceChildren(pages.length
        ? el("ul", { className: "hocso-saved__list" }, pages.map(function (path) {
            return el("li", {}, [el("a", { href: new URL(path, siteRoot).href, text: titles[path] })]);
          }))
        : el("p", { text: TEXT.nothingSaved }));
    }).catch(function () { box.replaceChildren(el("p", { text: TEXT.nothingSaved })); });
  }

  function setUpOffline() {
    var saved = document.querySelector(".hocso-saved");
    if (saved) listSaved(saved);
    document.querySelectorAll(".hocso-reload").forEach(function (button) {
      button.addEventListener("click", function () { location.reload(); });
    });
    if (!("serviceWorker" in navigator)) return;
    var cameFromWorker = Boolean(navigator.serviceWorker.controller);
    navigator.serviceWorker.register(new URL("sw.js", siteRoot).href).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var connection = navigator.connection;
      if (registration.active && connection) registration.active.postMessage({ type: "save-data", on: Boolean(connection.saveData) });
      // this page came before the worker was in charge: kept now, as the next ones will be
      if (registration.active && !cameFromWorker) registration.active.postMessage({ type: "keep-page", url: location.href.split("#")[0] });
      var box = document.querySelector(".hocso-offline[data-course]");
      if (box && registration.active) offerCourse(box, registration.active);
    }).catch(function () { /* no offline copy: the site still works online */ });
  }

  /* The not-found page: a short link from a poster that names no page was most likely mistyped. */
  function setUpNotFound(hint) {
    if (/\/q\/[^/]*\/?$/.test(location.pathname)) hint.hidden = false;
  }

  /* ---------- share: the phone's share sheet (Zalo…) where there is one, else copy the link ---------- */
  function setUpShare(button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-url"), title = button.getAttribute("data-title");
      var status = button.closest(".hocso-qr").querySelector(".hocso-share__status");
      if (navigator.share) {
        navigator.share({ title: title, url: url }).catch(function () { /* the visitor closed the sheet */ });
        return;
      }
      var done = function (text) { status.hidden = false; status.textContent = text; };
      if (navigator.clipboard) navigator.clipboard.writeText(url).then(function () { done(TEXT.copied); }, function () { done(TEXT.copyFailed); });
      else done(TEXT.copyFailed);
    });
  }

  /* Downloads a file the API serves only to the signed-in (a plain link would not carry the token). */
  function download(api, path, filename) {
    return fetch(api.replace(/\/$/, "") + path, { headers: headers({ "Accept": "*/*" }) }).then(function (response) {
      if (!response.ok) throw new Error(TEXT.offline);
      return response.blob();
    }).then(function (blob) {
      var link = el("a", { href: URL.createObjectURL(blob), download: filename });
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    });
  }

  /* ---------- the header: search on every page, and who is signed in (a link to "Khóa học của tôi" or to sign in,
     which brings the learner back here) ---------- */
  function searchIcon() {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg"), path = document.createElementNS(ns, "path");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    path.setAttribute("d", "M9.5 3a6.5 6.5 0 0 1 5.2 10.4l5.4 5.4-1.4 1.4-5.4-5.4A6.5 6.5 0 1 1 9.5 3m0 2a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9z");
    svg.appendChild(path);
    return svg;
  }

  /* The account page, which sends the reader back to this page once signed in (`?tiep=`). */
  function signInHere() {
    return new URL("tai-khoan/", siteRoot).href + "?tiep=" + encodeURIComponent(location.pathname + location.search);
  }

  function setUpAccountLink() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".hocso-account-link")) return;
    var kept = session();
    var search = el("a", { href: new URL("tim-kiem/", siteRoot).href, className: "hocso-search-link", "aria-label": TEXT.search, title: TEXT.search }, [searchIcon()]);
    var link = kept
      ? el("a", { href: new URL("cua-toi/", siteRoot).href, className: "hocso-account-link", text: kept.me.full_name })
      : el("a", { href: signInHere(), className: "hocso-account-link", text: TEXT.signIn });
    var before = header.querySelector(".md-header__source") || null;
    header.insertBefore(search, before);
    header.insertBefore(link, before);
  }

  /* Staff-only parts show to staff only: the administrators' menu to administrators, a focal official's list to the
     signed-in, the posters' downloads to administrators (`hocso-staff-only`). Marked on <html> for the stylesheet. */
  function setUpRoles() {
    var kept = session(), root = document.documentElement;
    root.classList.toggle("hocso-signed-in", !!kept);
    root.classList.toggle("hocso-is-admin", !!(kept && kept.me.role === "admin"));
    [["quan-tri/", "hocso-nav-admin"], ["dau-moi/", "hocso-nav-signed-in"]].forEach(function (pair) {
      var section = new URL(pair[0], siteRoot).pathname;
      document.querySelectorAll(".md-nav a[href]").forEach(function (a) {
        if (new URL(a.href, location.href).pathname !== section) return;
        var item = a.closest(".md-nav__item--nested") || a.closest(".md-nav__item");
        if (item) item.classList.add(pair[1]);
      });
    });
  }

  window.hocso = { el: el, message: message, call: call, remember: remember, recall: recall, session: session, download: download, siteRoot: function () { return siteRoot; } };

  function start() {
    document.querySelectorAll(".hocso-video").forEach(setUpVideo);
    document.querySelectorAll(".hocso-progress[data-lesson]").forEach(setUpLessonProgress);
    document.querySelectorAll(".hocso-progress[data-course]:not([data-lesson])").forEach(setUpCourseProgress);
    document.querySelectorAll(".hocso-share").forEach(setUpShare);
    document.querySelectorAll(".hocso-notfound__short").forEach(setUpNotFound);
    setUpAccountLink();
    setUpRoles();
    setUpOffline();
    sendQueued();
  }

  window.addEventListener("online", sendQueued);

  /* A lesson's table scrolls sideways inside the theme's wrapper on a phone: the wrapper takes the keyboard focus (so
     arrow keys scroll it) and is named, as a region, for screen readers. The theme wraps tables on each page it shows
     (document$, instant navigation included), so this runs after it on each of them. */
  function nameTables() {
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (wrap) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Bảng (kéo ngang nếu không thấy hết)");
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(nameTables);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", nameTables);
  else nameTables();

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
