// Starts the bare worker at once and records, on the page's clock (performance.now(),
// from navigation start), when it says it is done. bench/checker_bench.py reads
// window.bareResult and waits for body[data-done] (or body[data-failed]).
const worker = new Worker(new URL("worker.mjs" + location.search, import.meta.url), { type: "module" });
const status = document.getElementById("status");
worker.onmessage = (event) => {
  const msg = event.data;
  if (msg.type === "done") {
    const doneMs = performance.now();
    window.bareResult = Object.assign({ done_ms: doneMs }, msg);
    status.textContent = `done in ${Math.round(doneMs)} ms`;
    document.body.dataset.done = String(Math.round(doneMs));
  } else if (msg.type === "extra") {
    window.bareExtra = msg;
  } else if (msg.type === "failed") {
    status.textContent = "failed: " + msg.message;
    document.body.dataset.failed = msg.message;
  }
};
worker.onerror = (event) => {
  status.textContent = "worker error: " + event.message;
  document.body.dataset.failed = event.message || "worker error";
};
