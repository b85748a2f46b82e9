"""Whose is each long task: the longest script of the animation frames it overlaps (Long
Animation Frames) — the theme's bundle, the checker's own scripts, or none (rendering)."""

from __future__ import annotations


def task_culprit(state: dict, task: dict) -> dict | None:
    """The longest script (Long Animation Frames) in the frames a long task overlaps."""
    frames = [
        f for f in state["loaf"] if f["start"] <= task["start"] + task["duration"] and f["start"] + f["duration"] >= task["start"]
    ]
    scripts = sorted((s for f in frames for s in f["scripts"]), key=lambda s: -s["duration"])
    return scripts[0] if scripts else None


def whose(culprit: dict | None) -> str:
    """'theme' (material's bundle), 'checker' (our scripts) or 'render' (no script ran)."""
    if culprit is None:
        return "render"
    source = culprit.get("src") or culprit.get("invoker") or ""
    return "theme" if "/assets/javascripts/bundle." in source else "checker"


def longtask_summary(state: dict, until: float | None = None, since: float | None = None) -> dict:
    tasks = [
        t
        for t in state["longtasks"]
        if (until is None or t["start"] <= until) and (since is None or t["start"] + t["duration"] >= since)
    ]
    longest = max(tasks, key=lambda t: t["duration"], default=None)
    by_whom: dict[str, int] = {}
    detail = []
    for task in tasks:
        culprit = task_culprit(state, task)
        who = whose(culprit)
        by_whom[who] = by_whom.get(who, 0) + 1
        detail.append((round(task["start"]), round(task["duration"]), who, (culprit or {}).get("invoker", "").rsplit("/", 1)[-1]))
    return {
        "count": len(tasks),
        "longest": longest["duration"] if longest else 0.0,
        "at": longest["start"] if longest else None,
        "culprit": task_culprit(state, longest) if longest else None,
        "by": by_whom,
        "detail": detail,
        "own": max((d[1] for d in detail if d[2] == "checker"), default=0),
        "own_count": sum(1 for d in detail if d[2] == "checker"),
        "theme": max((d[1] for d in detail if d[2] == "theme"), default=0),
        "all": sorted(round(t["duration"]) for t in tasks),
    }


def by_whom(summaries: list[dict]) -> str:
    total: dict[str, int] = {}
    for summary in summaries:
        for who, n in summary["by"].items():
            total[who] = total.get(who, 0) + n
    return ", ".join(f"{who} {n}" for who, n in sorted(total.items())) or "none"
