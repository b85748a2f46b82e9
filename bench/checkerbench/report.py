"""The bench's table: percentiles, verdicts, and rows printed as aligned columns."""

from __future__ import annotations

import os


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def ms_list(values) -> str:
    return ", ".join("—" if v is None else f"{v:.0f}" for v in values)


def fmt(value) -> str:
    return "—" if value is None else f"{value:.0f}"


class Table:
    HEADER = ("what", "measured", "compared with", "target", "")

    def __init__(self):
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, what: str, measured: str, compared: str, target: str, ok: bool | None) -> None:
        self.rows.append((what, measured, compared, target, "—" if ok is None else verdict(ok)))

    def print(self, title: str, load_before: tuple) -> None:
        rows = [self.HEADER, *self.rows]
        widths = [max(len(str(r[i])) for r in rows) for i in range(5)]
        print()
        print(f"{title}; load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        print("  ".join(str(h).ljust(w) for h, w in zip(self.HEADER, widths)))
        print("  ".join("-" * w for w in widths))
        for row in self.rows:
            print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)))
