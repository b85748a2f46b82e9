"""What the bench does on the checker page: big applications, imported and edited through
the DOM only — the page's file input, the fields' data-path attributes and the result's
#cf-app[data-checked] — so that it keeps working while the page's scripts change."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATEGORIES = ["meeting", "travel", "expert-consultation", "labour", "printing", "commissioned", "rental", "office"]


def big_application(lines: int) -> dict:
    """examples/tech-economy-ready.json with `lines` budget lines, all sums right, under the cap."""
    app = copy.deepcopy(json.loads((ROOT / "examples" / "tech-economy-ready.json").read_text(encoding="utf-8")))
    rows = []
    for i in range(lines):
        category = CATEGORIES[i % len(CATEGORIES)]
        price, qty, times = Decimal(100 + (i * 37) % 400), Decimal(1 + i % 3), Decimal(1)
        amount = price * qty * times
        row = {
            "category": category,
            "item": f"支出内容 {i}（调研/会议）",
            "unit_price": str(price),
            "quantity": str(qty),
            "times": str(times),
            "amount": str(amount),
            "basis": f"{price} 元 × {qty} × {times}，按市场询价",
            "spending_unit": app["lead_unit"]["name"],
        }
        if category == "meeting":
            row["meeting_class"] = "3"
        if category == "expert-consultation":
            row["expert_title"] = "senior"
        rows.append(row)
    app["budget"] = {"lines": rows, "declared_total": str(sum(Decimal(r["amount"]) for r in rows))}
    return app


def as_file(app: dict) -> bytes:
    return json.dumps(app, ensure_ascii=False, indent=1).encode("utf-8")


# Edits one budget line's amount, `firstEdits + edits` times, alternating a wrong and the
# right value; each edit is timed from the input event to the next change of
# #cf-app[data-checked] (the init script's onCheck), which the page sets once the result
# is in the DOM (verdict, summary, totals, line amounts, the messages beside the fields).
# That time is split in three, from the init script's view of the worker's answer:
#   input  the page's input handler (dispatchEvent returns when it has run);
#   engine from then to the answer reaching the page: the message both ways, the wait
#          for the main thread, and the worker's Python call (py, the worker's own ms);
#   apply  from the answer to data-checked: the page drawing it (main thread).
# The amount field is found by its data-path; the page's objects are not used.
EDIT_LOOP = """async ({ edits, firstEdits, line, gapMs }) => {
  const m = window.__cfBench;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const nextCheck = () => new Promise((resolve) => { m.onCheck = (t) => { m.onCheck = null; resolve(t); }; });
  const amounts = [...document.querySelectorAll("#cf-form [data-path]")]
    .filter((el) => /(^|\\.)lines\\[?\\d*\\]?\\.amount$/.test(el.dataset.path) && el.matches("input"));
  const input = document.querySelector(`#cf-form [data-path="budget.lines[${line}].amount"]`) || amounts[line];
  if (!input) throw new Error(`no amount field for line ${line} (of ${amounts.length} found)`);
  const good = input.value, bad = String(Number(good) + 1);
  const samples = [];
  for (let i = 0; i < firstEdits + edits; i++) {
    await sleep(gapMs);
    const value = i % 2 === 0 ? bad : good;
    const p = nextCheck();
    m.lastResult = null;
    const start = performance.now();
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    const handled = performance.now();
    const end = await p;
    const answer = m.lastResult;
    samples.push({ ms: end - start, wrong: value === bad, phase: i < firstEdits ? "first" : "steady",
                   input: handled - start, engine: answer ? answer.at - handled : null,
                   py: answer ? answer.ms : null, apply: answer ? end - answer.at : null,
                   ready: document.getElementById("cf-app").dataset.ready || null });
  }
  return { samples, fields: document.querySelectorAll("#cf-form [data-path]").length, amountFields: amounts.length };
}"""
