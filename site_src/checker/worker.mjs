// The checker's engine: Pyodide and the castform rules in a module Web Worker.
//
// The page and this worker exchange JSON text only. Messages in:
//   {type: "boot"}                       start (idempotent)
//   {type: "check", id, text, on}         check an application (JSON text)
//   {type: "import", id, text}            read a file the user wants to import
//   {type: "export", id, text}            both documents (castform.browser_documents)
//   {type: "chart", id, text}             the budget picture, SVG text
//   {type: "summary", id, files: [{name, bytes: ArrayBuffer}]}   the batch review
//   {type: "summary-file", id, text, kind, lang}   its table as csv | xlsx
// Messages out:
//   {type: "progress", stage, loaded, total}   stage: runtime | packages | rules
//   {type: "ready", timings}                   {type: "failed", message}
//   {type: "result", id, json, ms}             {type: "error", id, message}
//   {type: "fatal", message}                   Pyodide failed for good: the worker closes
//   {type: "task-progress", id, done, total}   while a batch review runs
// A document's bytes come back as ArrayBuffers, transferred, not copied (export:
// json = {ok, ready, files: [{kind, name, type, data}], extraBytes}).
//
// The engine's files sit beside this worker. The build writes their folders, sizes and
// sha256 in below (sitebuild/engine.py), so the progress bar can show bytes before they
// arrive, every file is checked against this build's hash before it is used, and this
// file's name changes whenever anything it loads changes.
//
// The worker locks itself down, for hosts that cannot send it a Content-Security-Policy
// header (GitHub Pages; docs/hosting.md gives the header where a host can): it fetches
// only from the site's own origin, imports only the engine's own files, and once the
// engine is up, code can no longer be made from strings (eval, Function, string timers).

const MANIFEST = /*CASTFORM_MANIFEST*/;
const here = new URL("./", import.meta.url);
const FILES = MANIFEST.files; // path under here → sha256 (hex)
let booting = null;
let py = null;
const utf8 = new TextEncoder();
let engine = null; // the Pyodide instance, once booted (on-demand packages load through it)

// --- fetch: own origin only; engine files counted and checked against their hash ---------

class DamagedFile extends Error {}

function describe(path) {
  const name = path.split("/").pop();
  return name.endsWith(".wasm") ? `${name} (the engine's WebAssembly)` : name;
}

// The engine file a URL names (its path under this worker's folder), or null.
function enginePath(url) {
  const parsed = new URL(url, here);
  if (parsed.origin !== here.origin || !parsed.pathname.startsWith(here.pathname) || parsed.search) return null;
  const path = decodeURIComponent(parsed.pathname.slice(here.pathname.length));
  return Object.prototype.hasOwnProperty.call(FILES, path) ? path : null;
}

function refuseForeign(url, what) {
  const parsed = new URL(url, here);
  if (parsed.origin !== self.location.origin) {
    throw new TypeError(`castform engine: ${what} of ${parsed.origin} refused (this site's own files only)`);
  }
  return parsed;
}

async function sha256Hex(chunks, length) {
  const all = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Count the bytes of every response as it streams in, for the progress bar; hash the
// engine's files as they pass and fail them at their end if a byte differs. The body is
// passed through as it arrives (WebAssembly.instantiateStreaming compiles while it
// downloads). A download that fails (no connection, an error status, a body cut off, a
// damaged file) fails the boot at once: Pyodide only logs a failed wasm download ("wasm
// instantiation failed!") and its loadPyodide() then never settles, and it refuses a
// wheel whose sha256 differs with the same "Failed to fetch" as no connection at all.
let received = 0;
let downloadFailed = null; // rejects the running boot; set while one runs
const verdicts = new Map(); // engine path → Promise<Error | null>, once its body is read
const plainFetch = self.fetch.bind(self);

async function guardedFetch(input, init) {
  const url = String(input && input.url || input);
  const parsed = refuseForeign(url, "a download");
  const path = enginePath(parsed.href);
  const name = (path || url).split("/").pop();
  const failed = (why) => {
    const error = why instanceof Error ? why : new Error(`could not download ${name}: ${why}`);
    if (downloadFailed) downloadFailed(error);
    return error;
  };
  let response;
  try {
    // An engine file is checked here against the manifest, so Pyodide's own integrity
    // option (the same sha256, from the lock file) is not passed on: a mismatch then
    // says "damaged", not "Failed to fetch".
    response = path ? await plainFetch(parsed.href) : await plainFetch(input, init);
  } catch (error) {
    failed(error && error.message || error);
    throw error;
  }
  if (!response.ok) failed(`status ${response.status}`);
  if (!response.body || !response.ok) return response;
  const reader = response.body.getReader();
  const chunks = [];
  let length = 0;
  let settle;
  if (path) verdicts.set(path, new Promise((resolve) => (settle = resolve)));
  const verdict = async () => {
    const actual = await sha256Hex(chunks, length);
    if (actual === FILES[path]) return null;
    return new DamagedFile(
      `the engine file ${describe(path)} is damaged: its content is not the one this version of ` +
      `the site published (sha256 ${actual.slice(0, 12)}…, expected ${FILES[path].slice(0, 12)}…). ` +
      "Reload the page; if this persists, the site's copy is broken.",
    );
  };
  const body = new ReadableStream({
    async pull(controller) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (error) {
        const failure = failed(error && error.message || error);
        if (settle) settle(failure);
        controller.error(failure);
        return;
      }
      if (chunk.done) {
        const damaged = path ? await verdict() : null;
        if (settle) settle(damaged);
        if (damaged) controller.error(failed(damaged));
        else controller.close();
        return;
      }
      received += chunk.value.byteLength;
      if (path) {
        chunks.push(chunk.value);
        length += chunk.value.byteLength;
      }
      controller.enqueue(chunk.value);
    },
    async cancel(reason) {
      // The reader gave up (a WebAssembly compile error, say): read the rest anyway, so
      // that a damaged file is still named as damaged.
      if (!path) return reader.cancel(reason);
      try {
        for (;;) {
          const chunk = await reader.read();
          if (chunk.done) break;
          chunks.push(chunk.value);
          length += chunk.value.byteLength;
        }
        settle(await verdict());
      } catch (error) {
        settle(null);
      }
    },
  });
  return new Response(body, {
    status: response.status, statusText: response.statusText, headers: response.headers,
  });
}

// Read a file fully through guardedFetch (counted, hash-checked) before it is imported:
// import() has no integrity option. The import then comes from the HTTP cache or the
// service worker's copy of the same build.
async function verified(path) {
  const response = await guardedFetch(new URL(path, here).href);
  if (!response.ok) throw new Error(`could not download ${path.split("/").pop()}: status ${response.status}`);
  await response.arrayBuffer();
}

// The one dynamic import of this worker: an engine file, checked first.
async function importEngineFile(path) {
  if (!enginePath(new URL(path, here).href)) throw new TypeError(`castform engine: import of ${path} refused`);
  await verified(path);
  return import(new URL(path, here).href);
}

function lockNetwork() {
  // Everything the worker can reach the network with goes through the same-origin
  // check, on the global and on the prototype it came from.
  const scope = Object.getPrototypeOf(self);
  for (const target of [self, scope, WorkerGlobalScope.prototype]) {
    if (Object.prototype.hasOwnProperty.call(target, "fetch") || target === self) {
      Object.defineProperty(target, "fetch", { value: guardedFetch, writable: false, configurable: false });
    }
  }
  const open = XMLHttpRequest.prototype.open;
  Object.defineProperty(XMLHttpRequest.prototype, "open", {
    value: function (method, url, ...rest) {
      refuseForeign(url, "a request");
      return open.call(this, method, url, ...rest);
    },
    writable: false, configurable: false,
  });
  for (const name of ["WebSocket", "EventSource", "WebTransport"]) {
    const Original = self[name];
    if (typeof Original !== "function") continue;
    const Guarded = function (url, ...rest) {
      refuseForeign(url, `a ${name}`);
      return new Original(url, ...rest);
    };
    Guarded.prototype = Original.prototype;
    Object.defineProperty(self, name, { value: Guarded, writable: false, configurable: false });
  }
}

// After the boot nothing in the engine makes code from a string (Emscripten evals its
// side modules' JavaScript while packages load): from then on eval, Function and
// string timers throw, so Python code cannot reach import() through run_js/eval.
function lockCodeFromStrings() {
  const refuse = () => {
    throw new EvalError("castform engine: code from strings is refused");
  };
  // Stand-ins that still answer `instanceof` and `.constructor.name` as the originals
  // did (Pyodide's type checks use both), but never compile anything.
  const standIn = (original) => {
    const refused = function () { refuse(); };
    Object.defineProperty(refused, "name", { value: original.name });
    refused.prototype = original.prototype;
    return refused;
  };
  const constructors = [
    Function, Object.getPrototypeOf(async function () {}).constructor,
    Object.getPrototypeOf(function* () {}).constructor, Object.getPrototypeOf(async function* () {}).constructor,
  ];
  for (const ctor of constructors) {
    Object.defineProperty(ctor.prototype, "constructor", { value: standIn(ctor), writable: false, configurable: false });
  }
  Object.defineProperty(self, "eval", { value: refuse, writable: false, configurable: false });
  Object.defineProperty(self, "Function", { value: standIn(Function), writable: false, configurable: false });
  for (const name of ["setTimeout", "setInterval"]) {
    const plain = self[name].bind(self);
    Object.defineProperty(self, name, {
      value: (handler, ...rest) => {
        if (typeof handler !== "function") refuse();
        return plain(handler, ...rest);
      },
      writable: false, configurable: false,
    });
  }
}

lockNetwork();

// The same for WebAssembly that downloads but cannot be started (a damaged or truncated
// file that still came with status 200, or the wrong MIME type): Pyodide's loader only
// warns "wasm instantiation failed!" and never settles. A file whose hash differs is
// named as damaged.
for (const name of ["instantiateStreaming", "instantiate"]) {
  const plain = WebAssembly[name].bind(WebAssembly);
  WebAssembly[name] = (...args) => plain(...args).catch(async (error) => {
    const wasm = Object.keys(FILES).find((path) => path.endsWith(".wasm"));
    const damaged = wasm && verdicts.has(wasm) ? await verdicts.get(wasm) : null;
    if (downloadFailed) {
      downloadFailed(damaged || new Error(`the engine's WebAssembly could not be started: ${error && error.message || error}`));
    }
    throw error;
  });
}

function progress(stage, total) {
  postMessage({ type: "progress", stage, loaded: received, total });
}

async function boot() {
  const started = performance.now();
  const manifest = MANIFEST;
  const total = manifest.bytes.runtime + manifest.bytes.packages;
  const ticker = setInterval(() => progress(received < manifest.bytes.runtime ? "runtime" : "packages", total), 100);
  const downloads = new Promise((_, reject) => { downloadFailed = reject; });
  downloads.catch(() => {});
  const unlessDownloadFails = (promise) => Promise.race([promise, downloads]);
  try {
    progress("runtime", total);
    // pyodide.mjs imports pyodide.asm.mjs itself: check both before either is imported.
    const [{ loadPyodide }] = await unlessDownloadFails(Promise.all([
      importEngineFile(manifest.runtime + "pyodide.mjs"),
      verified(manifest.runtime + "pyodide.asm.mjs"),
    ]));
    const pyodide = await unlessDownloadFails(loadPyodide({
      indexURL: new URL(manifest.runtime, here).href,
      // Our copy of the standard library, with the modules we import as bytecode.
      stdLibURL: new URL(manifest.stdlib, here).href,
      lockFileURL: new URL(manifest.packages + "pyodide-lock.json", here).href,
      stdout: () => {},
      stderr: (line) => console.warn("[castform engine]", line),
    }));
    const runtimeDone = performance.now();
    progress("packages", total);
    await unlessDownloadFails(pyodide.loadPackage(manifest.load, { messageCallback: () => {}, errorCallback: (m) => console.warn(m) }));
    // A wheel that fails its download is only logged by Pyodide, not thrown (the fetch
    // wrapper above has failed the boot already): ask whether it really loaded.
    for (const name of manifest.load) {
      if (!pyodide.loadedPackages[name]) throw new Error(`package ${name} did not load`);
    }
    const packagesDone = performance.now();
    clearInterval(ticker);
    progress("rules", total);
    pyodide.runPython("import castform.browser");
    const api = pyodide.pyimport("castform.browser");
    // The applicant's first check as fast as the rest; what the boot built out of the
    // garbage collector's way (castform.browser.prepare says why).
    api.prepare();
    engine = pyodide;
    py = api;
    lockCodeFromStrings();
    postMessage({
      type: "ready",
      bytes: received,
      timings: {
        runtime_ms: Math.round(runtimeDone - started),
        packages_ms: Math.round(packagesDone - runtimeDone),
        rules_ms: Math.round(performance.now() - packagesDone),
      },
    });
  } catch (error) {
    clearInterval(ticker);
    throw error;
  } finally {
    downloadFailed = null;
  }
}

// --- the documents and the batch review (castform.browser_documents) --------------------
//
// Its module is imported on the first such request; the wheels listed as on_demand
// (XlsxWriter) are in the lock and in FILES, so they come through guardedFetch and are
// hash-checked like the others, but only when a download first needs them: the boot and
// the first check fetch nothing more.
let documents = null;
let onDemand = null;

async function loadOnDemand() {
  const names = MANIFEST.on_demand || [];
  const before = received;
  await engine.loadPackage(names, { messageCallback: () => {}, errorCallback: (m) => console.warn(m) });
  for (const name of names) {
    if (engine.loadedPackages[name]) continue;
    // Pyodide only logs a failed wheel: say why, naming a damaged file as damaged.
    const wheel = Object.keys(FILES).find((path) => path.split("/").pop().toLowerCase().startsWith(name + "-"));
    const damaged = wheel && verdicts.has(wheel) ? await verdicts.get(wheel) : null;
    throw damaged || new Error(`package ${name} did not load`);
  }
  return received - before;
}

async function documentsApi(needsXlsx) {
  let extraBytes = 0;
  if (needsXlsx) {
    onDemand = onDemand || loadOnDemand().catch((error) => { onDemand = null; throw error; });
    extraBytes = await onDemand;
    onDemand = Promise.resolve(0); // counted once, on first use
  }
  if (!documents) documents = engine.pyimport("castform.browser_documents");
  return { api: documents, extraBytes };
}

// A Python dict of plain data (bytes inside) as a JavaScript object, and the
// ArrayBuffers to transfer with it.
function plainOut(proxy) {
  const buffers = [];
  const value = proxy.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
  proxy.destroy();
  const walk = (item) => {
    if (item instanceof Uint8Array) {
      const own = item.byteOffset === 0 && item.byteLength === item.buffer.byteLength ? item.buffer : item.slice().buffer;
      buffers.push(own);
      return own;
    }
    if (Array.isArray(item)) return item.map(walk);
    if (item && typeof item === "object") {
      for (const key of Object.keys(item)) item[key] = walk(item[key]);
    }
    return item;
  };
  return { value: walk(value), buffers };
}

const TASKS = {
  async export(message) {
    const { api, extraBytes } = await documentsApi(true);
    const { value, buffers } = plainOut(api.export(String(message.text), message.on || null));
    value.extraBytes = extraBytes;
    return { json: value, transfer: buffers };
  },
  async chart(message) {
    const { api } = await documentsApi(false);
    return { json: api.chart(String(message.text), message.on || null) };
  },
  async summary(message) {
    const { api } = await documentsApi(false);
    const files = (message.files || []).map((file) => [String(file.name), new Uint8Array(file.bytes)]);
    let last = 0;
    const progress = (done, total) => {
      const now = performance.now();
      if (done !== total && now - last < 50) return; // enough for a progress bar
      last = now;
      postMessage({ type: "task-progress", id: message.id, done, total });
    };
    return { json: api.summary(files, progress, message.on || null) };
  },
  async "summary-file"(message) {
    const { api, extraBytes } = await documentsApi(message.kind === "xlsx");
    const { value, buffers } = plainOut(api.summary_file(String(message.text), String(message.kind), message.lang || "zh"));
    value.extraBytes = extraBytes;
    return { json: value, transfer: buffers };
  },
};

// Pyodide marks the error that ends it (a fatal error in the runtime: every later call
// throws). This worker is then of no more use: it says so and closes; the page starts a
// fresh one (engine.js) and checks its form again.
let dead = null;
function answerError(id, error) {
  const text = String(error && error.message || error);
  if (error && error.pyodide_fatal_error) dead = text;
  if (dead) {
    postMessage({ type: "fatal", message: dead });
    self.close();
    return;
  }
  postMessage({ type: "error", id, message: text });
}

async function runTask(message) {
  try {
    const { json, transfer = [] } = await TASKS[message.type](message);
    postMessage({ type: "result", id: message.id, json }, transfer);
  } catch (error) {
    answerError(message.id, error);
  }
}

self.onmessage = async (event) => {
  const message = event.data || {};
  if (message.type === "boot") {
    booting = booting || boot().catch((error) => {
      booting = null; // a later "boot" retries
      postMessage({ type: "failed", message: String(error && error.message || error) });
    });
    return;
  }
  if (dead) {
    answerError(message.id, dead);
    return;
  }
  if (!py) {
    postMessage({ type: "error", id: message.id, message: "engine not ready" });
    return;
  }
  if (Object.prototype.hasOwnProperty.call(TASKS, message.type)) {
    await runTask(message);
    return;
  }
  try {
    let json;
    const started = performance.now();
    // The form's JSON as UTF-8 bytes: Python copies them in one go (JSON.stringify writes
    // no lone surrogate, so nothing is lost in the encoding).
    if (message.type === "check") json = py.check_json(utf8.encode(String(message.text)), message.on || null);
    else if (message.type === "import") json = py.read_import(String(message.text));
    else throw new Error("unknown message " + message.type);
    // ms: the Python call alone (the bench tells it apart from the page's own work).
    postMessage({ type: "result", id: message.id, json, ms: Math.round((performance.now() - started) * 10) / 10 });
  } catch (error) {
    answerError(message.id, error);
  }
};
