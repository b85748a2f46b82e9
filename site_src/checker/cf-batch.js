// The batch review page for a consortium secretariat (docs/batch.md): many application
// files at once (picker, folder, drag and drop), checked in the engine's worker by
// castform.batch.review — the same Python as `castform summary` — with a progress bar,
// so hundreds of files never freeze the page. The table is Python's text (money already
// formatted), sortable; a row opens to its report and can go to the checker as the draft
// (after asking, never over a draft silently). The table downloads as .xlsx and CSV,
// written by the CLI's own writers. Nothing leaves the browser; JavaScript does no sums.
import { download, el, inSlices, lastLine } from "./cf-util.js";
import { svgNode } from "./cf-documents.js";

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
// Bytes read of each file: the CLI reads 2 MB + 1 and refuses more; Python cuts at that
// limit again, this only bounds what the page holds in memory.
const READ_AT_MOST = 4 * 1024 * 1024;
const STATUS_ORDER = { ready: 0, "not-ready": 1, unreadable: 2, failed: 3 };

function fill(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (_, key) => (key in values ? String(values[key]) : ""));
}

// Every file under a dropped folder (webkitGetAsEntry), with its path in the folder.
async function entryFiles(entry, out) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    out.push({ file, name: entry.fullPath.replace(/^\//, ""), inFolder: true });
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) break;
      for (const child of batch) await entryFiles(child, out);
    }
  }
}

export function mount(root) {
  const lang = root.dataset.lang === "en" ? "en" : "zh";
  const t = TEXT[lang];
  const engine = window.castformEngine;
  const draftKey = `castform:${root.dataset.notice}:application`;
  const attentionKey = `castform:${root.dataset.notice}:attention`;
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
  let sort = { column: -1, descending: false };
  const open = new Set(); // rows (by index) shown with their report

  async function review(picked) {
    const mine = ++run;
    const chosen = picked.filter((p) => !p.inFolder || /\.json$/i.test(p.file.name));
    result = null;
    open.clear();
    checks.hidden = true;
    downloads.hidden = true;
    tableWrap.replaceChildren();
    root.dataset.state = "working";
    root.dataset.started = String(Math.round(performance.now()));
    if (!chosen.length) {
      status.textContent = t.none;
      root.dataset.state = "empty";
      return;
    }
    status.textContent = fill(t.reading, { n: chosen.length });
    progress.hidden = false;
    progress.max = chosen.length;
    progress.value = 0;
    const started = performance.now();
    try {
      const buffers = await Promise.all(chosen.map((p) => p.file.slice(0, READ_AT_MOST).arrayBuffer()));
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
            status.textContent = fill(t.checking, { done, total });
          },
        },
      );
      if (mine !== run) return;
      files = chosen.map((p) => p.file);
      resultText = text;
      result = JSON.parse(text);
      sort = { column: -1, descending: false };
      await draw();
      if (mine !== run) return;
      const c = result.counts;
      status.textContent = fill(t.checked, { n: result.rows.length, ready: c.ready, notReady: c["not-ready"], unreadable: c.unreadable, failed: c.failed });
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

  function sortValue(index, column) {
    const row = result.rows[index];
    switch (column) {
      case 4: return result.order.total[index];
      case 5: return row.errors;
      case 6: return row.warnings;
      case 7: return STATUS_ORDER[row.status];
      default: return result.table[lang][index + 1][column];
    }
  }

  function ordered() {
    const indexes = result.rows.map((_, i) => i);
    if (sort.column < 0) return indexes;
    const collator = new Intl.Collator(lang === "zh" ? "zh-CN" : "en");
    indexes.sort((a, b) => {
      const x = sortValue(a, sort.column);
      const y = sortValue(b, sort.column);
      const order = typeof x === "number" ? x - y : collator.compare(x, y);
      return (sort.descending ? -order : order) || a - b;
    });
    return indexes;
  }

  // The table is drawn a few rows at a time, yielding to the browser between slices, so
  // that hundreds of rows never freeze the page; a newer draw stops an older one.
  let drawing = 0;
  async function draw() {
    const mine = ++drawing;
    root.dataset.drawing = "true";
    const rows = result.table[lang];
    checks.replaceChildren(
      el("h2", {}, t.checks),
      el("ul", {}, ...result.checks.map((check) => el("li", { class: `cf-${check.severity}`, "data-check": check.id },
        `[${t.severity[check.severity]}] `, check.message[lang] || check.message.zh))));
    checks.hidden = result.checks.length === 0;
    downloads.hidden = false;
    const head = el("tr", {}, ...rows[0].map((heading, column) => {
      const th = el("th", { scope: "col" }, el("button", { type: "button", title: t.sort, "data-column": String(column) }, heading));
      if (sort.column === column) th.setAttribute("aria-sort", sort.descending ? "descending" : "ascending");
      return th;
    }));
    const body = el("tbody", {});
    tableWrap.replaceChildren(el("table", { class: "cf-batch-table", id: "cf-batch-table" }, el("thead", {}, head), body));
    const done = await inSlices(ordered(), (index) => {
      const row = result.rows[index];
      const cells = rows[index + 1];
      const toggle = el("button", { type: "button", class: "md-button cf-small", "data-toggle": String(index), "aria-expanded": String(open.has(index)) },
        open.has(index) ? t.hide : t.details);
      const tr = el("tr", { class: row.ready ? "cf-ready" : "cf-not-ready", "data-row": String(index), "data-status": row.status },
        ...cells.map((cell, column) => el("td", { class: column >= 4 && column <= 6 ? "cf-num" : column === 7 ? "cf-status" : null }, cell)));
      tr.firstChild.replaceChildren(el("span", { class: "cf-file" }, cells[0]), " ", toggle);
      body.append(tr);
      if (open.has(index)) body.append(details(index));
    }, () => mine === drawing && result !== null);
    if (mine === drawing) delete root.dataset.drawing;
    return done;
  }

  function details(index) {
    const row = result.rows[index];
    const box = el("div", { class: "cf-batch-report", "data-report": String(index) });
    const openButton = el("button", { type: "button", class: "md-button", "data-open": String(index) }, t.open);
    if (row.problem) box.append(el("p", {}, row.problem[lang] || row.problem.zh));
    if (row.status === "ready" || row.status === "not-ready") {
      box.append(el("p", { class: "cf-help" }, t.loading), openButton);
      fillReport(index, box);
    }
    return el("tr", { class: "cf-batch-details" }, el("td", { colspan: "8" }, box));
  }

  async function fileText(index) {
    const bytes = await files[index].slice(0, READ_AT_MOST).arrayBuffer();
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  }

  // The row's full report: the same check as the checker's, on the file as it is, and
  // the budget's picture (castform.documents.chart, as beside the checker's totals).
  async function fillReport(index, box) {
    let items;
    try {
      const text = await fileText(index);
      engine.task({ type: "chart", text }).then((svg) => {
        const node = svgNode(svg);
        if (node && box.isConnected) box.append(el("figure", { class: "cf-chart", "data-chart": String(index) }, node));
      }).catch(() => {});
      const payload = JSON.parse(await engine.request("check", text));
      const findings = payload.report.findings;
      items = findings.length ? [el("ul", {}, ...findings.map((f) => el("li", { class: `cf-${f.severity}` },
        `[${t.severity[f.severity] || f.severity}] `, (f.message && (f.message[lang] || f.message.zh)) || "",
        f.citation ? ` — ${f.citation[lang] || f.citation.zh}` : "", f.field ? el("code", { class: "cf-path" }, ` ${f.field}`) : "")))]
        : [el("p", {}, t.no_findings)];
    } catch (error) {
      items = [el("p", {}, t.report_failed + lastLine(error))];
    }
    box.firstChild.replaceWith(...items);
  }

  function draftTitle() {
    try {
      const stored = JSON.parse(localStorage.getItem(draftKey) || "null");
      const data = stored && stored.data;
      if (!data || typeof data !== "object") return null;
      const filled = Object.keys(data).filter((key) => key !== "format" && key !== "notice");
      if (!filled.length) return null;
      return { title: typeof data.title === "string" && data.title ? data.title : t.untitled, text: JSON.stringify(data) };
    } catch (_) {
      return null;
    }
  }

  async function openInChecker(index) {
    const name = result.rows[index].file;
    let answer;
    try {
      answer = JSON.parse(await engine.request("import", await fileText(index)));
    } catch (error) {
      status.textContent = t.cannot_open + lastLine(error);
      return;
    }
    if (!answer.ok) {
      status.textContent = t.cannot_open + (answer.message[lang] || answer.message.zh);
      return;
    }
    const existing = draftTitle();
    if (existing && existing.text !== JSON.stringify(answer.data)
        && !window.confirm(fill(t.overwrite, { title: existing.title, file: name }))) return;
    try {
      localStorage.setItem(draftKey, JSON.stringify({ tab: "batch", savedAt: Date.now(), data: answer.data }));
      const attention = Array.isArray(answer.attention) ? answer.attention : [];
      if (attention.length) localStorage.setItem(attentionKey, JSON.stringify({ name, items: attention }));
      else localStorage.removeItem(attentionKey);
    } catch (_) {
      status.textContent = t.storage_full;
      return;
    }
    status.textContent = fill(t.opened, { file: name });
    if (!window.open(checkerUrl, "_blank")) location.assign(checkerUrl);
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
    const picked = Array.from(pickInput.files || [], (file) => ({ file, name: file.name, inFolder: false }));
    pickInput.value = "";
    review(picked);
  });
  listen(folderInput, "change", () => {
    const picked = Array.from(folderInput.files || [], (file) => ({ file, name: file.webkitRelativePath || file.name, inFolder: true }));
    folderInput.value = "";
    review(picked);
  });
  listen(clear, "click", () => {
    run++;
    drawing++;
    delete root.dataset.drawing;
    result = null;
    files = [];
    open.clear();
    checks.hidden = true;
    downloads.hidden = true;
    progress.hidden = true;
    tableWrap.replaceChildren();
    status.textContent = "";
    delete root.dataset.state;
  });
  listen(drop, "dragover", (event) => { event.preventDefault(); drop.classList.add("cf-dragging"); });
  listen(drop, "dragleave", () => drop.classList.remove("cf-dragging"));
  listen(drop, "drop", async (event) => {
    event.preventDefault();
    drop.classList.remove("cf-dragging");
    const transfer = event.dataTransfer;
    if (!transfer) return;
    const entries = Array.from(transfer.items || [], (item) => (item.webkitGetAsEntry ? item.webkitGetAsEntry() : null));
    const picked = [];
    if (entries.length && entries.every(Boolean)) {
      for (const entry of entries) {
        if (entry.isFile) picked.push({ file: await new Promise((resolve, reject) => entry.file(resolve, reject)), name: entry.name, inFolder: false });
        else await entryFiles(entry, picked);
      }
    } else {
      for (const file of Array.from(transfer.files || [])) picked.push({ file, name: file.name, inFolder: false });
    }
    review(picked);
  });
  listen(tableWrap, "click", (event) => {
    const button = event.target.closest("button");
    if (!button || !result) return;
    if (button.dataset.column !== undefined) {
      const column = Number(button.dataset.column);
      sort = { column, descending: sort.column === column ? !sort.descending : false };
      draw();
    } else if (button.dataset.toggle !== undefined) {
      const index = Number(button.dataset.toggle);
      if (open.has(index)) open.delete(index);
      else open.add(index);
      draw();
    } else if (button.dataset.open !== undefined) {
      openInChecker(Number(button.dataset.open));
    }
  });
  listen(downloads, "click", (event) => {
    const button = event.target.closest("button");
    if (button && button.id === "cf-batch-xlsx") saveTable("xlsx");
    if (button && button.id === "cf-batch-csv") saveTable("csv");
  });

  engine.start();
  window.castformBatch = { root, get result() { return result; }, review: (picked) => review(picked) };
  return () => {
    run++;
    for (const cleanup of cleanups.splice(0)) cleanup();
    if (window.castformBatch && window.castformBatch.root === root) window.castformBatch = null;
  };
}
