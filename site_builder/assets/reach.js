/* hocso reach: one anonymous "open" event per view of a lesson, guide or course page, for the programme's count of
   citizens reached (the events function, POST <api>/events).

   The page's short id is read from its QR box (the link /q/<id>/ under the code); the API address from the page's
   data-api attribute. A page without either sends nothing, and so does a site served without the functions.
   The event is {id, kind: "open"} and nothing else: no cookie, no stored id, no address or browser kept by the
   server. navigator.doNotTrack is not consulted, on purpose: it asks not to be followed across sites, and this
   count follows no one (nothing in it tells one visitor from another); browsers have retired the signal anyway.
   Sent as a text/plain string beacon: never held for a CORS check, and it does not delay anything on the page.

   A page reached by a poster's QR code through a server that answers /q/<id>/ with a redirect (the local server,
   CloudFront's function) arrives as ?qr=<id>&tu=<place>: the scan is sent from here, once, and the mark is wiped
   from the address bar, so a reload or a shared link counts no second scan. The static /q/<id>/ page, where no server
   redirects, sends its scan itself and adds no mark. */
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

  /* {place} of a scan of this page's id when the address carries its mark, else null; any mark is wiped. */
  function scanned(id) {
    if (!window.URLSearchParams || !history.replaceState) return null;
    var query = new URLSearchParams(location.search);
    if (!query.has("qr")) return null;
    var mark = query.get("qr");
    var place = query.get("tu");
    query.delete("qr");
    query.delete("tu");
    var rest = query.toString();
    history.replaceState(history.state, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
    return mark === id ? { place: place && PLACE.test(place) ? place : null } : null;
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
