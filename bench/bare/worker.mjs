// The bare comparison worker: the same vendored Pyodide files and the same lock file as
// the checker's worker (site/engine/), loads pydantic and its dependencies from that lock,
// imports pydantic, posts "done". No fetch wrapper, no rules, no castform wheel (until
// after "done": see the end).
const params = new URL(import.meta.url).searchParams;
const runtime = new URL(params.get("runtime"), self.location.origin).href;
const lock = new URL(params.get("lock"), self.location.origin).href;
// Optional, for the benchmark's reference row: another standard library zip (the checker's).
const stdlib = params.get("stdlib") ? new URL(params.get("stdlib"), self.location.origin).href : undefined;

try {
  const t0 = performance.now();
  const { loadPyodide } = await import(runtime + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL: runtime, lockFileURL: lock, stdLibURL: stdlib, stdout: () => {}, stderr: () => {} });
  const t1 = performance.now();
  await pyodide.loadPackage(["pydantic"], { messageCallback: () => {}, errorCallback: (m) => console.warn(m) });
  const t2 = performance.now();
  pyodide.runPython("import pydantic");
  const t3 = performance.now();
  postMessage({
    type: "done",
    packages: Object.keys(pyodide.loadedPackages).sort(),
    timings: { runtime_ms: Math.round(t1 - t0), packages_ms: Math.round(t2 - t1), import_ms: Math.round(t3 - t2) },
  });
  // After "done", not part of the timed figure: where the checker's worker spends its
  // extra "rules" time — pydantic's first model, castform's import (its models and rule
  // tables), a first and a second check of an empty application.
  const extra = {};
  let s = performance.now();
  pyodide.runPython("from pydantic import BaseModel\nclass M(BaseModel):\n    x: int\nM(x=1)");
  extra.basemodel_ms = Math.round(performance.now() - s);
  s = performance.now();
  await pyodide.loadPackage(["castform"], { messageCallback: () => {} });
  extra.castform_wheel_ms = Math.round(performance.now() - s);
  s = performance.now();
  pyodide.runPython("import castform.browser");
  extra.castform_import_ms = Math.round(performance.now() - s);
  const api = pyodide.pyimport("castform.browser");
  for (const key of ["first_check_ms", "second_check_ms"]) {
    s = performance.now();
    api.check_json('{"format": "castform-application/1"}');
    extra[key] = Math.round(performance.now() - s);
  }
  postMessage(Object.assign({ type: "extra" }, extra));
} catch (error) {
  postMessage({ type: "failed", message: String((error && error.message) || error) });
}
