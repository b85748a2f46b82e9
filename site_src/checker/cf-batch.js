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
// rows' reports) and cf-batch-open.js (a file into the checker as its draft).
import { download, el, fmt, inSlices, lastLine } from "./cf-util.js";
import { fromDrop, fromFolderPicker, fromPicker, readBytes, readText, reviewable } from "./cf-batch-files.js";
import { openInChecker } from "./cf-batch-open.js";
import { batchTable } from "./cf-batch-table.js";

const TEXT = {
  zh: {
    pick: "选择文件", pick_folder: "选择文件夹", clear: "清空",
    drop: "把申报文件（.json）或整个文件夹拖到这里，或用上面的按钮选择。文件只在本浏览器中检查，不会上传。",
    reading: "正在读取 {n} 个文件……", checking: "已检查 {done} / {total} 个文件",
    checked: "已检查 {n} 个文件：{ready} 个可以报送，{notReady} 个尚不能报送，{unreadable} 个无法读取，{failed} 个检查失败。",
    none: "没有找到 .json 文件。", failed: "检查没有完成：",
    checks: "跨文件核查", xlsx: "下载汇总表 (.xlsx)", csv: "下载汇总表 (.csv)",
    details: "展开", hide: "收起", open: "在核查页面打开", loading: "正在读取报告……",
    no_findings: "没有发现问题。", report_failed: "无法显示此文件的报告：",
    overwrite: "核查页面已保存了另一份草稿（{title}）。用“{file}”替换它吗？替换前请先在核查页面导出保存原草稿。",
    untitled: "未命名", opened: "已存为核查页面的草稿：{file}。",
    cannot_open: "无法在核查页面打开：", storage_full: "浏览器无法保存草稿（存储已满或被禁用）。",
    severity: { error: "错误", warning: "警告", info: "提示" },
    sort: "按此列排序",
  },
  en: {
    pick: "Choose files", pick_folder: "Choose a folder", clear: "Clear",
    drop: "Drop application files (.json) or a whole folder here, or choose them with the buttons above. Files are checked in this browser only and never uploaded.",
    reading: "Reading {n} files…", checking: "Checked {done} of {total} files",
    checked: "Checked {n} files: {ready} ready, {notReady} not ready, {unreadable} cannot be read, {failed} failed.",
    none: "No .json files found.", failed: "The check did not finish: ",
    checks: "Checks across the files", xlsx: "Download the table (.xlsx)", csv: "Download the table (.csv)",
    details: "Open", hide: "Close", open: "Open in the checker", loading: "Reading the report…",
    no_findings: "No problems found.", report_failed: "Cannot show this file's report: ",
    overwrite: "The checker holds another draft ({title}). Replace it with “{file}”? Export the draft from the checker first to keep it.",
    untitled: "untitled", opened: "Saved as the checker's draft: {file}.",
    cannot_open: "Cannot open it in the checker: ", storage_full: "The browser cannot store the draft (storage full or disabled).",
    severity: { error: "error", warning: "warning", info: "info" },
    sort: "Sort by this column",
  },
};
export function mount(root) {
  const lang = root.dataset.lang === "en" ? "en" : "zh";
  const t = TEXT[lang];
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
