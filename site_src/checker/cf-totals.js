// The budget's totals below the form, as the Python rules computed them (JavaScript does
// no arithmetic on money).
import { el } from "./cf-util.js";

export function mount(box, app) {
  const t = app.t;
  let drawn = null;
  app.on("report", ({ figures = {} }) => {
    const key = JSON.stringify([figures.lines_total, figures.declared_total, figures.limit_kind, figures.within, figures.cap_wan, figures.low_wan, figures.high_wan]);
    if (drawn === key) return;
    drawn = key;
    if (!figures.lines_total) {
      box.replaceChildren(); // no lines (left): no totals, rather than the last ones
      return;
    }
    const items = [el("p", {}, `${t.lines_total}: ${figures.lines_total} ${t.yuan}（${figures.lines_total_wan} ${t.wan}）`)];
    if (figures.declared_total) items.push(el("p", {}, `${t.declared_total}: ${figures.declared_total} ${t.yuan}（${figures.declared_total_wan} ${t.wan}）`));
    if (figures.limit_kind === "cap") {
      items.push(el("p", { class: figures.within ? "cf-ok" : "cf-over" }, `${t.cap}: ${figures.cap_wan} ${t.wan} — ${figures.within ? t.within : t.over}`));
    } else if (figures.limit_kind === "band") {
      items.push(el("p", { class: figures.within ? "cf-ok" : "cf-over" }, `${t.band}: ${figures.low_wan}–${figures.high_wan} ${t.wan}`));
    }
    box.replaceChildren(...items);
  });
  app.on("failed", () => {
    drawn = null;
    box.replaceChildren(el("p", {}, t.no_totals));
  });
}
