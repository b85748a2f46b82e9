// The paper: the 申报书 (.docx) and the budget table (.xlsx) made by the same Python as
// `castform export` (castform.browser_documents, in the engine's worker), a picture of the
// budget beside the totals, and the page's print view (a head that only print shows).
//
// JavaScript here only moves bytes and draws: the documents, the mark 未通过自查 and the
// chart are Python's. The chart is SVG text made by castform.documents.chart from numbers
// and escaped names; it is parsed as image/svg+xml and imported as nodes, never set as
// HTML. XlsxWriter's wheel is fetched by the worker on the first download only. The
// words are the catalogue's [documents_page], in the page config (sitebuild/checkerform.py).
import { download, el, lastLine } from "./cf-util.js";

const SVG_NS = "http://www.w3.org/2000/svg";

// Parse SVG text into a node of this document, or null. Nothing that could run or load
// anything is kept: no script, foreignObject, event handler or outside reference.
export function svgNode(text) {
  if (!text) return null;
  const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
  const root = parsed.documentElement;
  if (!root || root.namespaceURI !== SVG_NS || root.localName !== "svg" || parsed.getElementsByTagName("parsererror").length) {
    return null;
  }
  for (const node of Array.from(root.querySelectorAll("script, foreignObject, image, use, a, iframe, style"))) node.remove();
  for (const node of [root, ...root.querySelectorAll("*")]) {
    for (const attr of Array.from(node.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on") || name === "href" || name === "xlink:href" || name === "style") node.removeAttribute(attr.name);
    }
  }
  return document.importNode(root, true);
}

export function mount(box, app) {
  const lang = app.config.lang === "en" ? "en" : "zh";
  const t = app.config.documents; // the catalogue's [documents_page] (castform/words)
  const engine = app.engine;

  const docx = el("button", { type: "button", class: "md-button md-button--primary", id: "cf-download-docx" }, t.docx);
  const xlsx = el("button", { type: "button", class: "md-button", id: "cf-download-xlsx" }, t.xlsx);
  const print = el("button", { type: "button", class: "md-button", id: "cf-print" }, t.print);
  const status = el("p", { class: "cf-documents-status", id: "cf-documents-status", role: "status", "aria-live": "polite" });
  const figure = el("figure", { class: "cf-chart", id: "cf-chart", "aria-label": t.chart });
  box.replaceChildren(
    el("h2", { id: "cf-documents-title" }, t.title),
    el("p", { class: "cf-help" }, t.lead),
    el("p", { class: "cf-documents-buttons" }, docx, " ", xlsx, " ", print),
    status,
    figure,
  );

  // The print view's head, first in the checker: only print shows it (documents.css).
  const head = el("div", { class: "cf-print-only cf-print-head", id: "cf-print-head" },
    el("p", { class: "cf-print-title" }, t.print_title),
    el("p", { class: "cf-print-note" }, t.print_note));
  const unready = el("div", { class: "cf-print-unready", id: "cf-print-unready", hidden: true },
    el("p", { class: "cf-print-mark" }, t.print_unready));
  head.append(unready);
  app.root.prepend(head);
  app.cleanups.push(() => head.remove());

  // One export per state of the form: both documents come back from one call, so the
  // second button is instant.
  let made = null; // {text, promise}

  function exportNow(text) {
    if (made && made.text === text) return made.promise;
    const promise = engine.task({ type: "export", text });
    made = { text, promise };
    promise.catch(() => { if (made && made.promise === promise) made = null; });
    return promise;
  }

  let busy = false;
  async function save(kind) {
    if (busy) return;
    busy = true;
    box.dataset.state = "working";
    const started = performance.now();
    const text = JSON.stringify(app.data);
    status.textContent = box.dataset.xlsxLoaded ? t.working : t.first_time;
    try {
      const answer = await exportNow(text);
      if (!answer.ok) {
        status.textContent = t.no_application + ((answer.message && (answer.message[lang] || answer.message.zh)) || "");
        box.dataset.state = "refused";
        return;
      }
      box.dataset.xlsxLoaded = "true";
      const file = answer.files.find((f) => f.kind === kind);
      download(file.name, file.data, file.type);
      status.textContent = t.done.replace("{name}", file.name) + (answer.ready ? "" : " — " + t.not_ready);
      box.dataset.state = "done";
      box.dataset.ms = String(Math.round(performance.now() - started));
      if (answer.extraBytes) box.dataset.extraBytes = String(answer.extraBytes);
    } catch (error) {
      status.textContent = t.failed + lastLine(error);
      box.dataset.state = "failed";
    } finally {
      busy = false;
    }
  }
  app.listen(docx, "click", () => save("docx"));
  app.listen(xlsx, "click", () => save("xlsx"));
  app.listen(print, "click", () => window.print());

  // The chart, drawn when the checker is idle and the form has changed since: never
  // between a keystroke and its check.
  let charted = null;
  let charting = false;
  function drawChart() {
    const text = JSON.stringify(app.data);
    if (charting || text === charted || !app.lastReport) return;
    charting = true;
    engine.task({ type: "chart", text })
      .then((svg) => {
        charted = text;
        const node = svgNode(svg);
        if (node) {
          node.setAttribute("class", "cf-chart-svg");
          figure.replaceChildren(node);
        } else figure.replaceChildren();
        figure.dataset.drawn = String(Date.now());
      })
      .catch(() => figure.replaceChildren())
      .finally(() => {
        charting = false;
        if (!app.inFlight && JSON.stringify(app.data) !== charted) drawChart();
      });
  }

  function label() {
    const infrastructure = app.data && app.data.project === "infrastructure";
    docx.textContent = infrastructure ? t.docx_infrastructure : t.docx;
  }

  app.on("report", () => {
    label();
    const ready = app.root.dataset.ready === "true";
    unready.hidden = ready;
    if (!ready && status.textContent === "") status.textContent = t.not_ready;
    if (ready && status.textContent === t.not_ready) status.textContent = "";
  });
  // A moment after the last check, so that typing on is never queued behind a chart.
  let timer = null;
  app.on("idle", () => {
    clearTimeout(timer);
    timer = setTimeout(drawChart, 250);
  });
  app.cleanups.push(() => clearTimeout(timer));
  app.on("failed", () => { charted = null; figure.replaceChildren(); });
  app.on("load", label);
}
