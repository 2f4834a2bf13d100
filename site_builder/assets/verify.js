/* hocso: the verification page. Looks a certificate number up, then checks its Ed25519 signature here, in the
   browser, against the key set published with the site: a certificate whose name, score or date was changed fails
   even if the server were wrong. Uses window.hocso from hocso.js. */
(function () {
  "use strict";
  var h = window.hocso, el = h.el, f = window.hocsoFormat;

  var TEXT = {
    checking: "Đang kiểm tra…",
    valid: "HỢP LỆ: giấy chứng nhận do đơn vị cấp và chữ ký số đúng.",
    revoked: function (r) { return "ĐÃ BỊ THU HỒI ngày " + f.day(r.revoked_at) + ". Lý do: " + r.revoked_reason; },
    tampered: "KHÔNG HỢP LỆ: chữ ký số không khớp với nội dung. Giấy này có thể đã bị sửa đổi.",
    unknown: "Không tìm thấy giấy chứng nhận với số này. Hãy kiểm tra lại số in trên giấy.",
    noCrypto: "Trình duyệt này không kiểm tra được chữ ký số; kết quả dưới đây do máy chủ trả lời.",
    fields: [["learner_name", "Họ và tên"], ["unit_name", "Đơn vị"], ["course_title", "Khóa học"], ["issued_on", "Ngày cấp"],
             ["score_percent", "Kết quả bài kiểm tra"], ["round", "Đợt đào tạo"], ["issuer", "Đơn vị cấp"], ["number", "Số giấy chứng nhận"]]
  };

  function bytes(b64) {
    var text = atob(b64.replace(/-/g, "+").replace(/_/g, "/") + "==".slice(0, (4 - b64.length % 4) % 4));
    return Uint8Array.from(text, function (c) { return c.charCodeAt(0); });
  }

  /* The text the server signed (signing.canonical_json; tests/vectors/canonical.json holds both to it): RFC 8785, keys
     sorted by UTF-16 code units as sort() does, numbers as JSON.stringify writes them, no spaces; every string in NFC,
     and a member that is null (a field unset on older certificates) left out. */
  function canonical(value) {
    if (typeof value === "string") return JSON.stringify(value.normalize("NFC"));
    if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
    if (value === null || typeof value !== "object") return JSON.stringify(value);
    var members = Object.create(null);  // a key named __proto__ stays a key
    Object.keys(value).forEach(function (key) { if (value[key] !== null && value[key] !== undefined) members[key.normalize("NFC")] = value[key]; });
    return "{" + Object.keys(members).sort().map(function (key) { return JSON.stringify(key) + ":" + canonical(members[key]); }).join(",") + "}";
  }

  function checkSignature(keysUrl, record) {
    if (!(window.crypto && crypto.subtle)) return Promise.resolve(null);
    return fetch(keysUrl).then(function (response) { return response.json(); }).then(function (set) {
      var jwk = set.keys.filter(function (k) { return k.kid === record.certificate.key_id; })[0];
      if (!jwk) return false;
      return crypto.subtle.importKey("jwk", jwk, { name: "Ed25519" }, false, ["verify"]).then(function (key) {
        return crypto.subtle.verify({ name: "Ed25519" }, key, bytes(record.signature), new TextEncoder().encode(canonical(record.certificate)));
      });
    }).catch(function () { return null; });
  }

  function details(certificate) {
    var list = el("dl", { className: "hocso-verify__details" });
    TEXT.fields.forEach(function (field) {
      var value = certificate[field[0]];
      if (field[0] === "round" && !value) return;  // certificates issued before rounds were recorded have none
      if (field[0] === "round") value = "Năm " + value;
      if (field[0] === "issued_on") value = f.day(value);
      if (field[0] === "score_percent") value = f.percent(value);
      list.append(el("dt", { text: field[1] }), el("dd", { text: String(value) }));
    });
    return list;
  }

  function setUp(form) {
    var api = form.getAttribute("data-api"), keys = new URL(form.getAttribute("data-keys"), location.href).href;
    var input = form.querySelector("input"), box = document.getElementById("hocso-verify-result");

    function verdict(kind, text, extra) {
      box.replaceChildren(el("div", { className: "hocso-verify__verdict hocso-verify__verdict--" + kind, role: "status" },
        [el("p", { className: "hocso-verify__headline", text: text })].concat(extra || [])));
    }

    function check(number) {
      verdict("checking", TEXT.checking);
      h.call(api, "GET", "/certificates/" + encodeURIComponent(number.trim())).then(function (record) {
        return checkSignature(keys, record).then(function (signed) {
          var extra = [details(record.certificate)];
          if (signed === null) extra.unshift(el("p", { text: TEXT.noCrypto }));
          if (signed === false) verdict("invalid", TEXT.tampered, extra);
          else if (record.status === "revoked") verdict("revoked", TEXT.revoked(record), extra);
          else verdict("valid", TEXT.valid, extra);
        });
      }, function (error) {
        verdict(error.code === "certificate_not_found" ? "unknown" : "error", error.code === "certificate_not_found" ? TEXT.unknown : error.message);
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      history.replaceState(null, "", "?so=" + encodeURIComponent(input.value.trim()));
      check(input.value);
    });
    var number = new URLSearchParams(location.search).get("so");
    if (number) {
      input.value = number;
      check(number);
    }
  }

  function start() {
    var form = document.getElementById("hocso-verify");
    if (form) setUp(form);
  }

  window.hocsoVerify = { canonical: canonical };  // the shared test vectors run against the very function the page uses

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
