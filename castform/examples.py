"""The example applications in the repository's `examples/` folder, and the patches the
rule catalogue and the tests apply to them."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

from .paths import set_path

# The package's own checkout; build.py and the tests pass the folder explicitly when they
# run from elsewhere.
EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"


def load_example(name: str, examples_dir: Path | None = None) -> dict:
    path = (examples_dir or EXAMPLES_DIR) / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def patched(base: dict, patch: dict[str, object]) -> dict:
    """A copy of `base` with each dotted path in `patch` set (None deletes it)."""
    data = copy.deepcopy(base)
    for path, value in patch.items():
        set_path(data, path, copy.deepcopy(value))
    return data
