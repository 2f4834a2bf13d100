/* hocso service worker: pages a visitor has opened, and a course's lessons once its page is opened, stay readable
   offline. HTML is fetched network-first (fresh content when online), everything else cache-first. The API is
   never cached. VERSION changes with every build, so old caches are dropped. */
"use strict";

var VERSION = "hocso-__BUILD__";

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) { return key !== VERSION; }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function cacheable(request) {
  var url = new URL(request.url);
  return request.method === "GET" && url.origin === self.location.origin && url.pathname.indexOf("/api/") !== 0;
}

function networkFirst(request) {
  return caches.open(VERSION).then(function (cache) {
    return fetch(request).then(function (response) {
      if (response.ok) cache.put(request, response.clone());
      return response;
    }).catch(function () {
      return cache.match(request, { ignoreSearch: true }).then(function (hit) { return hit || Response.error(); });
    });
  });
}

function cacheFirst(request) {
  return caches.open(VERSION).then(function (cache) {
    return cache.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  if (!cacheable(event.request)) return;
  var html = event.request.mode === "navigate" || (event.request.headers.get("accept") || "").indexOf("text/html") !== -1;
  event.respondWith(html ? networkFirst(event.request) : cacheFirst(event.request));
});

/* A course page asks for its lessons (and what they load) to be kept for reading offline. */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  event.waitUntil(
    caches.open(VERSION).then(function (cache) {
      return Promise.all(data.urls.map(function (url) {
        return fetch(url).then(function (response) { if (response.ok) return cache.put(url, response); }).catch(function () {});
      }));
    }).then(function () {
      if (event.source) event.source.postMessage({ type: "kept", count: data.urls.length });
    })
  );
});
