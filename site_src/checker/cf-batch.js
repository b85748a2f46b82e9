// The batch review page for a consortium secretariat (docs/batch.md): many application
// files at once (picker, folder, drag and drop), checked in the engine's worker by
// castform.batch.review — the same Python as `castform summary` — with a progress bar,
// so hundreds of files never freeze the page. The table is Python's text (money already
// formatted), sortable; a row opens to its report and can go to the checker as the draft
// (after asking, never over a draft silently). The table downloads as .xlsx and CSV,
// written by the CLI's own writers. Nothing leaves the browser; JavaScript does no sums.
//
// This module mounts the page and runs a review; its parts are cf-batch-files.js (what
// the pickers and a drop hand over), cf-batch-table.js (the table, its sorting and the
// rows' reports) and cf-batch-open.js (a file into the checker as its draft). Their words
// are the page config's `text` (data-config on the root, written by the build from the
// catalogue, castform/words: sitebuild/batchpage.py).
import { download, el, fmt, inSlices, lastLine } from "./cf-util.js";
import { fromDrop, fromFolderPicker, fromPicker, readBytes, readText, reviewable } from "./cf-batch-files.js";
import { openInChecker } from "./cf-batch-open.js";
import { batchTable } from "./cf-batch-table.js";

export function mount(root) {
  const lang = root.dataset.lang === "en" ? "en" : "zh";
  const t = JSON.parse(root.dataset.config).text;
  const engine = window.castformEngine;
  const checkerLink = document.getElementById("cf-batch-checker");
  const checkerUrl = checkerLink ? checkerLink.href : new URL("../checker/", location.href).href;
  const cleanups = [];
  const listen = (target, name, fn) => {
    target.addEventListener(name, fn);
    cleanups.push(() => target.removeEventListener(name, fn));
  };

  const pickInput = el("input", { type: "file", id: "cf-batch-files", multiple: true, accept: ".json,application/json", class: "cf-visually-hidden" });
  const folderInput = el("input", { type: "file", id: "cf-batch-folder", multiple: true, class: "cf-visually-hidden" });
  folderInput.webkitdirectory = true;
  const clear = el("button", { type: "button", class: "md-button", id: "cf-batch-clear" }, t.clear);
  const drop = el("div", { class: "cf-batch-drop", id: "cf-batch-drop" },
    el("p", {},
      el("label", { class: "md-button md-button--primary", for: "cf-batch-files" }, t.pick), pickInput, " ",
      el("label", { class: "md-button", for: "cf-batch-folder" }, t.pick_folder), folderInput, " ", clear),
    el("p", { class: "cf-help" }, t.drop));
  const progress = el("progress", { id: "cf-batch-progress", max: "1", value: "0", hidden: true });
  const status = el("p", { id: "cf-batch-status", role: "status", "aria-live": "polite" });
  const checks = el("section", { id: "cf-batch-checks", class: "cf-batch-checks", hidden: true });
  const downloads = el("p", { id: "cf-batch-downloads", hidden: true },
    el("button", { type: "button", class: "md-button", id: "cf-batch-xlsx" }, t.xlsx), " ",
    el("button", { type: "button", class: "md-button", id: "cf-batch-csv" }, t.csv));
  const tableWrap = el("div", { class: "md-typeset__table cf-batch-wrap", id: "cf-batch-wrap" });
  root.replaceChildren(drop, progress, status, checks, downloads, tableWrap);

  let run = 0; // the review being shown; a newer one wins
  let result = null; // the review (plain data) and its JSON text
  let resultText = "";
  let files = []; // the File of each row, to read again for its report or the checker
  const table = batchTable({
    root, wrap: tableWrap, checks, t, lang, engine,
    fileText: (index) => readText(files[index]),
    onOpen: (index) => openInChecker({
      engine, t, lang, notice: root.dataset.notice, checkerUrl, name: result.rows[index].file,
      readText: () => readText(files[index]), say: (text) => { status.textContent = text; },
    }),
  });

  async function review(picked) {
    const mine = ++run;
    const chosen = reviewable(picked);
    result = null;
    table.clear();
    downloads.hidden = true;
    root.dataset.state = "working";
    root.dataset.started = String(Math.round(performance.now()));
    if (!chosen.length) {
      status.textContent = t.none;
      root.dataset.state = "empty";
      return;
    }
    status.textContent = fmt(t.reading, { n: chosen.length });
    progress.hidden = false;
    progress.max = chosen.length;
    progress.value = 0;
    const started = performance.now();
    try {
      // Each read is started a few at a time: starting 200 at once was one task of ~190 ms.
      const reads = [];
      if (!await inSlices(chosen, (p) => reads.push(readBytes(p.file)), () => mine === run)) return;
      const buffers = await Promise.all(reads);
      if (mine !== run) return;
      const text = await engine.task(
        { type: "summary", files: chosen.map((p, i) => ({ name: p.name, bytes: buffers[i] })) },
        {
          transfer: buffers,
          onProgress: ({ done, total }) => {
            if (mine !== run) return;
            progress.max = total;
            progress.value = done;
            root.dataset.progressUpdates = String(Number(root.dataset.progressUpdates || 0) + 1);
            status.textContent = fmt(t.checking, { done, total });
          },
        },
      );
      if (mine !== run) return;
      files = chosen.map((p) => p.file);
      resultText = text;
      result = JSON.parse(text);
      downloads.hidden = false;
      await table.show(result);
      if (mine !== run) return;
      const c = result.counts;
      status.textContent = fmt(t.checked, { n: result.rows.length, ready: c.ready, notReady: c["not-ready"], unreadable: c.unreadable, failed: c.failed });
      root.dataset.ms = String(Math.round(performance.now() - started));
      root.dataset.state = "done";
    } catch (error) {
      if (mine !== run) return;
      status.textContent = t.failed + lastLine(error);
      root.dataset.state = "failed";
    } finally {
      if (mine === run) progress.hidden = true;
    }
  }

  async function saveTable(kind) {
    if (!result) return;
    try {
      const file = await engine.task({ type: "summary-file", text: resultText, kind, lang });
      download(file.name, file.data, file.type);
      root.dataset.downloaded = kind;
    } catch (error) {
      status.textContent = t.failed + lastLine(error);
    }
  }

  listen(pickInput, "change", () => {
    const picked = fromPicker(pickInput);
    pickInput.value = "";
    review(picked);
  });
  listen(folderInput, "change", () => {
    const picked = fromFolderPicker(folderInput);
    folderInput.value = "";
    review(picked);
  });
  listen(clear, "click", () => {
    run++;
    result = null;
    files = [];
    table.clear();
    downloads.hidden = true;
    progress.hidden = true;
    status.textContent = "";
    delete root.dataset.state;
  });
  listen(drop, "dragover", (event) => { event.preventDefault(); drop.classList.add("cf-dragging"); });
  listen(drop, "dragleave", () => drop.classList.remove("cf-dragging"));
  listen(drop, "drop", async (event) => {
    event.preventDefault();
    drop.classList.remove("cf-dragging");
    if (event.dataTransfer) review(await fromDrop(event.dataTransfer));
  });
  listen(tableWrap, "click", (event) => table.click(event));
  listen(downloads, "click", (event) => {
    const button = event.target.closest("button");
    if (button && button.id === "cf-batch-xlsx") saveTable("xlsx");
    if (button && button.id === "cf-batch-csv") saveTable("csv");
  });

  engine.start();
  window.castformBatch = { root, get result() { return result; }, review: (picked) => review(picked) };
  return () => {
    run++;
    table.clear();
    for (const cleanup of cleanups.splice(0)) cleanup();
    if (window.castformBatch && window.castformBatch.root === root) window.castformBatch = null;
  };
}
