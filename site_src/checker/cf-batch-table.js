// The batch page's table: the review's rows as Python wrote them (money already
// formatted), sortable by any column, a row opening to its full report and the budget's
// picture; and the checks across the files above it. Drawn a few rows at a time, so that
// hundreds of rows never freeze the page. JavaScript does no sums here either: totals
// sort by Python's order of them (result.order.total).
import { el, inSlices, lastLine } from "./cf-util.js";
import { svgNode } from "./cf-documents.js";

const STATUS_ORDER = { ready: 0, "not-ready": 1, unreadable: 2, failed: 3 };

// root: #cf-batch (data-drawing while rows are being drawn); wrap and checks: the boxes
// the table and the checks go in; fileText(index) reads a row's file again; onOpen(index)
// is "open in the checker".
export function batchTable({ root, wrap, checks, t, lang, engine, fileText, onOpen }) {
  let result = null;
  let sort = { column: -1, descending: false };
  const open = new Set(); // rows (by index) shown with their report
  let drawing = 0; // the draw being made; a newer one stops an older one

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

  function drawChecks() {
    checks.replaceChildren(
      el("h2", {}, t.checks),
      el("ul", {}, ...result.checks.map((check) => el("li", { class: `cf-${check.severity}`, "data-check": check.id },
        `[${t.severity[check.severity]}] `, check.message[lang] || check.message.zh))));
    checks.hidden = result.checks.length === 0;
  }

  async function draw() {
    const mine = ++drawing;
    root.dataset.drawing = "true";
    const rows = result.table[lang];
    const head = el("tr", {}, ...rows[0].map((heading, column) => {
      const th = el("th", { scope: "col" }, el("button", { type: "button", title: t.sort, "data-column": String(column) }, heading));
      if (sort.column === column) th.setAttribute("aria-sort", sort.descending ? "descending" : "ascending");
      return th;
    }));
    const body = el("tbody", {});
    wrap.replaceChildren(el("table", { class: "cf-batch-table", id: "cf-batch-table" }, el("thead", {}, head), body));
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
    if (row.problem) box.append(el("p", {}, row.problem[lang] || row.problem.zh));
    if (row.status === "ready" || row.status === "not-ready") {
      box.append(el("p", { class: "cf-help" }, t.loading),
        el("button", { type: "button", class: "md-button", "data-open": String(index) }, t.open));
      fillReport(index, box);
    }
    return el("tr", { class: "cf-batch-details" }, el("td", { colspan: "8" }, box));
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

  // A click in the table: a heading sorts (again: the other way), a row's button opens or
  // closes its report, the report's button opens the file in the checker.
  function click(event) {
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
      onOpen(Number(button.dataset.open));
    }
  }

  return {
    click,
    // A new review, in the files' order with every row closed; resolves once drawn (false
    // if a newer draw or clear() stopped it).
    show(review) {
      result = review;
      sort = { column: -1, descending: false };
      open.clear();
      drawChecks();
      return draw();
    },
    clear() {
      drawing++;
      delete root.dataset.drawing;
      result = null;
      open.clear();
      checks.hidden = true;
      wrap.replaceChildren();
    },
  };
}
