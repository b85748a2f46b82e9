// The engine's panel: loading (with bytes), ready, failed (with Retry), unsupported.
export function mount(panel, app) {
  const t = app.t;
  const text = panel.querySelector("#cf-engine-text");
  const detail = panel.querySelector("#cf-engine-detail");
  const bar = panel.querySelector("#cf-engine-progress");
  const retry = panel.querySelector("#cf-engine-retry");
  app.listen(retry, "click", () => app.engine.retry());
  const unsubscribe = app.engine.subscribe((state) => {
    panel.dataset.phase = state.phase;
    retry.hidden = state.phase !== "failed";
    if (state.phase === "ready") {
      text.textContent = t.engine_ready;
      bar.value = 100;
      detail.textContent = "";
    } else if (state.phase === "failed") {
      text.textContent = state.message === "timeout" ? t.engine_timeout : t.engine_failed;
      detail.textContent = state.message === "timeout" ? "" : state.message;
    } else if (state.phase === "unsupported") {
      text.textContent = t.no_wasm;
      detail.textContent = "";
    } else {
      text.textContent = t.engine_loading;
      const mb = (n) => (n / 1048576).toFixed(1);
      const stage = t["stage_" + (state.stage || "runtime")] || "";
      bar.value = state.total ? Math.min(99, Math.round((state.loaded / state.total) * 95)) : 0;
      detail.textContent = state.total ? `${stage} · ${mb(state.loaded)} / ${mb(state.total)} MB` : stage;
    }
  });
  app.on("unmount", unsubscribe);
}
