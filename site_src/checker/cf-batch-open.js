// "Open in the checker" from the batch page: the file is read by the engine as the
// checker's import reads it, stored as the checker's draft (with what the import could not
// place, which the checker then lists) and the checker opened in a new tab. A draft of
// another application is never replaced without asking.
import { fmt, lastLine } from "./cf-util.js";

// The checker's draft, if it holds anything typed: its title and its data as JSON text.
function storedDraft(draftKey, untitled) {
  try {
    const stored = JSON.parse(localStorage.getItem(draftKey) || "null");
    const data = stored && stored.data;
    if (!data || typeof data !== "object") return null;
    const filled = Object.keys(data).filter((key) => key !== "format" && key !== "notice");
    if (!filled.length) return null;
    return { title: typeof data.title === "string" && data.title ? data.title : untitled, text: JSON.stringify(data) };
  } catch (_) {
    return null;
  }
}

// notice: the notice's id (the draft's storage keys); say(text): the page's status line.
export async function openInChecker({ engine, t, lang, notice, checkerUrl, name, readText, say }) {
  const draftKey = `castform:${notice}:application`;
  const attentionKey = `castform:${notice}:attention`;
  let answer;
  try {
    answer = JSON.parse(await engine.request("import", await readText()));
  } catch (error) {
    say(t.cannot_open + lastLine(error));
    return;
  }
  if (!answer.ok) {
    say(t.cannot_open + (answer.message[lang] || answer.message.zh));
    return;
  }
  const existing = storedDraft(draftKey, t.untitled);
  if (existing && existing.text !== JSON.stringify(answer.data)
      && !window.confirm(fmt(t.overwrite, { title: existing.title, file: name }))) return;
  try {
    localStorage.setItem(draftKey, JSON.stringify({ tab: "batch", savedAt: Date.now(), data: answer.data }));
    const attention = Array.isArray(answer.attention) ? answer.attention : [];
    if (attention.length) localStorage.setItem(attentionKey, JSON.stringify({ name, items: attention }));
    else localStorage.removeItem(attentionKey);
  } catch (_) {
    say(t.storage_full);
    return;
  }
  say(fmt(t.opened, { file: name }));
  if (!window.open(checkerUrl, "_blank")) location.assign(checkerUrl);
}
