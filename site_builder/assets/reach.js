/* hocso reach: one anonymous "open" event per view of a lesson, guide or course page, for the programme's count of
   citizens reached (the events function, POST <api>/events).

   The page's short id is read from its QR box (the link /q/<id>/ under the code); the API address from the page's
   data-api attribute. A page without either sends nothing, and so does a site served without the functions.
   The event is {id, kind: "open"} and nothing else: no cookie, no stored id, no address or browser kept by the
   server. navigator.doNotTrack is not consulted, on purpose: it asks not to be followed across sites, and this
   count follows no one (nothing in it tells one visitor from another); browsers have retired the signal anyway.
   Sent as a text/plain string beacon: never held for a CORS check, and it does not delay anything on the page. */
(function () {
  "use strict";

  var SHORT_LINK = /\/q\/([A-Za-z0-9][A-Za-z0-9_.-]{0,63})\/$/;

  function open() {
    var link = document.querySelector(".hocso-qr a.hocso-qr__url");
    var box = document.querySelector(".hocso-qr[data-api]") || document.querySelector("[data-api]");
    var match = link && SHORT_LINK.exec(link.getAttribute("href") || "");
    var api = box && box.getAttribute("data-api");
    if (!match || !api) return;
    var url = api.replace(/\/$/, "") + "/events";
    var body = JSON.stringify({ id: match[1], kind: "open" });
    try {
      if (!(navigator.sendBeacon && navigator.sendBeacon(url, body))) {
        fetch(url, { method: "POST", body: body, keepalive: true }).catch(function () { /* not counted: nothing to tell */ });
      }
    } catch (e) { /* no beacon, no fetch: the page reads the same */ }
  }

  // With mkdocs-material's instant navigation, document$ emits for the first page and for every page after it;
  // without it, each view is a fresh load and runs this once.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(open);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", open);
  else open();
})();
