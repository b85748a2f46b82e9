"""Reading the same form again and again: the checker page checks the whole form on every
keystroke, and a keystroke changes one value. `Rereader.read` gives exactly what
`intake.read` gives (tests/test_rereading.py holds it to that on generated edit sequences
and on bench/fuzz.py's hostile inputs); it only skips validating again a budget line that
is, key for key and text for text, the line at the same place in the last read.

Validating 200 lines was most of an edit's check in the browser (pydantic's validation
and the money validators, ~800 calls); the rules themselves are cheaper. Only lines whose
values are all text (or null) are remembered, which is what the form sends: a number, a
bool or a Decimal could equal another value of another type or form (1 == True,
Decimal("1.0") == Decimal("1.00")) and be validated differently. A line equal to a
remembered one is therefore all text as well: no other JSON value equals a str.

Lines are matched by place, not looked up by content: comparing two dicts costs nothing
next to building a key from each. Adding or removing a line validates the lines after it
again, once. Anything unusual — a line that fails validation or is not an object, too many
lines, any invalid value — is read the whole way, by `intake` itself. Only the last read's
lines are remembered, so memory is bounded by one form.
"""

from __future__ import annotations

from pydantic import ValidationError

from .intake import _validate, read, read_raw
from .model import MAX_LINES, Application, BudgetLine

_TEXT_ONLY = frozenset({str, type(None)})


class Rereader:
    def __init__(self) -> None:
        # The last read's lines, by place: the raw line (None unless all text) and its model.
        self._raw: list[dict | None] = []
        self._models: list[BudgetLine | None] = []

    def read(self, raw: object) -> tuple[Application | None, list, frozenset[str]]:
        """Anything in → what `intake.read(raw)` gives. Only JSON text or bytes can reuse
        lines: their keys and texts are plain `str`, never a subclass with its own `==`."""
        if not isinstance(raw, (str, bytes, bytearray)):
            return read(raw)
        data, findings = read_raw(raw)
        if data is None:
            return None, findings, frozenset()
        app = self._read_valid(data)
        if app is None:
            return _validate(data)  # the whole way: findings, values dropped
        return app, [], frozenset()

    def _read_valid(self, data: dict) -> Application | None:
        """The application when every value of `data` is valid, reusing the lines read last
        time; None when anything is not (the caller then reads it the whole way)."""
        budget = data.get("budget")
        if type(budget) is not dict or type(budget.get("lines")) is not list:
            return None  # nothing to reuse, or not valid
        lines = budget["lines"]
        if len(lines) > MAX_LINES:
            return None
        known_raw, known_models = self._raw, self._models
        known = len(known_raw)
        kept_raw, models = [], []
        for index, line in enumerate(lines):
            if type(line) is not dict:
                if line is not None:
                    return None
                kept_raw.append(None)
                models.append(None)
                continue
            before = known_raw[index] if index < known else None
            if before is not None and line == before:
                model = known_models[index]
            else:
                try:
                    model = BudgetLine.model_validate(line)  # as Application's list item validates it
                except ValidationError:
                    return None
                if not set(map(type, line.values())) <= _TEXT_ONLY:
                    line = None  # never matched again
            kept_raw.append(line)
            models.append(model)
        try:
            app = Application.model_validate({**data, "budget": {**budget, "lines": []}})
        except ValidationError:
            return None
        app.budget.lines = models  # the lines are frozen models: sharing them is safe
        self._raw, self._models = kept_raw, models
        return app


__all__ = ["Rereader"]
