/* hocso: search for Vietnamese. The index (folded: no diacritics, đ→d) is fetched only on the search page, the query
   is folded the same way, so "chuyen doi so" and "chuyển đổi số" find the same pages. */
(function () {
  "use strict";

  var TEXT = {
    loading: "Đang tải chỉ mục tìm kiếm…",
    none: function (q) { return "Không tìm thấy trang nào có “" + q + "”. Hãy thử từ khác, ngắn hơn."; },
    count: function (n, q) { return "Tìm thấy " + n + " trang có “" + q + "”."; },
    some: function (n, q) { return "Không trang nào có đủ mọi từ của “" + q + "”; " + n + " trang có một số từ, trang có nhiều từ hơn ở trước."; },
    failed: "Không tải được chỉ mục tìm kiếm. Hãy kiểm tra mạng rồi thử lại."
  };

  /* The form the index was built in (searchindex.fold; tests/vectors/search_fold.json holds both to the same answers):
     đ→d, no diacritics, lowercase, one space between words. The spaces are JavaScript's and Python's together. */
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[\s\x1c-\x1f\x85]+/g, " ").trim();
  }

  /* One pattern per query word, built once per search: a word counts where it starts a word of the text. */
  function patterns(words) {
    return words.map(function (word) {
      return new RegExp("(^|[^a-z0-9])" + word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g");
    });
  }

  /* How well a page answers: pages with more of the query's words first (a page need not hold every word, so
     "zalo bi hack" still finds the Zalo guide), then words in the title, then the whole phrase, then how often. */
  function score(row, words, phrase) {
    var title = fold(row.t), matched = 0, total = 0;
    for (var i = 0; i < words.length; i++) {
      var pattern = words[i];
      var hits = (row.x.match(pattern) || []).length;
      pattern.lastIndex = 0;
      var inTitle = pattern.test(title);
      pattern.lastIndex = 0;
      if (!hits && !inTitle) continue;
      matched += 1;
      total += Math.min(hits, 5) + (inTitle ? 50 : 0);
    }
    if (!matched) return 0;
    if (row.x.indexOf(phrase) !== -1) total += 30;
    if (title.indexOf(phrase) !== -1) total += 200;
    if (title.indexOf(phrase) === 0) total += 100;
    return matched * 10000 + total;
  }

  function start() {
    var form = document.getElementById("hocso-search");
    if (!form) return;
    var input = form.querySelector("input");
    var out = document.getElementById("hocso-search-results");
    var base = new URL(form.getAttribute("data-index"), location.href);
    var siteRoot = new URL("../", base);
    var index = null;

    function load() {
      if (!index) {
        out.textContent = TEXT.loading;
        index = fetch(base).then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        });
        index.catch(function () { index = null; out.textContent = TEXT.failed; });
      }
      return index;
    }

    function run(query) {
      var phrase = fold(query);
      if (!phrase) { out.replaceChildren(); return; }
      var words = patterns(phrase.split(" "));
      load().then(function (rows) {
        var found = rows.map(function (row) { return { row: row, score: score(row, words, phrase) }; })
          .filter(function (hit) { return hit.score > 0; })
          .sort(function (a, b) { return b.score - a.score; })
          .slice(0, 30);
        var list = document.createElement("ul");  // unnumbered: a lesson's title carries its own number
        list.className = "hocso-search__list";
        found.forEach(function (hit) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = new URL(hit.row.u, siteRoot).href;
          link.textContent = hit.row.t;
          item.appendChild(link);
          if (hit.row.d) {
            var summary = document.createElement("p");
            summary.textContent = hit.row.d;
            item.appendChild(summary);
          }
          list.appendChild(item);
        });
        var status = document.createElement("p");
        var every = found.length && Math.floor(found[0].score / 10000) === words.length;
        status.textContent = !found.length ? TEXT.none(query) : every ? TEXT.count(found.length, query) : TEXT.some(found.length, query);
        out.replaceChildren(status, list);
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
      run(input.value);
    });
    input.addEventListener("focus", load, { once: true });
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) {
      input.value = initial;
      run(initial);
    }
  }

  window.hocsoSearch = { fold: fold };  // the shared test vectors run against the very function the page uses

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
