/* hocso: what the administrators' filters offer, and the names behind the reach counters' codes.
   The cohort pick list (dashboard, learners) is filled from GET /admin/filters for the unit asked about. The reach
   table names each page by its title and each poster place by its name, from the one file the build publishes
   (ap-phich/danh-muc.json), fetched once: the events summary answers codes only. The round pick list (dashboard) is
   filled from the same answer: the province's rounds, and this year and last year when the province set none for
   them (a year with no round set is its calendar year). Used by admin.js. */
(function () {
  "use strict";
  var TEXT = {
    headers: ["Trang", "Lượt mở", "Lượt quét QR", "Lượt quét theo nơi dán"],
    unplaced: "Không ghi nơi dán", others: "Các nơi khác",
    posters: "Áp phích in sẵn nơi dán (mã QR đếm lượt quét theo từng nơi): "
  };

  window.hocsoFilters = function (h) {
    var el = h.el, f = window.hocsoFormat;

    /* Fills a cohort <select> with the cohorts of the unit asked about, keeping its first option ("every cohort") and
       the one in the address even when no learner of the unit is in it any more; again when another unit is picked. */
    function cohorts(api, select, wanted, again) {
      if (!select || select.tagName !== "SELECT") return;
      var unit = select.form && select.form.elements.unit;
      if (unit && !again) unit.addEventListener("change", function () {
        cohorts(api, select, { unit: unit.value, cohort: select.value }, true);
      });
      var fill = function (names) {
        if (wanted.cohort && names.indexOf(wanted.cohort) < 0) names = names.concat([wanted.cohort]);
        select.replaceChildren.apply(select, [select.options[0]].concat(names.map(function (name) {
          return el("option", { value: name, text: name });
        })));
        select.value = wanted.cohort || "";
      };
      h.call(api, "GET", "/admin/filters" + (wanted.unit ? "?unit=" + encodeURIComponent(wanted.unit) : "")).then(
        function (found) { fill(found.cohorts); rounds(select.form.elements.round, found.rounds, wanted.round); },
        function () { fill([]); rounds(select.form.elements.round, [], wanted.round); });
    }

    /* Fills the round <select>: the province's rounds, newest first, with this year and last year added as calendar
       years when not set, and the one in the address; its first option ("every year") stays. */
    function rounds(select, set, wanted) {
      if (!select || select.tagName !== "SELECT") return;
      var year = new Date().getFullYear(), byCode = {};
      set.forEach(function (r) { byCode[r.code] = r.name + " (" + f.day(r.first) + " – " + f.day(r.last) + ")"; });
      [String(year), String(year - 1), wanted].forEach(function (code) { if (code && !byCode[code]) byCode[code] = "Năm " + code; });
      var codes = Object.keys(byCode).sort().reverse();
      select.replaceChildren.apply(select, [select.options[0]].concat(codes.map(function (code) {
        return el("option", { value: code, text: byCode[code] });
      })));
      select.value = wanted || "";
    }

    /* Fills the month <select> (a month input reads "--------- ----" when empty in Chromium): every month from January
       two years back to this one, newest first, as "Tháng 11/2026", and the one in the address; its first option (up
       to today) stays. */
    function months(select, wanted) {
      if (!select || select.tagName !== "SELECT") return;
      var now = new Date(), codes = [];
      for (var n = now.getMonth() + 24; n >= 0; n--) {  // n: months since January two years back
        var year = now.getFullYear() - 2 + Math.floor(n / 12), month = n % 12 + 1;
        codes.push(year + "-" + (month < 10 ? "0" : "") + month);
      }
      if (wanted && /^20[0-9]{2}-(0[1-9]|1[0-2])$/.test(wanted) && codes.indexOf(wanted) < 0) codes.push(wanted);
      select.replaceChildren.apply(select, [select.options[0]].concat(codes.map(function (code) {
        return el("option", { value: code, text: "Tháng " + code.slice(5) + "/" + code.slice(0, 4) });
      })));
      select.value = wanted || "";
    }

    /* The published titles and place names; empty ones when the file cannot be read, so the codes show instead. */
    function names(url) {
      var none = { ids: {}, places: {} };
      if (!url) return Promise.resolve(none);
      return fetch(url).then(function (response) { return response.ok ? response.json() : none; }).then(function (found) {
        return { ids: found.ids || {}, places: found.places || {} };
      }, function () { return none; });
    }

    function place(code, known) {
      return code === null ? TEXT.unplaced : known.places[code] || code;
    }

    /* The most reached pages: title (its code beside), opens, scans, and the scans per place by the place's name. */
    function reachTable(table, caption, top, known) {
      var rows = top.map(function (r) {
        var entry = known.ids[r.id], title = entry ? entry.title : r.id;
        var page = el("span", {}, [title, entry ? el("small", { text: " (" + r.id + ")" }) : null]);
        var places = r.places.map(function (p) { return place(p.place, known) + ": " + f.count(p.scans); });
        if (r.other_places) places.push(TEXT.others + ": " + f.count(r.other_places));
        return [page, r.opens, r.scans, places.length ? places.join("; ") : null];
      });
      var node = table(caption, TEXT.headers, rows, true);
      node.querySelectorAll("tr > :last-child").forEach(function (cell) { cell.className = ""; });  // words, not a figure
      return node;
    }

    /* Links to each place's posters (ap-phich/noi-dat/<code>.pdf, beside the names file), or null without places. */
    function placePosters(url, known) {
      var codes = Object.keys(known.places);
      if (!url || !codes.length) return null;
      var links = [];
      codes.forEach(function (code, n) {
        if (n) links.push(", ");
        links.push(el("a", { href: url.replace(/[^/]*$/, "noi-dat/" + code + ".pdf"), download: "", text: known.places[code] }));
      });
      return el("p", { className: "hocso-admin__hint", "data-reach": "posters" }, [TEXT.posters].concat(links));
    }

    return { cohorts: cohorts, months: months, names: names, reachTable: reachTable, placePosters: placePosters };
  };
})();
