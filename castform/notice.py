"""The notice's data file, read into typed objects.

`load_notice()` reads `castform/notices/<id>.toml` (standard-library `tomllib`, which
Pyodide has too). Money arrives as strings and becomes `Decimal`; a float in the file is
refused, so a typo like `cap_yuan = 300000.0` cannot slip in.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from functools import cached_property, lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, field_validator

DEFAULT_NOTICE = "cast-2021-52"


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _no_float(value):
    if isinstance(value, float):
        raise ValueError("write money as a string, e.g. \"300000\", never as a float")
    return value


class Subproject(_Data):
    code: str
    clause: str
    name_zh: str
    name_en: str
    cap_yuan: Decimal
    expected_items: int

    _money = field_validator("cap_yuan", mode="before")(_no_float)


class Brand(_Data):
    clause: str
    name_zh: str
    name_en: str
    budget_clause: str
    budget_rules_zh: str
    budget_rules_en: str
    subprojects: tuple[Subproject, ...]


class Infrastructure(_Data):
    clause: str
    name_zh: str
    name_en: str
    budget_clause: str
    forbidden_clause: str
    items: int
    typical_yuan: Decimal
    tolerance_percent: Decimal

    _money = field_validator("typical_yuan", "tolerance_percent", mode="before")(_no_float)

    @property
    def low_yuan(self) -> Decimal:
        return self.typical_yuan * (100 - self.tolerance_percent) / 100

    @property
    def high_yuan(self) -> Decimal:
        return self.typical_yuan * (100 + self.tolerance_percent) / 100


class Deadline(_Data):
    clause: str
    date: dt.date
    inclusive: bool
    also_clause: str | None = None
    review_days: int = 0  # the site's estimate of a secretariat's time to review and forward


class Applicants(_Data):
    clause: str
    lead_units: int
    min_other_units: int
    consortium_marker: str
    society_endings: tuple[str, ...]
    division_min_chars: int
    vague_words: tuple[str, ...]


class SubmissionStep(_Data):
    clause: str
    code: str
    text_zh: str
    text_en: str
    copies: int | None = None


class ForbiddenKind(_Data):
    code: str
    clause: str
    text_zh: str
    text_en: str
    categories: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # name the kind outright: an error unless denied
    suggests: tuple[str, ...] = ()  # only suggest it: a warning until answered
    # (project code, more suggesting words) pairs: a tuple, not a dict, so the notice stays hashable
    suggests_in: tuple[tuple[str, tuple[str, ...]], ...] = ()
    look_alikes: tuple[str, ...] = ()  # contain a word above but are something else

    @field_validator("suggests_in", mode="before")
    @classmethod
    def _pairs(cls, value):
        return tuple(value.items()) if isinstance(value, dict) else value

    def suggesting(self, project: str | None) -> tuple[str, ...]:
        extra = next((words for code, words in self.suggests_in if code == project), ())
        return self.suggests + tuple(extra)


class SpendingText(_Data):
    """How a line's free text is read for forbidden spending (see the data file)."""

    negations: tuple[str, ...]
    enclosing: tuple[tuple[str, str], ...]
    min_answer_chars: int


class Category(_Data):
    code: str
    name_zh: str
    name_en: str
    forbidden: str | None = None


class RateClass(_Data):
    code: str
    name_zh: str
    name_en: str
    min_yuan: Decimal | None = None
    max_yuan: Decimal
    held_by_zh: str = ""  # meetings: who holds a meeting of this class
    held_by_en: str = ""

    _money = field_validator("min_yuan", "max_yuan", mode="before")(_no_float)


class MeetingRates(_Data):
    clause: str
    document_zh: str
    document_en: str
    unit_zh: str
    unit_en: str
    usual: str  # the class a consortium's meetings normally are
    classes: tuple[RateClass, ...]


class ExpertRates(_Data):
    clause: str
    document_zh: str
    document_en: str
    unit_zh: str
    unit_en: str
    titles: tuple[RateClass, ...]


class References(_Data):
    meeting: MeetingRates
    expert: ExpertRates


class Contact(_Data):
    clause: str
    unit_zh: str
    unit_en: str
    people: tuple[str, ...]
    phone: str
    email: str
    address_zh: str
    address_en: str


class Attachment(_Data):
    clause: str
    number: int
    name_zh: str
    name_en: str
    file: str


class Clause(_Data):
    id: str
    label: str
    heading_zh: str | None = None
    heading_en: str | None = None
    text_zh: str | None = None
    text_en: str | None = None
    requirement: bool = False
    unchecked_zh: str | None = None
    unchecked_en: str | None = None

    @property
    def depth(self) -> int:
        """c-1 → 1, c-1-2 → 2, c-1-2-3 → 3; c-0, c-3 and c-att are top level."""
        return len(self.id.split("-")) - 1


class Notice(_Data):
    format: str
    id: str
    document_number: str
    title_zh: str
    title_en: str
    issuer_zh: str
    issuer_en: str
    addressee_zh: str
    addressee_en: str
    signed_on: dt.date
    published_on: dt.date
    source_zh: str
    source_en: str
    brand: Brand
    infrastructure: Infrastructure
    deadline: Deadline
    applicants: Applicants
    submission: tuple[SubmissionStep, ...]
    spending_text: SpendingText
    forbidden: tuple[ForbiddenKind, ...]
    categories: tuple[Category, ...]
    reference: References
    contact: Contact
    attachments: tuple[Attachment, ...]
    clauses: tuple[Clause, ...]

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value != "castform-notice/1":
            raise ValueError(f"unknown notice format {value!r}")
        return value

    # Look-ups the rules and the pages need; tuples keep the file's order.
    def clause(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)

    def deadline_clause(self, project: str | None) -> str:
        d = self.deadline
        return d.also_clause if project == "infrastructure" and d.also_clause else d.clause

    def budget_clause(self, project: str | None) -> str:
        return self.infrastructure.budget_clause if project == "infrastructure" else self.brand.budget_clause

    def subproject(self, code: str) -> Subproject | None:
        return next((s for s in self.brand.subprojects if s.code == code), None)

    @cached_property
    def _categories_by_code(self) -> dict[str, Category]:
        return {c.code: c for c in self.categories}

    def category(self, code: str) -> Category | None:
        return self._categories_by_code.get(code)

    def forbidden_kind(self, code: str) -> ForbiddenKind:
        return next(f for f in self.forbidden if f.code == code)


def parse_notice(text: str) -> Notice:
    return Notice.model_validate(tomllib.loads(text))


@lru_cache(maxsize=8)
def load_notice(notice_id: str = DEFAULT_NOTICE) -> Notice:
    source = resources.files("castform") / "notices" / f"{notice_id}.toml"
    return parse_notice(source.read_text(encoding="utf-8"))
