// The deadline badge (<span class="cf-deadline" data-deadline="2021-06-08"
// data-inclusive="true" data-label-open="还剩 {days} 天" …>, written by the pages): the
// days left, counted in Beijing time. Its labels come from the page (data-label-*), so
// this file holds no language.
const DAY_MS = 24 * 60 * 60 * 1000;

// Today's date where the notice applies (Beijing time), as a UTC midnight timestamp, so
// an applicant abroad sees the same count as one in Beijing.
function todayInBeijing(now) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
  }).formatToParts(now);
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return Date.UTC(get("year"), get("month") - 1, get("day"));
}

// Days from today to the deadline: > 0 open, 0 the last day (if the deadline day counts),
// otherwise closed.
export function deadlineState(isoDate, inclusive, now) {
  const [year, month, day] = isoDate.split("-").map(Number);
  const days = Math.round((Date.UTC(year, month - 1, day) - todayInBeijing(now)) / DAY_MS);
  if (days > 0) return { state: "open", days };
  if (days === 0 && inclusive) return { state: "today", days: 0 };
  return { state: "closed", days };
}

export function mount(el) {
  const result = deadlineState(el.dataset.deadline, el.dataset.inclusive === "true", new Date());
  const label = el.getAttribute("data-label-" + result.state) || "";
  el.textContent = label.replace("{days}", String(result.days));
  el.classList.remove("cf-deadline--open", "cf-deadline--today", "cf-deadline--closed");
  el.classList.add("cf-deadline--" + result.state);
  el.setAttribute("data-state", result.state);
}

// As before the modules: the count is there for a page's own script or a test to use.
window.castform = window.castform || {};
window.castform.deadlineState = deadlineState;
