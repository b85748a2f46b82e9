"""How much the rules cost on top of reading the file.

Generates 1,000 applications of 50 budget lines each and times, side by side in one run
(alternating, several rounds, median of CPU time), `check()` on all of them against
pydantic validation alone (`Application.model_validate`). Target: check ≤ 2 × validation.

    python bench/check_bench.py [--apps 1000] [--lines 50] [--rounds 5] [--by-rule]

--by-rule also times each rule on its own (the same applications, read once), to say
where the time above validation goes.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from castform.check import check  # noqa: E402
from castform.examples import load_example  # noqa: E402
from castform.intake import read  # noqa: E402
from castform.model import Application  # noqa: E402
from castform.notice import load_notice  # noqa: E402
from castform.registry import RULES, Context  # noqa: E402

CATEGORIES = ["meeting", "travel", "expert-consultation", "labour", "printing", "commissioned", "rental", "office"]


def make_applications(count: int, lines: int) -> list[dict]:
    base = load_example("tech-economy-ready")
    apps = []
    for n in range(count):
        app = copy.deepcopy(base)
        app["title"] = f"{base['title']} {n}"
        rows = []
        for i in range(lines):
            price = Decimal(100 + (n * 7 + i * 13) % 900)
            qty, times = Decimal(1 + i % 9), Decimal(1 + i % 3)
            amount = price * qty * times
            if (n + i) % 97 == 0:
                amount += 1  # a few arithmetic slips, so rules have something to report
            rows.append(
                {
                    "category": CATEGORIES[i % len(CATEGORIES)],
                    "item": f"支出内容 {i}（会议/调研）",
                    "unit_price": str(price),
                    "quantity": str(qty),
                    "times": str(times),
                    "amount": str(amount),
                    "basis": f"{price} 元 × {qty} × {times}，按市场询价",
                    "spending_unit": "中国农学会",
                    "meeting_class": "3" if i % len(CATEGORIES) == 0 else None,
                    "expert_title": "senior" if i % len(CATEGORIES) == 2 else None,
                }
            )
        for row in rows:
            for key in ("meeting_class", "expert_title"):
                if row[key] is None:
                    del row[key]
        app["budget"] = {"lines": rows, "declared_total": str(sum(Decimal(r["amount"]) for r in rows))}
        apps.append(app)
    return apps


def time_once(fn, apps) -> float:
    # CPU time of this process: on a machine shared with other test runs, wall time
    # mostly measures the others.
    start = time.process_time()
    for app in apps:
        fn(app)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--by-rule", action="store_true", help="time each rule on its own too")
    args = parser.parse_args()
    notice = load_notice()
    apps = make_applications(args.apps, args.lines)
    validate, full = [], []
    check(apps[0], notice)  # warm imports and caches
    for _ in range(args.rounds):
        validate.append(time_once(Application.model_validate, apps))
        full.append(time_once(lambda a: check(a, notice), apps))
    v, c = statistics.median(validate), statistics.median(full)
    findings = sum(len(check(a, notice).findings) for a in apps[:50])
    print(f"applications: {args.apps} × {args.lines} lines, rounds: {args.rounds} (medians)")
    print(f"pydantic validation alone: {v:.3f} s ({v / args.apps * 1000:.2f} ms per application)")
    print(f"check() (validation + every rule + report): {c:.3f} s ({c / args.apps * 1000:.2f} ms per application)")
    print(f"ratio check / validation: {c / v:.2f} (target ≤ 2.00)")
    print(f"findings in the first 50 applications: {findings}")
    if args.by_rule:
        by_rule(apps, notice, v)


def by_rule(apps: list[dict], notice, validation_seconds: float) -> None:
    """Each rule's time over all the applications, best of three, against validation."""
    read_apps = [read(app) for app in apps]
    spent: dict[str, float] = {}
    for _ in range(3):
        for app, _findings, dropped in read_apps:
            ctx = Context(app=app, notice=notice, judge_on=None, skip_fields=dropped)
            for rule_ in RULES:
                if rule_.check is None:
                    continue
                started = time.process_time()
                list(rule_.findings(ctx) if hasattr(rule_, "findings") else map(rule_.finding, rule_.check(ctx)))
                took = time.process_time() - started
                spent[rule_.id] = spent.get(rule_.id, 0.0) + took / 3
    total = sum(spent.values())
    print(f"rules alone: {total:.3f} s = {total / validation_seconds:.2f} × validation; the costliest:")
    for rule_id, seconds in sorted(spent.items(), key=lambda kv: -kv[1])[:12]:
        print(
            f"  {rule_id:34} {seconds / len(apps) * 1e6:8.1f} µs per application  "
            f"({seconds / validation_seconds:.2f} × validation)"
        )


if __name__ == "__main__":
    main()
