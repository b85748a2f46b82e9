"""Field paths such as `budget.lines[3].amount`: the address of a value in an
application, used by findings (and so by the form to find the field) and by rule examples.
"""

from __future__ import annotations

import re

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse(path: str) -> list[str | int]:
    return [int(index) if index else name for name, index in _PART.findall(path)]


def format_path(parts) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def set_path(data: dict, path: str, value: object) -> None:
    """Set (or, with value None, delete) the value at `path`, creating dicts on the way."""
    parts = parse(path)
    node = data
    for part, following in zip(parts, parts[1:]):
        if isinstance(part, int):
            node = node[part]
        else:
            node = node.setdefault(part, [] if isinstance(following, int) else {})
    last = parts[-1]
    if value is None and isinstance(node, dict):
        node.pop(last, None)
    else:
        node[last] = value
