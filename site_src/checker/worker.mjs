// The checker's engine: Pyodide and the castform rules in a module Web Worker.
//
// The page and this worker exchange JSON text only. Messages in:
//   {type: "boot"}                       start (idempotent)
//   {type: "check", id, text, on}         check an application (JSON text)
//   {type: "import", id, text}            read a file the user wants to import
// Messages out:
//   {type: "progress", stage, loaded, total}   stage: runtime | packages | rules
//   {type: "ready", timings}                   {type: "failed", message}
//   {type: "result", id, json}                 {type: "error", id, message}
//
// The engine's files sit beside this worker. The build writes their folders and sizes in
// below (sitebuild/engine.py), so the progress bar can show bytes before they arrive,
// and this file's name changes whenever anything it loads changes.

const MANIFEST = /*CASTFORM_MANIFEST*/;
const here = new URL("./", import.meta.url);
let booting = null;
let py = null;

// Count the bytes of every response as it streams in, for the progress bar. The body is
// passed through unchanged (WebAssembly.instantiateStreaming still sees application/wasm).
// A download that fails (no connection, an error status, a body cut off) fails the boot
// at once: Pyodide only logs a failed wasm download ("wasm instantiation failed!") and
// its loadPyodide() then never settles, which would leave the page waiting for the timeout.
let received = 0;
let downloadFailed = null; // rejects the running boot; set while one runs
const plainFetch = self.fetch.bind(self);
self.fetch = async (...args) => {
  const url = String(args[0] && args[0].url || args[0]);
  const failed = (why) => {
    const error = new Error(`could not download ${url.split("/").pop()}: ${why}`);
    if (downloadFailed) downloadFailed(error);
    return error;
  };
  let response;
  try {
    response = await plainFetch(...args);
  } catch (error) {
    failed(error && error.message || error);
    throw error;
  }
  if (!response.ok) failed(`status ${response.status}`);
  if (!response.body) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream({
    async pull(controller) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (error) {
        controller.error(failed(error && error.message || error));
        return;
      }
      if (chunk.done) controller.close();
      else {
        received += chunk.value.byteLength;
        controller.enqueue(chunk.value);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status, statusText: response.statusText, headers: response.headers,
  });
};

// The same for WebAssembly that downloads but cannot be started (a damaged or truncated
// file that still came with status 200, or the wrong MIME type): Pyodide's loader only
// warns "wasm instantiation failed!" and never settles.
for (const name of ["instantiateStreaming", "instantiate"]) {
  const plain = WebAssembly[name].bind(WebAssembly);
  WebAssembly[name] = (...args) => plain(...args).catch((error) => {
    if (downloadFailed) downloadFailed(new Error(`the engine's WebAssembly could not be started: ${error && error.message || error}`));
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
    const { loadPyodide } = await import(new URL(manifest.runtime + "pyodide.mjs", here).href);
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
    // A wheel that fails its sha256 or its download is only logged by Pyodide, not
    // thrown: ask whether it really loaded.
    for (const name of manifest.load) {
      if (!pyodide.loadedPackages[name]) throw new Error(`package ${name} did not load`);
    }
    const packagesDone = performance.now();
    clearInterval(ticker);
    progress("rules", total);
    pyodide.runPython("import castform.browser");
    const api = pyodide.pyimport("castform.browser");
    // The applicant's first check as fast as the rest.
    api.prepare();
    py = api;
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

self.onmessage = async (event) => {
  const message = event.data || {};
  if (message.type === "boot") {
    booting = booting || boot().catch((error) => {
      booting = null; // a later "boot" retries
      postMessage({ type: "failed", message: String(error && error.message || error) });
    });
    return;
  }
  if (!py) {
    postMessage({ type: "error", id: message.id, message: "engine not ready" });
    return;
  }
  try {
    let json;
    if (message.type === "check") json = py.check_json(String(message.text), message.on || null);
    else if (message.type === "import") json = py.read_import(String(message.text));
    else throw new Error("unknown message " + message.type);
    postMessage({ type: "result", id: message.id, json });
  } catch (error) {
    postMessage({ type: "error", id: message.id, message: String(error && error.message || error) });
  }
};
