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
let received = 0;
const plainFetch = self.fetch.bind(self);
self.fetch = async (...args) => {
  const response = await plainFetch(...args);
  if (!response.body) return response;
  const counter = new TransformStream({
    transform(chunk, controller) {
      received += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return new Response(response.body.pipeThrough(counter), {
    status: response.status, statusText: response.statusText, headers: response.headers,
  });
};

function progress(stage, total) {
  postMessage({ type: "progress", stage, loaded: received, total });
}

async function boot() {
  const started = performance.now();
  const manifest = MANIFEST;
  const total = manifest.bytes.runtime + manifest.bytes.packages;
  const ticker = setInterval(() => progress(received < manifest.bytes.runtime ? "runtime" : "packages", total), 100);
  try {
    progress("runtime", total);
    const { loadPyodide } = await import(new URL(manifest.runtime + "pyodide.mjs", here).href);
    const pyodide = await loadPyodide({
      indexURL: new URL(manifest.runtime, here).href,
      lockFileURL: new URL(manifest.packages + "pyodide-lock.json", here).href,
      stdout: () => {},
      stderr: (line) => console.warn("[castform engine]", line),
    });
    const runtimeDone = performance.now();
    progress("packages", total);
    await pyodide.loadPackage(manifest.load, { messageCallback: () => {}, errorCallback: (m) => console.warn(m) });
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
    // Warm the rules once, so the applicant's first check is as fast as the rest.
    api.check_json('{"format": "castform-application/1"}');
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
