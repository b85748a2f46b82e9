// castform's service worker: after one visit the whole site — pages, search, the
// checker and its engine — works without a network, and a page is only ever served with
// the engine of its own build.
//
// The build writes PRECACHE in (sitebuild/offline.py): this build's id and every file of
// the site with its sha256. Everything lives in one cache per build, "castform-<build>":
//
// - install: fetch every file (revalidating any HTTP-cached copy), check its sha256, and
//   store it; one damaged or missing file fails the install, so a half or mixed build is
//   never cached (the browser tries again on a later visit).
// - fetch: a file of this build is answered from this build's cache, so a page and the
//   engine it names always come from the same build; anything else goes to the network.
//   A page that is neither cached nor reachable gets the cached 404 page.
// - update: a new deploy changes this file (its PRECACHE), the browser installs the new
//   build beside the old one and leaves it waiting; the page shows a banner
//   (site_src/sw/offline.js), and only when the reader chooses to reload does the new
//   build take over (SKIP_WAITING) and the old cache go.
//
// The engine's worker gets its Content-Security-Policy header here too (GitHub Pages
// cannot send headers): see sitebuild/csp.py WORKER_POLICY.
//
// A small worker of our own rather than Workbox: the whole job is "precache one list,
// keyed by build, answer from it" (~150 lines); Workbox would add a bundling step and its
// runtime to audit for a site whose rule is that nothing but its own files is fetched.

const PRECACHE = /*CASTFORM_PRECACHE*/;
const CACHE = `castform-${PRECACHE.build}`;
const SCOPE = new URL("./", self.location.href);
const PARALLEL = 4; // downloads at once while installing: the reader's page comes first

function keyOf(url) {
  // The file a URL of the site names: "checker/" → "checker/index.html".
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return null;
  let path = decodeURIComponent(url.pathname.slice(SCOPE.pathname.length));
  if (path === "" || path.endsWith("/")) path += "index.html";
  return Object.prototype.hasOwnProperty.call(PRECACHE.files, path) ? path : null;
}

async function sha256Hex(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function precacheOne(cache, path) {
  const url = new URL(path, SCOPE);
  const response = await fetch(url, { cache: "no-cache", credentials: "same-origin" });
  if (!response.ok) throw new Error(`${path}: status ${response.status}`);
  const body = await response.arrayBuffer();
  const actual = await sha256Hex(body);
  if (actual !== PRECACHE.files[path]) throw new Error(`${path} is damaged (sha256 ${actual})`);
  const headers = new Headers(response.headers);
  if (path === PRECACHE.worker) headers.set("Content-Security-Policy", PRECACHE.workerPolicy);
  await cache.put(url, new Response(body, { status: 200, statusText: "OK", headers }));
}

async function precache() {
  const cache = await caches.open(CACHE);
  const have = new Set((await cache.keys()).map((request) => keyOf(new URL(request.url))));
  const todo = Object.keys(PRECACHE.files).filter((path) => !have.has(path));
  const next = async () => {
    while (todo.length) await precacheOne(cache, todo.shift());
  };
  try {
    await Promise.all(Array.from({ length: PARALLEL }, next));
  } catch (error) {
    // Nothing of a build that did not arrive whole is ever served.
    await caches.delete(CACHE);
    throw error;
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("castform-") && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "skip-waiting") self.skipWaiting();
  else if (message.type === "build" && event.source) {
    event.source.postMessage({ type: "build", build: PRECACHE.build });
  }
});

async function respond(request, key) {
  if (key) {
    const cached = await caches.match(new URL(key, SCOPE), { cacheName: CACHE });
    if (cached) return cached;
  }
  try {
    return await fetch(request);
  } catch (error) {
    if (request.mode === "navigate") {
      const notFound = await caches.match(new URL("404.html", SCOPE), { cacheName: CACHE });
      if (notFound) return notFound;
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  event.respondWith(respond(request, keyOf(url)));
});
