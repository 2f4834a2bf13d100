/* hocso reach: one anonymous "open" event per view of a lesson, guide or course page, for the programme's count of
   citizens reached (the events function, POST <api>/events).

   The page's short id is read from its QR box (the link /q/<id>/ under the code); the API address from the page's
   data-api attribute. A page without either sends nothing, and so does a site served without the functions.
   The event is {id, kind: "open"} and nothing else: no cookie, no stored id, no address or browser kept by the
   server. navigator.doNotTrack is not consulted, on purpose: it asks not to be followed across sites, and this
   count follows no one (nothing in it tells one visitor from another); browsers have retired the signal anyway.
   Sent as a text/plain string beacon: never held for a CORS check, and it does not delay anything on the page.

   A poster's QR code opens /q/<id>/?tu=<place>, a copy of the page itself (site_builder/shortpages.py): opened at
   that address, the page sends the scan (with the poster's place when well formed) once per tab, as sessionStorage
   remembers it, so a reload counts no second scan, and wipes ?tu= from the address bar, so a link shared from there
   names no poster. Links shared while short links were redirects arrive as ?qr=<id>&tu=<place>: counted the same
   way, once, and their mark wiped. */
(function () {
  "use strict";

  var SHORT_LINK = /\/q\/([A-Za-z0-9][A-Za-z0-9_.-]{0,63})\/$/;
  var PLACE = /^[a-z0-9-]{1,32}$/;

  function send(url, event) {
    var body = JSON.stringify(event);
    try {
      if (!(navigator.sendBeacon && navigator.sendBeacon(url, body))) {
        fetch(url, { method: "POST", body: body, keepalive: true }).catch(function () { /* not counted: nothing to tell */ });
      }
    } catch (e) { /* no beacon, no fetch: the page reads the same */ }
  }

  /* True the first time this tab asks for `id`'s scan; a tab whose storage is refused counts every time. */
  function firstInTab(id) {
    try {
      var key = "hocso-scan:" + id;
      if (sessionStorage.getItem(key)) return false;
      sessionStorage.setItem(key, "1");
    } catch (e) { /* storage refused (a private tab's quota): counted */ }
    return true;
  }

  /* {place} of a scan of this page's id, else null: the page opened at its short link, or an old link's ?qr= mark.
     The poster's place and any mark are wiped from the address bar; the path stays. */
  function scanned(id) {
    if (!window.URLSearchParams || !history.replaceState) return null;
    var query = new URLSearchParams(location.search);
    var atLink = new RegExp("/q/" + id.replace(/\./g, "\\.") + "/(index\\.html)?$").test(location.pathname);
    if (!atLink && !query.has("qr")) return null;
    var marked = atLink || query.get("qr") === id;
    var place = query.get("tu");
    query.delete("qr");
    query.delete("tu");
    var rest = query.toString();
    history.replaceState(history.state, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
    if (!marked || !firstInTab(id)) return null;
    return { place: place && PLACE.test(place) ? place : null };
  }

  function open() {
    var link = document.querySelector(".hocso-qr a.hocso-qr__url");
    var box = document.querySelector(".hocso-qr[data-api]") || document.querySelector("[data-api]");
    var match = link && SHORT_LINK.exec(link.getAttribute("href") || "");
    var api = box && box.getAttribute("data-api");
    if (!match || !api) return;
    var url = api.replace(/\/$/, "") + "/events";
    var scan = scanned(match[1]);
    if (scan) send(url, { id: match[1], kind: "scan", place: scan.place });
    send(url, { id: match[1], kind: "open" });
  }

  // With mkdocs-material's instant navigation, document$ emits for the first page and for every page after it;
  // without it, each view is a fresh load and runs this once.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(open);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", open);
  else open();
})();
