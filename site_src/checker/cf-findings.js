// The result at the top of the form: the verdict (which follows report.ready, never a
// count made here), GOV.UK's error summary with a link to each problem's field, the
// fields still to fill as a neutral progress list, warnings and notes; or, when a check
// could not be made, that and no verdict at all.
import { el, fmt } from "./cf-util.js";

export function mount(result, app) {
  const t = app.t;
  const config = app.config;
  const lang = config.lang;
  let drawnKey = null;

  function sourceLabel(finding) {
    return t["source_" + (finding.source || "notice")] || "";
  }

  function item(finding, withLink) {
    const message = finding.message[lang] || finding.message.zh;
    const targetId = finding.field ? app.targetIdOf(finding.field) : "";
    const li = el("li", { class: `cf-finding cf-${finding.severity}` });
    li.append(withLink && targetId ? el("a", { href: "#" + targetId, "data-focus": targetId }, message) : el("span", {}, message));
    const confirm = finding.field && (app.lastView.confirm || {})[finding.field];
    if (confirm) {
      li.append(" ", el("a", { href: "#" + confirm, "data-focus": confirm, class: "cf-confirm-link" }, t.confirm_link));
    }
    const meta = el("span", { class: "cf-finding-meta" });
    const clause = finding.clause ? (config.clauses || {})[finding.clause] : null;
    const citation = (finding.citation && (finding.citation[lang] || finding.citation.zh)) || (clause ? clause.label : "");
    const kind = sourceLabel(finding);
    if (kind) meta.append(el("span", { class: `cf-source cf-source-${finding.source || "notice"}` }, kind), " ");
    if (citation) {
      meta.append(finding.clause
        ? el("a", { class: "cf-cite", href: `${config.notice}#${finding.clause}` }, citation)
        : el("span", { class: "cf-cite" }, citation));
    }
    if (clause && clause.text) {
      meta.append(" ", el("details", { class: "cf-clause" }, el("summary", {}, t.clause_show), el("blockquote", {}, clause.text)));
    }
    const anchor = (config.rule_anchors || {})[finding.rule];
    const ids = el("small", { class: "cf-ids" },
      anchor ? el("a", { href: `${config.rules}#${anchor}` }, finding.rule) : finding.rule,
      finding.clause ? ` · ${finding.clause}` : "");
    meta.append(" ", ids);
    li.append(" ", meta);
    return li;
  }

  function draw() {
    const report = app.lastReport;
    if (!report) return;
    const findings = report.findings;
    const missingId = config.rule_ids.missing;
    const blocking = (f) => (f.blocking === undefined ? f.severity === "error" : f.blocking === true);
    const pending = [];
    const problems = [];
    for (const f of findings) {
      if (!blocking(f)) continue;
      if (app.pending(f, f.field ? app.targetIdOf(f.field) : "")) pending.push(f);
      else problems.push(f);
    }
    const key = JSON.stringify([findings, pending.length, app.checkAll, lang]) + JSON.stringify(app.lastView);
    if (key === drawnKey) return;
    drawnKey = key;
    const parts = [];
    if (report.ready === true) {
      const box = el("div", { class: "cf-ready", role: "status" }, el("h2", {}, t.ready_title));
      const checklist = findings.filter((f) => f.rule === config.rule_ids.checklist);
      if (checklist.length) {
        box.append(el("p", {}, t.ready_lead), el("ul", { class: "cf-checklist" }, ...checklist.map((f) => item(f, false))));
      }
      parts.push(box);
    } else {
      if (problems.length) {
        // GOV.UK's error summary: a heading, then one link per problem to its field.
        const box = el("div", { class: "cf-summary", role: "alert", "aria-labelledby": "cf-summary-title" },
          el("h2", { id: "cf-summary-title" }, fmt(t.summary_title, { n: problems.length })));
        const missing = problems.filter((f) => f.rule === missingId);
        const other = problems.filter((f) => f.rule !== missingId);
        if (other.length) box.append(el("ul", { class: "cf-summary-list" }, ...other.map((f) => item(f, true))));
        if (missing.length) {
          const group = el("details", { class: "cf-missing" },
            el("summary", {}, fmt(t.missing_title, { n: missing.length })),
            el("ul", { class: "cf-summary-list" }, ...missing.map((f) => item(f, true))));
          if (missing.length <= 5 || !other.length) group.open = true;
          box.append(group);
        }
        parts.push(box);
      }
      if (pending.length) {
        // Not a wall of red on a blank form: what is still to fill, as progress.
        const box = el("div", { class: "cf-progress", role: "status" },
          el("h2", { id: "cf-progress-title" }, fmt(t.to_fill_title, { n: pending.length })));
        if (!problems.length) box.append(el("p", {}, t.to_fill_lead));
        box.append(el("details", { class: "cf-to-fill" }, el("summary", {}, t.to_fill_show),
          el("ul", { class: "cf-progress-list" }, ...pending.map((f) => item(f, true)))));
        parts.push(box);
      }
      if (!problems.length && !pending.length) parts.push(el("div", { class: "cf-summary" }, el("h2", {}, t.not_ready)));
    }
    const warnings = findings.filter((f) => f.severity === "warning" && !blocking(f));
    if (warnings.length) {
      parts.push(el("div", { class: "cf-warnings" }, el("h3", {}, t.warnings_title), el("ul", {}, ...warnings.map((f) => item(f, true)))));
    }
    const notes = findings.filter((f) => f.severity === "info" && f.rule !== config.rule_ids.checklist && !blocking(f));
    if (notes.length) {
      parts.push(el("div", { class: "cf-infos" }, el("h3", {}, t.info_title), el("ul", {}, ...notes.map((f) => item(f, true)))));
    }
    result.replaceChildren(...parts);
  }

  app.on("report", draw);
  app.on("shown", draw);
  app.on("load", () => { drawnKey = null; });
  app.on("failed", ({ engineDown, detail }) => {
    drawnKey = null;
    const li = el("li", { class: "cf-finding cf-error" }, el("span", {}, engineDown ? t.check_failed_engine : t.check_failed));
    if (detail) {
      li.append(" ", el("span", { class: "cf-finding-meta" },
        el("details", { class: "cf-clause" }, el("summary", {}, t.technical_detail), el("blockquote", {}, detail))));
    }
    result.replaceChildren(el("div", { class: "cf-failed", role: "alert" },
      el("h2", {}, t.check_failed_title), el("ul", { class: "cf-summary-list" }, li)));
  });

  // A link to a field moves the focus there and stays on this page.
  app.listen(result, "click", (event) => {
    const link = event.target.closest("a[data-focus]");
    if (!link) return;
    event.preventDefault();
    // Not for material's instant navigation, which would take "#field" for a link to
    // this page, fetch it again and swap the whole checker out (losing focus).
    event.stopPropagation();
    if (app.hooks.finishFill) app.hooks.finishFill();
    focusField(link.dataset.focus);
  });
}

export function focusField(id) {
  const target = document.getElementById(id);
  if (!target) return;
  const focusable = target.matches("input, select, textarea, button") ? target : target.querySelector("input, select, textarea, button") || target;
  if (!focusable.matches("input, select, textarea, button")) focusable.setAttribute("tabindex", "-1");
  // Scroll the field's label or legend into view with it, as govuk-frontend does.
  const label = (focusable.id && document.querySelector(`label[for="${CSS.escape(focusable.id)}"]`)) ||
    (focusable.closest("fieldset") && focusable.closest("fieldset").querySelector("legend"));
  (label || focusable).scrollIntoView({ block: "center" });
  focusable.focus({ preventScroll: true });
}
