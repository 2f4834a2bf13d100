/* hocso: the administrators' pages under quan-tri/: the dashboard (figures against the targets, two charts drawn as
   inline SVG, drill-down by unit, the report as XLSX or CSV and the certificates as a ZIP, each made by a background
   job), the learners and one learner in full (a new activation code, a certificate revoked), and the audit trail. Uses
   window.hocso from hocso.js, the charts of admin-charts.js, the jobs of admin-jobs.js and the import page of
   admin-import.js.
   Filters are plain GET forms, so every view has its own address and the back button works. */
(function () {
  "use strict";
  var h = window.hocso, el = h.el, f = window.hocsoFormat, percent = f.percent, day = f.day;
  var PAGE = 50;
  var FIGURES = [["issued", "Số tài khoản được cấp"], ["activated", "Đã kích hoạt"], ["started", "Đã bắt đầu học"],
    ["lessons_done", "Hoàn thành bài học"], ["passed", "Đạt bài kiểm tra"], ["classroom", "Hoàn thành trực tiếp"], ["certified", "Được cấp giấy chứng nhận"], ["overdue", "Quá hạn"]];
  var TEXT = {
    signInFirst: "Trang này dành cho quản trị viên. Bạn chưa đăng nhập. ",
    notAdmin: function (me) { return "Trang này dành cho quản trị viên; tài khoản " + me.username + " không phải tài khoản quản trị. "; },
    signIn: "Đăng nhập bằng tài khoản quản trị",
    loading: "Đang tải…",
    otherUnit: function (code) { return "Đơn vị mã " + code; },
    asOf: function (view) { return "Số liệu đến hết ngày " + day(view.as_of) + (view.course_title ? ", khóa học “" + view.course_title + "”" : ", mọi khóa học") + (view.cohort ? ", " + view.cohort : "") + "."; },
    rate: function (row) { var s = row.staffing; return s.staff ? "Tỷ lệ hoàn thành trên số biên chế: " + percent(s.completion) + " (" + f.count(s.passed) + " / " + f.count(s.staff) + " biên chế) — chỉ tiêu " + percent(s.target) + ": " : "Tỷ lệ đạt trên tài khoản được cấp: " + percent(row.rate) + ". Đánh giá: "; },
    verdict: { "true": "Đạt chỉ tiêu", "false": "Chưa đạt", "null": "Chưa có số liệu", nostaff: "Chưa có số biên chế", optional: "Không bắt buộc" },
    required: function (view) { return view.required_for.length ? "Khóa học bắt buộc đối với: " + view.required_for.map(function (c) { return c.label; }).join("; ") + ". Chỉ các đối tượng này được xét đạt chỉ tiêu." : "Khóa học không bắt buộc đối với đối tượng nào: không xét đạt chỉ tiêu."; },
    unstaffed: function (n) { return n + " đơn vị đã cấp tài khoản nhưng chưa có số biên chế: chưa xét đạt chỉ tiêu."; },
    inMonth: function (month, n) { return "Trong tháng " + day(month) + ": " + n.issued + " tài khoản được cấp, " + n.passed + " lượt đạt bài kiểm tra, " + n.certified + " giấy chứng nhận, " + n.overdue + " người trở thành quá hạn."; },
    up: "← Về đơn vị cấp trên",
    xlsx: "Tải báo cáo Excel (XLSX)", csv: "Tải báo cáo CSV", zip: "Tải giấy chứng nhận (ZIP)",
    preparing: "Đang chuẩn bị tệp…", gathering: "Đang gom giấy chứng nhận",
    zipNote: function (view) { return "Tệp ZIP gồm các giấy chứng nhận còn hiệu lực của đơn vị này và các đơn vị trực thuộc" + (view.course_title ? ", khóa học “" + view.course_title + "”" : "") + " (tối đa 10.000 giấy)."; },
    downloadFailed: "Không tải được tệp. Hãy thử lại.", failed: "Không tạo được tệp. Hãy thử lại.",
    reachTitle: "Người dân tiếp cận (toàn hệ thống, 30 ngày qua)",
    reach: function (r) { return f.count(r.opens) + " lượt mở trang, " + f.count(r.scans) + " lượt quét mã QR (đếm ẩn danh, không lưu thông tin cá nhân)."; },
    reachTop: "Trang được mở nhiều nhất",
    unitsTitle: "Số liệu theo đơn vị", drill: "Bấm vào một đơn vị để xem các đơn vị trực thuộc.",
    unitsHeaders: ["Đơn vị", "Biên chế", "Đã cấp", "Kích hoạt", "Bắt đầu học", "Học xong", "Đạt", "Hoàn thành trực tiếp", "Cấp GCN", "Quá hạn", "Hoàn thành / biên chế", "Tỷ lệ đạt / tài khoản", "Chỉ tiêu", "Đánh giá"],
    round: function (view) { var r = view.round, p = view.previous_round; return r.name + " (" + day(r.first) + " – " + day(r.last) + "): chỉ tính các bước trong đợt, so với số biên chế năm " + r.code + ". Đợt trước: " + p.name + " (" + day(p.first) + " – " + day(p.last) + ")."; },
    before: function (view, b) { return "Đợt trước (" + view.previous_round.name + "): " + f.count(b.issued) + " tài khoản được cấp, " + f.count(b.passed) + " lượt đạt" + (b.completion === null ? ", chưa có số biên chế." : ", hoàn thành " + percent(b.completion) + " trên biên chế."); },
    beforeHeaders: function (p) { return ["Cấp TK đợt " + p.code, "Đạt đợt " + p.code, "Hoàn thành đợt " + p.code]; },
    categoryHeaders: function (c) { var s = c.short + (c.required === true ? " (bắt buộc)" : c.required === false ? " (không bắt buộc)" : ""); return ["Biên chế " + s, "Đạt " + s, "Hoàn thành " + s]; },
    found: function (p) { return "Tìm thấy " + p.total + " học viên" + (p.total > p.learners.length ? ", đang xem " + (p.offset + 1) + "–" + (p.offset + p.learners.length) : "") + "."; },
    none: "Không có học viên nào phù hợp.", learners: "Danh sách học viên",
    learnerHeaders: ["Họ và tên", "Tên đăng nhập", "Đơn vị", "Chức vụ", "Đợt", "Tài khoản", "Hạn hoàn thành", "Giấy chứng nhận"],
    activated: "Đã kích hoạt", notActivated: "Chưa kích hoạt", overdue: " (quá hạn)",
    previous: "← Trang trước", next: "Trang sau →", back: "← Danh sách học viên",
    details: [["username", "Tên đăng nhập"], ["unit_name", "Đơn vị"], ["position", "Chức vụ"], ["cohort", "Đợt học"], ["phone", "Số điện thoại"],
      ["email", "Email"], ["external_id", "Số CCCD / mã cán bộ"], ["issued_on", "Ngày cấp tài khoản"], ["deadline", "Hạn hoàn thành"]],
    state: function (l) { return (l.activated ? "Đã kích hoạt ngày " + day(l.activated_at) : "Chưa kích hoạt") + (l.overdue ? "; đã quá hạn mà chưa hoàn thành" : "") + (l.locked_until && new Date(l.locked_until) > new Date() ? "; đăng nhập từ máy lạ đang phải chờ vì nhập sai mật khẩu nhiều lần (máy đã từng đăng nhập vẫn vào được)" : "") + "."; },
    stateLabel: "Trạng thái",
    lessons: function (c) { return "Bài học: đã học " + c.lessons_done + "/" + c.lessons_total + " bài."; },
    attempts: function (c) { return c.attempts ? "Bài kiểm tra: " + c.attempts + " lượt, điểm cao nhất " + percent(c.best_percent) + " — " + (c.passed ? "ĐẠT." : "chưa đạt.") : "Bài kiểm tra: chưa làm."; },
    certificate: function (c) { return "Giấy chứng nhận số " + c.number + (c.status === "revoked" ? " (đã bị thu hồi)." : " (còn hiệu lực)."); },
    noCertificate: "Chưa có giấy chứng nhận.",
    verify: "Xem trang xác minh", pdf: "Tải giấy chứng nhận (PDF)",
    reason: function (n) { return "Lý do thu hồi giấy chứng nhận số " + n + " (hiện trên trang xác minh)"; },
    revoke: "Thu hồi giấy chứng nhận",
    revokeNote: "Thu hồi không hủy được. Lý do hiện công khai: ghi ngắn gọn, không ghi thông tin cá nhân.",
    resetTitle: "Cấp lại mã kích hoạt",
    resetNote: "Khi học viên quên mật khẩu hoặc mất phiếu: mật khẩu cũ bị xóa, học viên dùng mã mới để đặt mật khẩu mới tại trang Tài khoản học tập.",
    resetDone: function (r) { return "Mã kích hoạt mới của tài khoản " + r.username + ": "; },
    resetHandOver: " Hãy trao mã này cho học viên; mã chỉ hiện một lần.",
    audit: "Nhật ký truy cập", auditHeaders: ["Thời gian", "Quản trị viên", "Hành động", "Đối tượng", "Chi tiết"],
    noAudit: "Chưa có hoạt động nào được ghi lại."
  };

  /* ---------- shared: addresses, messages, tables ---------- */

  function params(names) {
    var found = new URLSearchParams(location.search), out = {};
    names.forEach(function (name) { var value = (found.get(name) || "").trim(); if (value) out[name] = value; });
    return out;
  }

  function query(values) {
    var out = new URLSearchParams();
    Object.keys(values).forEach(function (key) { if (values[key] !== undefined && values[key] !== "") out.set(key, values[key]); });
    return out.toString() ? "?" + out.toString() : "";
  }

  function message(box, text, kind, extra) {
    var node = h.message(text, kind, extra);
    box.replaceChildren(node);
    return node;
  }

  function fail(root, box) {
    return function (error) {
      message(box, error.message + " ", "error", error.status === 401 ? el("a", { href: root.getAttribute("data-account"), text: TEXT.signIn }) : null);
    };
  }

  /* The signed-in administrator, or null after saying the page is theirs only (with a way to sign in). */
  function admin(root) {
    var kept = h.session();
    if (kept && kept.me.role === "admin") return kept.me;
    var link = el("a", { href: root.getAttribute("data-account"), text: TEXT.signIn });
    message(root, kept ? TEXT.notAdmin(kept.me) : TEXT.signInFirst, "warning", link).setAttribute("role", "alert");  // it stands for the whole page: said at once
    return null;
  }

  function table(caption, headers, rows, numeric) {
    var head = el("tr", {}, headers.map(function (text, n) { return el("th", { scope: "col", className: numeric && n ? "hocso-admin__num" : "", text: text }); }));
    var body = rows.map(function (cells) {
      return el("tr", {}, cells.map(function (cell, n) { return el("td", { className: numeric && n ? "hocso-admin__num" : "" }, [cell === null || cell === undefined ? "—" : typeof cell === "object" ? cell : String(cell)]); }));
    });
    return el("div", { className: "hocso-admin__scroll", tabindex: "0", role: "region", "aria-label": caption }, [
      el("table", { className: "hocso-admin__table hocso-admin__cards" }, [el("caption", { text: caption }), el("thead", {}, [head]), el("tbody", {}, body)])
    ]);
  }

  function button(text, primary, action) {
    var node = el("button", { type: "button", className: "md-button" + (primary ? " md-button--primary" : ""), text: text });
    node.addEventListener("click", action);
    return node;
  }

  function downloader(api, box, path, filename) {
    return function () {
      h.download(api, path, filename).catch(function () { box.appendChild(h.message(TEXT.downloadFailed, "error")); });
    };
  }

  /* A button that has a job make a file (the report, the certificates' ZIP), shows how it goes beside the buttons,
     then downloads the file through its link; a refusal (too many certificates) is said where the bar was. */
  function exporter(api, box, text, primary, asked, label) {
    var jobs = window.hocsoJobs(h, api), node = button(text, primary, function () {
      var meter = jobs.meter(label), place = el("div", { className: "hocso-admin__export" }, [meter]);
      node.disabled = true;
      box.appendChild(place);
      jobs.start(asked).then(function (job) { meter.show(job); return jobs.follow(job.id, meter.show); }).then(function (job) {
        if (job.state !== "done") throw new Error((job.error && job.error.message) || TEXT.failed);
        return jobs.fetchFile(job.id, job.files[0].name);
      }).then(function () { place.remove(); }, function (error) {
        place.replaceChildren(h.message(error.message || TEXT.downloadFailed, "error"));
      }).then(function () { node.disabled = false; });
    });
    return node;
  }

  /* Fills a form's fields from the address and its unit picker with the administrator's subtree, indented by level. */
  function fillForm(api, form, wanted, me) {
    filters.months(form.elements.month, wanted.month);
    Object.keys(wanted).forEach(function (name) { var field = form.elements[name]; if (field && name !== "unit") field.value = wanted[name]; });
    filters.cohorts(api, form.elements.cohort, wanted);
    var select = form.elements.unit;
    if (!select) return;
    h.call(api, "GET", "/admin/units").then(function (units) {
      var known = {}, children = {}, options = [];
      units.forEach(function (unit) { known[unit.code] = true; (children[unit.parent] = children[unit.parent] || []).push(unit); });
      (function walk(list, depth) {
        list.forEach(function (unit) {
          options.push(el("option", { value: unit.code, text: "\u00a0\u00a0\u00a0".repeat(depth) + unit.name }));
          walk(children[unit.code] || [], depth + 1);
        });
      })(units.filter(function (unit) { return !known[unit.parent]; }), 0);
      if (wanted.unit && !known[wanted.unit]) options.push(el("option", { value: wanted.unit, text: TEXT.otherUnit(wanted.unit) }));
      select.replaceChildren.apply(select, options);
      select.value = wanted.unit || me.unit_code;
    }, function () { select.replaceChildren(el("option", { value: wanted.unit || "", text: wanted.unit || me.unit_name })); });
  }

  function start(root, names, show) {
    var me = admin(root);
    if (!me) return;
    var api = root.getAttribute("data-api"), body = root.querySelector(".hocso-admin__body"), wanted = params(names);
    var form = root.querySelector("form.hocso-admin__filters");
    if (form && !form.closest("[hidden]")) fillForm(api, form, wanted, me);
    body.replaceChildren(el("p", { role: "status", text: TEXT.loading }));
    show(api, body, wanted, me, root);
  }

  var charts = window.hocsoCharts({ el: el, table: table }), filters = window.hocsoFilters(h);
  var headcounts = window.hocsoHeadcounts({ el: el });

  /* ---------- Bảng điều khiển ---------- */
  function showReport(api, body, wanted, me, page) {
    h.call(api, "GET", "/admin/reports" + query(wanted)).then(function (view) {
      var root = view.rows[0], children = view.rows.filter(function (row) { return row.level === 1; });
      var link = function (code) { return query(Object.assign({}, wanted, { unit: code })); };
      var figures = el("dl", { className: "hocso-admin__figures" }, FIGURES.map(function (pair) {
        return el("div", {}, [el("dt", { text: pair[1] }), el("dd", { "data-figure": pair[0], text: f.count(root.total[pair[0]]) })]);
      }));
      var verdict = staffVerdict(view, root);
      var nodes = [
        el("h2", { text: root.name }),
        root.code !== me.unit_code && root.parent_code ? el("p", {}, [el("a", { href: link(root.parent_code), text: TEXT.up })]) : null,
        el("p", { text: TEXT.asOf(view) }),
        view.required_for ? el("p", { "data-required-for": view.required_for.map(function (c) { return c.code; }).join(" "), text: TEXT.required(view) }) : null,
        figures,
        el("p", { className: "hocso-admin__verdict hocso-admin__verdict--" + verdict, "data-verdict": verdict }, [verdict === "optional" ? "" : TEXT.rate(root), el("strong", { text: TEXT.verdict[verdict] })]),
        root.staffing.unstaffed ? el("p", { className: "hocso-admin__hint", "data-unstaffed": root.staffing.unstaffed, text: TEXT.unstaffed(root.staffing.unstaffed) }) : null,
        view.month && root.in_month ? el("p", { text: TEXT.inMonth(view.month, root.in_month) }) : null,
        view.round ? el("p", { "data-round": view.round.code, text: TEXT.round(view) }) : null,
        root.before ? el("p", { "data-before": view.previous_round.code, text: TEXT.before(view, root.before) }) : null
      ];
      var downloads = el("div", { className: "hocso-admin__buttons hocso-admin__downloads" });
      var report = function (format) { return Object.assign({ kind: "report", format: format }, wanted); };
      downloads.append(exporter(api, downloads, TEXT.xlsx, true, report("xlsx"), TEXT.preparing),
                       exporter(api, downloads, TEXT.csv, false, report("csv"), TEXT.preparing),
                       exporter(api, downloads, TEXT.zip, false, { kind: "certificates.zip", unit: root.code, course: wanted.course }, TEXT.gathering),
                       el("p", { className: "hocso-admin__hint", text: TEXT.zipNote(view) }));
      nodes.push(downloads);
      if (children.length) nodes.push(charts.rate(children));
      if (view.series.length) nodes.push(charts.passed(view.series));
      // Categories as columns once any learner has one: a "Không rõ" column alone would repeat the totals.
      var columns = view.categories.some(function (c) { return c.code !== "khong-ro"; }) ? view.categories : [];
      var headers = TEXT.unitsHeaders.concat.apply(TEXT.unitsHeaders, columns.map(TEXT.categoryHeaders));
      if (view.previous_round) headers = headers.concat(TEXT.beforeHeaders(view.previous_round));  // last year beside
      var units = table(TEXT.unitsTitle, headers, view.rows.map(function (row, n) {
        var name = n ? el("a", { href: link(row.code), text: row.name }) : el("strong", { text: row.name });
        var s = row.staffing, nostaff = TEXT.verdict.nostaff;
        var cells = [name, s.staff ? s.staff : "—"].concat(FIGURES.map(function (pair) { return row.total[pair[0]]; }),
          [s.staff ? percent(s.completion) : view.judged ? nostaff : TEXT.verdict.optional, percent(row.rate), percent(s.staff ? s.target : row.target), TEXT.verdict[staffVerdict(view, row)]]);
        columns.forEach(function (c) {
          var its = s.by_category[c.code], share = row.by_category[c.code];
          var judged = c.required === false ? TEXT.verdict.optional : its ? percent(its.completion) : share && share.issued ? nostaff : "—";  // a course's not-required category is not judged
          cells.push(its ? its.staff : "—", its ? its.passed : share ? share.passed : 0, judged);
        });
        var b = row.before;
        if (view.previous_round) cells.push(b ? b.issued : "—", b ? b.passed : "—", b && b.completion !== null ? percent(b.completion) : "—");
        return cells;
      }), true);
      units.querySelectorAll("tbody tr").forEach(function (tr, n) {
        tr.firstChild.classList.add("hocso-admin__level-" + Math.min(view.rows[n].level, 4));
        if (!n) return;
        tr.classList.add("hocso-admin__drill");
        tr.addEventListener("click", function (event) { if (!event.target.closest("a")) location.href = tr.querySelector("a").href; });
      });
      if (view.rows.length > 1) nodes.push(el("p", { className: "hocso-admin__key", text: TEXT.drill }));
      nodes.push(units);
      var staff = el("section", { className: "hocso-admin__staff" });
      if (root.code) { nodes.push(staff); headcounts.form(api, staff, root.code, view.year); }
      body.replaceChildren.apply(body, nodes.filter(Boolean));
      showReach(api, body, page.getAttribute("data-names"));
    }, fail(page, body));
  }

  /* "Đạt" is judged on completion against the staff in post; a unit with accounts but no headcount says so, and a
     course report judges only the categories its course is required for (none: "Không bắt buộc"). */
  function staffVerdict(view, row) {
    if (!view.judged) return "optional";
    if (!row.staffing.staff) return row.total.issued ? "nostaff" : "null";
    return String(row.staffing.on_track);
  }

  /* Citizens reached through the site and the posters' QR codes in the last 30 days (anonymous counts, all units),
     each page by its title and each poster's place by its name (`names`: the site's published names). */
  function showReach(api, body, names) {
    var to = new Date(), from = new Date(to.getTime() - 29 * 86400000);
    var iso = function (d) { return d.toLocaleDateString("sv-SE", { timeZone: "Asia/Ho_Chi_Minh" }); };
    // The summary's first page holds the most reached ids, so five of them are the top five.
    Promise.all([h.call(api, "GET", "/events/summary?from=" + iso(from) + "&to=" + iso(to) + "&limit=5"), filters.names(names)]).then(function (found) {
      var reach = found[0], top = reach.ids;
      body.append(el("section", { className: "hocso-admin__reach" }, [
        el("h3", { text: TEXT.reachTitle }), el("p", { "data-reach": "total", text: TEXT.reach(reach) }),
        top.length ? filters.reachTable(table, TEXT.reachTop, top, found[1]) : null, filters.placePosters(names, found[1])
      ].filter(Boolean)));
    }, function () { /* no counter here: the report stands alone */ });
  }

  /* ---------- Học viên: a page of the list, or one learner (?id=) ---------- */
  function showLearners(api, body, wanted, me, root) {
    var offset = Math.max(0, parseInt(wanted.offset, 10) || 0), filters = Object.assign({}, wanted);
    delete filters.offset;
    h.call(api, "GET", "/admin/learners" + query(Object.assign({ limit: PAGE, offset: offset }, filters))).then(function (page) {
      if (!page.total) return message(body, TEXT.none, "info");
      var rows = page.learners.map(function (l) {
        return [el("a", { href: query({ id: l.learner_id }), text: l.full_name }), l.username, l.unit_name, l.position || null, l.cohort,
          (l.activated ? TEXT.activated : TEXT.notActivated), day(l.deadline) + (l.overdue ? TEXT.overdue : ""), String(l.certificates)];
      });
      var pager = el("p", { className: "hocso-admin__pager" }, [
        offset > 0 ? el("a", { href: query(Object.assign({ offset: Math.max(0, offset - PAGE) }, filters)), text: TEXT.previous }) : null,
        offset + PAGE < page.total ? el("a", { href: query(Object.assign({ offset: offset + PAGE }, filters)), text: TEXT.next }) : null
      ]);
      body.replaceChildren(el("p", { role: "status", text: TEXT.found(page) }), table(TEXT.learners, TEXT.learnerHeaders, rows), pager);
    }, fail(root, body));
  }

  function courseStanding(api, root, course, reload) {
    var c = course.certificate, box = el("section", { className: "hocso-admin__course" }, [
      el("h3", { text: course.title }), el("p", { text: TEXT.lessons(course) + " " + TEXT.attempts(course) }),
      el("p", { text: c ? TEXT.certificate(c) : TEXT.noCertificate })
    ]);
    if (!c) return box;
    box.appendChild(el("div", { className: "hocso-admin__buttons" }, [
      button(TEXT.pdf, false, downloader(api, box, "/certificates/" + c.number + "/pdf", c.number.slice(0, 12) + ".pdf")),
      el("a", { href: root.getAttribute("data-verify") + "?so=" + encodeURIComponent(c.number), text: TEXT.verify })
    ]));
    if (c.status !== "valid") return box;
    var id = "hocso-admin-reason-" + course.course_id;
    var form = el("form", { className: "hocso-form hocso-admin__revoke" }, [
      el("label", { "for": id, text: TEXT.reason(c.number) }), el("input", { id: id, name: "reason", minlength: "3", maxlength: "500", required: "" }),
      el("p", { className: "hocso-admin__hint", text: TEXT.revokeNote }),
      el("button", { type: "submit", className: "md-button", text: TEXT.revoke })
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      form.querySelector("button").disabled = true;
      h.call(api, "POST", "/certificates/" + c.number + "/revoke", { reason: form.elements.reason.value.trim() }).then(reload, function (error) {
        form.querySelector("button").disabled = false;
        form.appendChild(h.message(error.message, "error"));
      });
    });
    box.appendChild(form);
    return box;
  }

  function showLearner(api, body, id, root) {
    var reload = function () { showLearner(api, body, id, root); };
    h.call(api, "GET", "/admin/learners/" + encodeURIComponent(id)).then(function (l) {
      var facts = TEXT.details.concat([["state", TEXT.stateLabel]]).map(function (pair) {
        var value = pair[0] === "state" ? TEXT.state(l) : /_on$|deadline/.test(pair[0]) ? day(l[pair[0]]) : l[pair[0]] || "—";
        return el("div", {}, [el("dt", { text: pair[1] }), el("dd", { text: value })]);
      });
      var outcome = el("div"), reset = button(TEXT.resetTitle, false, function () {
        reset.disabled = true;
        h.call(api, "POST", "/accounts/" + encodeURIComponent(id) + "/reset").then(function (answer) {
          message(outcome, TEXT.resetDone(answer), "info", el("span", {}, [el("strong", { className: "hocso-admin__code", text: answer.activation_code }), TEXT.resetHandOver]));
        }, function (error) { reset.disabled = false; message(outcome, error.message, "error"); });
      });
      body.replaceChildren.apply(body, [
        el("p", {}, [el("a", { href: "./", text: TEXT.back })]), el("h2", { text: l.full_name }),
        el("dl", { className: "hocso-admin__facts" }, facts)
      ].concat(l.courses.map(function (course) { return courseStanding(api, root, course, reload); }), [
        el("section", { className: "hocso-admin__reset" }, [el("h3", { text: TEXT.resetTitle }), el("p", { text: TEXT.resetNote }), reset, outcome])
      ]));
    }, fail(root, body));
  }

  /* ---------- Nhật ký truy cập ---------- */
  function showAudit(api, body, wanted, me, root) {
    h.call(api, "GET", "/admin/audit" + query(wanted)).then(function (entries) {
      if (!entries.length) return message(body, TEXT.noAudit, "info");
      body.replaceChildren(table(TEXT.audit, TEXT.auditHeaders, entries.map(function (e) {
        return [f.moment(e.at), e.admin_username || "—", e.label, e.target, e.detail];
      })));
    }, fail(root, body));
  }

  function setUp() {
    var node;
    if ((node = document.getElementById("hocso-admin-dashboard"))) start(node, ["unit", "course", "cohort", "round", "month", "category"], showReport);
    if ((node = document.getElementById("hocso-admin-import"))) window.hocsoImport({ admin: admin, message: message, fail: fail, table: table, button: button, query: query, params: params })(node);
    if ((node = document.getElementById("hocso-admin-audit"))) start(node, ["unit"], showAudit);
    if ((node = document.getElementById("hocso-admin-learners"))) {
      var id = params(["id"]).id;  // one learner in full, or the list
      node.querySelector(".hocso-admin__fold").hidden = !!id;
      start(node, id ? [] : ["unit", "cohort", "q", "offset"], id ? function (api, body, wanted, me, root) { showLearner(api, body, id, root); } : showLearners);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
