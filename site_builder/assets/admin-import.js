/* hocso: the import page (quan-tri/nhap-du-lieu/). The list is uploaded once to the file store, then checked or
   imported by a background job (admin-jobs.js) whose progress the page draws; the job's id goes into the address, so a
   reload, or a phone that dropped the tab, shows the same job again. When it is done: what was read, the rows with
   problems, and the new accounts' slips to download. admin.js gives it the helpers it shares. */
(function () {
  "use strict";
  var n = function (value) { return window.hocsoFormat.count(value); };
  var TEXT = {
    chooseFile: "Hãy chọn tệp danh sách (.csv hoặc .xlsx).",
    uploading: "Đang tải tệp lên…",
    failed: "Công việc không hoàn thành. Hãy thử lại.",
    downloadFailed: "Không tải được tệp. Hãy thử lại.",
    checked: function (r) { return "Đã đọc " + n(r.rows) + " dòng: " + n(r.good) + " dòng hợp lệ, " + n(r.rows - r.good) + " dòng có lỗi."; },
    dryOk: "Tệp hợp lệ. Bấm “Nhập” để ghi vào hệ thống.",
    dryBad: "Chưa ghi gì vào hệ thống. Hãy sửa các dòng dưới đây trong tệp rồi kiểm tra lại.",
    notApplied: "Chưa nhập dòng nào vì tệp còn dòng lỗi (đã chọn “Chỉ nhập khi tất cả các dòng hợp lệ”). Hãy sửa tệp rồi nhập lại.",
    applied: function (kind, r) { return kind === "units" ? "Đã nhập: " + n(r.created) + " đơn vị mới, " + n(r.updated) + " đơn vị được cập nhật." : "Đã nhập: " + n(r.created) + " tài khoản mới, " + n(r.updated) + " người đã có tài khoản được cập nhật." + (r.reissued ? " " + n(r.reissued) + " tài khoản chưa có phiếu: đã cấp lại mã." : "") + (r.renewed ? " " + n(r.renewed) + " người đã học ở đợt trước được cấp lại cho đợt này, với hạn hoàn thành mới." : ""); },
    skipped: "Các dòng lỗi dưới đây đã được bỏ qua.",
    problems: "Các dòng có lỗi", problemHeaders: ["Dòng", "Cột", "Lỗi"],
    slips: function (count) { return "Mã kích hoạt của " + n(count) + " tài khoản mới chỉ có trên phiếu tài khoản: hãy tải, in và phát cho học viên."; },
    slipsPdf: "Tải phiếu tài khoản (PDF)", slipsCsv: "Tải danh sách tài khoản (CSV)",
    reload: "Có thể tải lại trang hoặc quay lại sau: công việc vẫn chạy trên máy chủ."
  };

  window.hocsoImport = function (kit) {
    var h = window.hocso, el = h.el;

    function result(jobs, job, dryRun) {
      var report = job.result, kind = job.kind.split(".")[0], bad = report.problems.length, text, tone = bad ? "warning" : "info";
      if (dryRun) text = TEXT.checked(report) + " " + (bad ? TEXT.dryBad : TEXT.dryOk);
      else if (!report.applied) text = TEXT.checked(report) + " " + TEXT.notApplied;
      else text = TEXT.applied(kind, report) + (bad ? " " + TEXT.skipped : "");
      var outcome = h.message(text, tone), nodes = [outcome];
      outcome.classList.add("hocso-admin__outcome");
      if (bad) nodes.push(kit.table(TEXT.problems, TEXT.problemHeaders, report.problems.map(function (p) { return [String(p.row), p.column, p.message]; })));
      if (report.batch) {
        var slips = el("div", { className: "hocso-admin__buttons hocso-admin__slips" }, [el("p", { text: TEXT.slips(report.created + (report.reissued || 0)) })]);
        var get = function (name) {
          return function () { jobs.fetchFile(job.id, name).catch(function (error) { slips.appendChild(h.message(error.message || TEXT.downloadFailed, "error")); }); };
        };
        slips.append(kit.button(TEXT.slipsPdf, true, get("slips.pdf")), kit.button(TEXT.slipsCsv, false, get("slips.csv")));
        nodes.push(slips);
      }
      return nodes;
    }

    return function setUp(root) {
      if (!kit.admin(root)) return;
      var api = root.getAttribute("data-api"), form = root.querySelector("form"), body = root.querySelector(".hocso-admin__body");
      var jobs = window.hocsoJobs(h, api), buttons = form.querySelectorAll("button[type=submit]"), dryRun = true;
      var sent = null;  // the file last uploaded and its upload id: checked then imported, it is uploaded once
      var kind = function () { return form.elements.kind.value; };
      var showKind = function () { form.querySelectorAll("[data-kind]").forEach(function (node) { node.hidden = node.getAttribute("data-kind") !== kind(); }); };
      var busy = function (on) { buttons.forEach(function (b) { b.disabled = on; }); };
      form.querySelectorAll("input[name=kind]").forEach(function (input) { input.addEventListener("change", showKind); });
      buttons.forEach(function (b) { b.addEventListener("click", function () { dryRun = b.value === "check"; }); });
      form.elements.file.addEventListener("change", function () { sent = null; });
      showKind();

      function watch(id, checking) {
        var meter = jobs.meter(), first = true;
        busy(true);
        body.replaceChildren(meter, el("p", { className: "hocso-admin__hint", text: TEXT.reload }));
        return jobs.follow(id, function (job) {
          if (first) { form.elements.kind.value = job.kind.split(".")[0]; showKind(); first = false; }
          meter.show(job);
        }).then(function (job) {
          if (job.state === "done") body.replaceChildren.apply(body, result(jobs, job, checking));
          else kit.message(body, (job.error && job.error.message) || TEXT.failed, "error");
        }, kit.fail(root, body)).then(function () { busy(false); });
      }

      function uploaded(file, again) {
        if (sent && sent.file === file && !again) return Promise.resolve(sent.id);
        return jobs.upload(file).then(function (id) { sent = { file: file, id: id }; return id; });
      }

      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var file = form.elements.file.files[0], chosen = kind(), checking = dryRun;
        if (!file) return kit.message(body, TEXT.chooseFile, "error");
        var asked = { kind: chosen + ".import", mode: form.elements.mode.value, dry_run: checking };
        if (chosen === "learners") Object.assign(asked, { cohort: form.elements.cohort.value.trim() || undefined, working_days: parseInt(form.elements.working_days.value, 10) });
        var run = function (again) {
          return uploaded(file, again).then(function (id) { return jobs.start(Object.assign({ upload_id: id }, asked)); });
        };
        busy(true);
        kit.message(body, TEXT.uploading, "info");
        // An upload kept from an earlier check may have been cleared from the store since: uploaded again, once.
        run(false).catch(function (error) { if (error.code === "upload_not_found" && sent) return run(true); throw error; }).then(function (job) {
          history.replaceState(null, "", kit.query({ job: job.id, dry_run: checking ? "1" : "" }));
          return watch(job.id, checking);
        }, function (error) { kit.fail(root, body)(error); busy(false); });
      });

      var asked = kit.params(["job", "dry_run"]);
      if (asked.job) watch(asked.job, asked.dry_run === "1");
    };
  };
})();
