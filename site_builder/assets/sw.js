/* hocso service worker: pages a visitor opened, and the courses they chose to save, stay readable offline, across
   deploys. One cache ("hocso-saved") keeps them; the build's manifest (offline.json: each file's revision, the
   pages' titles, each course's pages and size) says on every new build which kept entries changed: only those are
   fetched again, the rest stay. A page not opened for KEEP_DAYS days is dropped (a saved course: when none of its
   pages was). Nothing the visitor did not open is fetched unless they asked (a course's button); with Save-Data on,
   not even a changed saved page (only the offline page and what it loads). HTML is fetched network-first,
   everything else cache-first; the API is never cached. BUILD, written after the build, is the manifest's
   revision: it changes exactly when a file the worker may keep changed, which makes browsers install a new worker. */
"use strict";

var BUILD = "__BUILD__";
var SAVED = "hocso-saved";
var META = "hocso-meta";
var ROOT = new URL("./", self.location.href).href;
var MANIFEST = "offline.json";
var OFFLINE = "ngoai-tuyen/";
var NOT_FOUND = "404.html";
var KEEP_DAYS = 60;
var DAY = 24 * 60 * 60 * 1000;
var saveData = null;  // the visitor's Save-Data as last told (kept in "meta": the next worker needs it on activation)

function address(url) {
  var parsed = new URL(url, ROOT);
  return (parsed.origin + parsed.pathname).slice(ROOT.length);
}

function read(name) {
  return caches.open(META).then(function (cache) { return cache.match(ROOT + "hocso-meta/" + name); })
    .then(function (hit) { return hit ? hit.json() : null; });
}

function write(name, value) {
  return caches.open(META).then(function (cache) {
    return cache.put(ROOT + "hocso-meta/" + name, new Response(JSON.stringify(value), { headers: { "Content-Type": "application/json" } }));
  });
}

/* What is known of each kept entry ({rev, kept, opened, page}) and the courses chosen, changed one update at a time:
   events run concurrently, and two read-modify-writes of the same record would lose one. */
var queue = Promise.resolve();
function change(update) {
  var run = queue.then(function () { return read("meta"); }).then(function (meta) {
    meta = meta || { entries: {}, courses: {} };
    var result = update(meta);
    return write("meta", meta).then(function () { return result; });
  });
  queue = run.catch(function () {});
  return run;
}

function hex(buffer) {
  return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
}

/* Keeps `response` as the entry at `path` with its revision (the same SHA-256 prefix the build writes); `opened`
   is when the visitor last opened it (a background refresh keeps the old time). */
function keep(path, response, opened) {
  var type = response.headers.get("Content-Type") || "";
  return response.arrayBuffer().then(function (body) {
    return crypto.subtle.digest("SHA-256", body).then(function (digest) {
      return caches.open(SAVED).then(function (cache) {
        return cache.put(ROOT + path, new Response(body, { status: 200, headers: { "Content-Type": type } }));
      }).then(function () {
        return change(function (meta) {
          var before = meta.entries[path];
          meta.entries[path] = {
            rev: hex(digest).slice(0, 16), kept: Date.now(), page: type.indexOf("text/html") === 0,
            opened: opened || (before && before.opened) || Date.now()
          };
        });
      });
    });
  });
}

function fetchAndKeep(path, opened, mode) {
  return fetch(ROOT + path, { cache: mode || "no-cache", credentials: "same-origin" }).then(function (response) {
    if (response.ok && !response.redirected) return keep(path, response, opened).then(function () { return true; });
    return false;
  }).catch(function () { return false; });
}

function drop(paths) {
  if (!paths.length) return Promise.resolve();
  return caches.open(SAVED).then(function (cache) {
    return Promise.all(paths.map(function (path) { return cache.delete(ROOT + path); }));
  }).then(function () {
    return change(function (meta) { paths.forEach(function (path) { delete meta.entries[path]; }); });
  });
}

/* The browser's Save-Data setting, from a page load's header or a page's navigator.connection; written only when
   it changes. */
function noteSaveData(on) {
  if (on === saveData) return Promise.resolve();
  saveData = on;
  return change(function (meta) { meta.saveData = on; });
}

function dataSaving(meta) {
  return Boolean(meta.saveData || (self.navigator.connection && self.navigator.connection.saveData));
}

/* After a deploy: reads the new manifest; drops what it no longer lists and what expired; fetches again only the
   kept entries whose revision changed, and the pages a chosen course gained (neither with Save-Data on); keeps the
   offline page and what it loads. */
function sync() {
  return fetch(ROOT + MANIFEST, { cache: "no-cache" }).then(function (response) {
    if (!response.ok) throw new Error("no manifest");
    return response.json();
  }).then(function (manifest) {
    return write("manifest", manifest).then(function () { return read("meta"); }).then(function (meta) {
      meta = meta || { entries: {}, courses: {} };
      var now = Date.now(), gone = [], stale = [], chosen = {};
      Object.keys(meta.courses).forEach(function (id) {
        var course = manifest.courses[id];
        var last = course ? Math.max.apply(null, course.pages.map(function (p) { return (meta.entries[p] || {}).opened || 0; })) : 0;
        if (course && now - last <= KEEP_DAYS * DAY) course.pages.forEach(function (p) { chosen[p] = true; });
      });
      manifest.shell.forEach(function (p) { chosen[p] = true; });
      Object.keys(meta.entries).forEach(function (path) {
        var entry = meta.entries[path], file = manifest.files[path];
        if (!file || (entry.page && !chosen[path] && now - entry.opened > KEEP_DAYS * DAY)) gone.push(path);
        else if (file[0] !== entry.rev) stale.push(path);
      });
      var shell = manifest.shell.filter(function (p) { return !meta.entries[p] || stale.indexOf(p) !== -1; });
      var wanted = Object.keys(chosen).filter(function (p) { return !meta.entries[p] && manifest.files[p] && shell.indexOf(p) === -1; });
      var fetches = dataSaving(meta) ? shell : shell.concat(stale.filter(function (p) { return shell.indexOf(p) === -1; }), wanted);
      return change(function (m) {
        Object.keys(m.courses).forEach(function (id) { if (!manifest.courses[id] || !chosen[manifest.courses[id].pages[0]]) delete m.courses[id]; });
      }).then(function () { return drop(gone); }).then(function () {
        return Promise.all(fetches.map(function (path) { return fetchAndKeep(path); }));
      });
    });
  });
}

/* The work is done while installing, as the worker before this one still answers the pages: an activation holds
   every page's requests until it ends. */
var synced = false;
self.addEventListener("install", function (event) {
  self.skipWaiting();
  event.waitUntil(sync().then(function () { synced = true; }, function () { /* offline: tried again on activation */ }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      // caches of the workers before this one were named per build
      return Promise.all(keys.filter(function (key) { return key !== SAVED && key !== META; }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return synced || sync(); }).catch(function () {}).then(function () { return self.clients.claim(); })
  );
});

function cacheable(request) {
  var url = new URL(request.url);
  return request.method === "GET" && url.href.indexOf(ROOT) === 0 && url.pathname.indexOf("/api/") === -1;
}

function opened(path) {
  return change(function (meta) { if (meta.entries[path]) meta.entries[path].opened = Date.now(); });
}

/* The offline page, at the address that failed: its relative links are made to resolve from its own folder. */
function offlinePage() {
  return caches.open(SAVED).then(function (cache) { return cache.match(ROOT + OFFLINE); }).then(function (hit) {
    if (!hit) return Response.error();
    return hit.text().then(function (html) {
      html = html.replace(/<head>/i, '<head><base href="' + ROOT + OFFLINE + '">');
      return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  });
}

/* The site's not-found page, for a missing page the host answered in its own words (S3's XML behind CloudFront:
   its custom error pages would replace the API's answers too). */
function notFoundPage(response) {
  if ((response.headers.get("Content-Type") || "").indexOf("text/html") === 0) return response;
  return caches.open(SAVED).then(function (cache) { return cache.match(ROOT + NOT_FOUND); }).then(function (hit) {
    return hit ? hit.text().then(function (html) {
      return new Response(html, { status: 404, headers: { "Content-Type": "text/html; charset=utf-8" } });
    }) : response;
  });
}

/* A poster's short link (q/<id>/) serves a copy of its page, kept like any page opened. Offline, a short link never
   opened on this device opens its page if that is kept (the build's manifest names it), with the page's own address
   as the base of its relative links. */
function shortLink(path) {
  return /^q\/[^/]+\/?$/.test(path) ? path.replace(/\/$/, "") + "/" : null;
}

function savedAt(path) {
  return caches.open(SAVED).then(function (cache) {
    return cache.match(ROOT + path).then(function (hit) {
      var link = shortLink(path);
      if (hit || !link) return hit ? { hit: hit, path: path } : null;
      return read("manifest").then(function (manifest) {
        var page = manifest && manifest.links && manifest.links[link];
        return page ? cache.match(ROOT + page).then(function (found) {
          return found ? found.text().then(function (html) {
            html = html.replace(/<head>/i, '<head><base href="' + ROOT + page + '">');
            return { hit: new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } }), path: page };
          }) : null;
        }) : null;
      });
    });
  });
}

function networkFirst(event, path) {
  return fetch(event.request).then(function (response) {
    if (response.ok && !response.redirected && response.type === "basic") event.waitUntil(keep(path, response.clone(), Date.now()));
    if (event.request.mode === "navigate" && (response.status === 404 || response.status === 403)) return notFoundPage(response);
    return response;
  }).catch(function () {
    return savedAt(path).then(function (saved) {
      if (saved) { event.waitUntil(opened(saved.path)); return saved.hit; }
      return event.request.mode === "navigate" ? offlinePage() : Response.error();
    });
  });
}

function cacheFirst(event, path) {
  return caches.open(SAVED).then(function (cache) { return cache.match(ROOT + path); }).then(function (hit) {
    return hit || fetch(event.request).then(function (response) {
      if (response.ok && response.type === "basic") event.waitUntil(keep(path, response.clone()));
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (!cacheable(request)) return;
  if (request.mode === "navigate" && request.headers.get("Save-Data") === "on") event.waitUntil(noteSaveData(true));
  var html = request.mode === "navigate" || (request.headers.get("accept") || "").indexOf("text/html") !== -1;
  event.respondWith(html ? networkFirst(event, address(request.url)) : cacheFirst(event, address(request.url)));
});

/* A page opened before the worker was in charge ({type: "keep-page", url}) is kept like any opened page: from the
   browser's HTTP cache, where it just came from. A course page's button: the learner chose to keep the whole course
   ({type: "keep-course", course}). */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "save-data") {
    event.waitUntil(noteSaveData(Boolean(data.on)));
    return;
  }
  if (data.type === "keep-page" && typeof data.url === "string" && data.url.indexOf(ROOT) === 0) {
    event.waitUntil(fetchAndKeep(address(data.url), Date.now(), "default"));
    return;
  }
  if (data.type !== "keep-course") return;
  event.waitUntil(
    read("manifest").then(function (manifest) {
      var course = manifest && manifest.courses[data.course];
      if (!course) throw new Error("unknown course");
      return change(function (meta) { meta.courses[data.course] = Date.now(); }).then(function () {
        return Promise.all(course.pages.map(function (path) { return fetchAndKeep(path, Date.now()); }));
      }).then(function (done) {
        return done.filter(Boolean).length;
      });
    }).then(function (count) {
      if (event.source) event.source.postMessage({ type: "kept", course: data.course, count: count });
    }, function () {
      if (event.source) event.source.postMessage({ type: "kept", course: data.course, count: 0 });
    })
  );
});
