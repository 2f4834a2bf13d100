/* hocso: bulk work as background jobs, for the administrators' pages. A list is uploaded straight to the file store
   with the signed form the API gives (S3 on AWS, the local server on one machine), a job is started, and its
   progress is polled and drawn (a <progress> bar and the step in Vietnamese) until it is done or has failed; a
   finished job's file is fetched through a signed link, which needs no token. admin.js uses these on the import page
   and the dashboard. */
(function () {
  "use strict";
  var FIRST = 1000, LAST = 3000;  // poll every second at first, then back off to every three: a province's import takes minutes
  var TEXT = {
    uploadFailed: "Không tải được tệp lên. Hãy kiểm tra kết nối mạng rồi thử lại.",
    fileUnreadable: "Không đọc được tệp trên máy (tệp vừa được sửa hoặc di chuyển?). Hãy chọn lại tệp.",
    of: function (job) { return ": " + count(job.done) + " / " + count(job.total); },
    progress: "Tiến độ", queued: "Đang chờ xử lý"
  };

  function count(n) { return window.hocsoFormat.count(n); }

  window.hocsoJobs = function (h, api) {
    var el = h.el;

    /* The file posted to the form `POST /admin/uploads` gives: its fields in order, then the file; no token, since on
       AWS the form goes to S3. Read first, so a file changed on disk since it was chosen says so. Its upload id. */
    function upload(file) {
      return file.arrayBuffer().then(null, function () { throw new Error(TEXT.fileUnreadable); }).then(function (data) {
        return h.call(api, "POST", "/admin/uploads", { filename: file.name, size: data.byteLength }).then(function (form) {
          var body = new FormData();
          Object.keys(form.fields).forEach(function (name) { body.append(name, form.fields[name]); });
          body.append("file", new Blob([data]), file.name);
          return fetch(form.url, { method: "POST", body: body }).then(function (response) {
            if (response.ok) return form.upload_id;
            // The local server answers the API's error (a file too large); S3 answers XML, said plainly here.
            return response.json().then(function (answer) { return answer.error.message; }, function () { return TEXT.uploadFailed; })
              .then(function (text) { throw new Error(text || TEXT.uploadFailed); });
          }, function () { throw new Error(TEXT.uploadFailed); });
        });
      });
    }

    function start(asked) { return h.call(api, "POST", "/admin/jobs", asked); }

    /* Polls the job until it is done or has failed, telling `seen(job)` each time; resolves with the last view. A
       dropped connection (a phone going through a tunnel) is waited out; a refusal (signed out, no such job) ends. */
    function follow(id, seen) {
      var wait = FIRST;
      return new Promise(function (resolve, reject) {
        (function ask() {
          h.call(api, "GET", "/admin/jobs/" + encodeURIComponent(id)).then(function (job) {
            seen(job);
            if (job.state === "done" || job.state === "failed") return resolve(job);
            setTimeout(ask, wait);
            wait = Math.min(LAST, wait * 1.3);
          }, function (error) {
            if (error.code !== "offline") return reject(error);
            setTimeout(ask, LAST);
          });
        })();
      });
    }

    /* A bar and a line saying the job's step (or `label`, said instead) and count; `show(job)` redraws it. Without
       a count to show (no total yet, or every row counted while a step that counts nothing goes on: the slips), the
       bar moves without a figure (an indeterminate <progress>), so it never stands full while work remains. */
    function meter(label) {
      var bar = el("progress", { "aria-label": label || TEXT.progress }), line = el("span", { text: label || TEXT.queued });
      var node = el("div", { className: "hocso-admin__job", role: "status" }, [line, bar]);
      node.show = function (job) {
        if (job.state === "done") { line.textContent = job.phase_label; bar.max = 1; bar.value = 1; return node; }
        var counted = job.total && job.done < job.total;
        line.textContent = (label || job.phase_label) + (counted ? TEXT.of(job) : "");
        if (counted) { bar.max = job.total; bar.value = job.done; }
        else bar.removeAttribute("value");
        return node;
      };
      return node;
    }

    /* Asks for a link to one of a finished job's files (audited) and follows it: the file comes with its name. */
    function fetchFile(id, name) {
      return h.call(api, "POST", "/admin/jobs/" + encodeURIComponent(id) + "/files/" + name).then(function (link) {
        var a = el("a", { href: link.url, download: "" });
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { a.remove(); }, 1000);
      });
    }

    return { upload: upload, start: start, follow: follow, meter: meter, fetchFile: fetchFile };
  };
})();
