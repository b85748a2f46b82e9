"""The example applications a notice ships with (castform/notices/<id>/examples/, inside
the package, so an installed castform has them; the repository's `examples` is a link to
the 2021 notice's), and the patches the rule catalogue and the tests apply to them."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

from .notice import default_notice_id
from .paths import set_path


def examples_dir(notice_id: str | None = None) -> Path:
    """The folder of a shipped notice's examples (the default notice's without an id)."""
    return Path(__file__).resolve().parent / "notices" / (notice_id or default_notice_id()) / "examples"


def examples_near(notice: str | None) -> Path | None:
    """Where the examples of a notice named on the command line are: a shipped notice's
    own folder, or an `examples/` folder beside a notice file (None if there is none)."""
    if notice is None:
        return None
    if notice.endswith(".toml") or "/" in notice or "\\" in notice:
        folder = Path(notice).resolve().parent / "examples"
    else:
        folder = examples_dir(notice)
    return folder if folder.is_dir() else None


def load_example(name: str, folder: Path | None = None) -> dict:
    path = (folder or examples_dir()) / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def patched(base: dict, patch: dict[str, object]) -> dict:
    """A copy of `base` with each dotted path in `patch` set (None deletes it)."""
    data = copy.deepcopy(base)
    for path, value in patch.items():
        set_path(data, path, copy.deepcopy(value))
    return data
