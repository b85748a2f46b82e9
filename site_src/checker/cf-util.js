// Small helpers shared by the checker's modules: elements made from text only, the
// application read and written by keys (lists of names and row indexes, given by Python
// in the form's data-keys: no path grammar here), yielding to the browser.

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  // Text only: whatever the user typed or imported is never parsed as HTML.
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function fmt(template, values) {
  return String(template || "").replace(/\{(\w+)\}/g, (_, key) => (key in values ? values[key] : ""));
}

// Let the browser paint and handle input between two pieces of work (setTimeout, not
// requestAnimationFrame: a hidden tab restoring a draft still finishes).
export function yieldToBrowser() {
  if (window.scheduler && typeof window.scheduler.yield === "function") return window.scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// A new task at once, by a message to ourselves: not clamped as nested timers are, nor
// held back in a hidden tab (where timers run once a second).
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()();
export function soon() {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

// Work in slices of at most `budgetMs`, yielding between them; `alive()` false stops it.
// A plain task between slices, not scheduler.yield(): its continuations go before other
// tasks, so the engine's answer (a message) waited until a 1,000-line budget was built.
// perFrame: one slice per frame (the next after the browser has drawn), for work that
// adds to the page: timers run back to back for up to ~100 ms before Chromium renders,
// so a 1,000-line budget's rows came due in one frame and its layout and paint were one
// long task. A hidden tab draws no frames: there, a timer stands in for the frame.
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
// A frame's callback, or after 100 ms a timer standing in for it (a hidden tab draws no
// frames): whichever comes first. `inCallback` schedules `go` from the frame's callback.
function frameOrTimeout(inCallback) {
  return new Promise((resolve) => {
    let done = false;
    const go = () => {
      if (!done) {
        done = true;
        resolve();
      }
    };
    requestAnimationFrame(() => inCallback(go));
    setTimeout(go, 100);
  });
}
const afterFrame = () => frameOrTimeout((go) => setTimeout(go, 0));
// inFrame: each slice, the first too, runs in a frame's requestAnimationFrame callback,
// so what it adds is styled and laid out in that frame, before any other task runs:
// added in a task of its own, rows of a big import waited a frame unstyled, and
// Chromium's autofill, told of the form's values set by script, checked its fields in a
// task of its own meanwhile, laying every such row out in full, content-visibility or
// not (one 100-420 ms task with no script of ours in it, traced at form_tracker's
// FormControlDidChange).
const inFrame = () => frameOrTimeout((go) => go());
export async function inSlices(items, work, alive, budgetMs = 8, { perFrame = false, framed = false } = {}) {
  let i = 0;
  if (framed && items.length) {
    await inFrame();
    if (!alive()) return false;
  }
  while (i < items.length) {
    const until = performance.now() + budgetMs;
    do work(items[i++]); while (i < items.length && performance.now() < until);
    if (i < items.length) {
      await (framed ? inFrame() : perFrame ? afterFrame() : nextTask());
      if (!alive()) return false;
    }
  }
  return true;
}

export function getIn(source, keys) {
  let node = source;
  for (const key of keys) {
    if (node === null || node === undefined || typeof node !== "object") return undefined;
    node = node[key];
  }
  return node;
}

export function setIn(target, keys, value) {
  let node = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i];
    if (node[key] === undefined || node[key] === null || typeof node[key] !== "object") {
      node[key] = typeof keys[i + 1] === "number" ? [] : {};
    }
    node = node[key];
  }
  node[keys[keys.length - 1]] = value;
}

// Remove the value at `keys`, and any object left empty above it (not a list's row): the
// shape a form with that field empty has.
export function deleteIn(target, keys) {
  const trail = [];
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (node === null || typeof node !== "object" || !(key in node)) return;
    trail.push([node, key]);
    node = node[key];
  }
  if (node === null || typeof node !== "object") return;
  delete node[keys[keys.length - 1]];
  for (let i = trail.length - 1; i >= 0; i--) {
    const [parent, key] = trail[i];
    const child = parent[key];
    if (Array.isArray(parent) || Array.isArray(child) || Object.keys(child).length) break;
    delete parent[key];
  }
}

export function keysOfAttr(node) {
  try {
    return JSON.parse(node.dataset.keys || "[]");
  } catch (_) {
    return [];
  }
}

// Where a field's value sits in the application: its own keys (from its row), behind
// each enclosing row's index and that row's list's keys.
export function keysOf(field) {
  let keys = keysOfAttr(field);
  let row = field.closest("[data-row]");
  while (row) {
    const rows = row.parentNode;
    const index = Array.prototype.indexOf.call(rows.children, row);
    keys = [...keysOfAttr(rows.closest("[data-list]")), index, ...keys];
    row = rows.parentNode.closest("[data-row]");
  }
  return keys;
}

export function fieldValue(field) {
  if (field.type === "checkbox") return field.checked ? true : undefined;
  return field.value === "" ? undefined : field.value;
}

export function setField(field, value) {
  if (field.type === "checkbox") field.checked = value === true;
  else field.value = value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
}

// An error from the engine as one line a person can read: a Python traceback ends with
// the exception; never the whole traceback on the page.
export function lastLine(error) {
  const text = String((error && error.message) || error || "").trim();
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  return (lines[lines.length - 1] || "").slice(0, 300);
}

export function download(name, text, type = "application/json") {
  const blob = new Blob([text], { type });
  const link = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
