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

from pydantic import BaseModel, ConfigDict, field_validator, model_validator


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _no_float(value):
    if isinstance(value, float):
        raise ValueError('write money as a string, e.g. "300000", never as a float')
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
    budget_rules_zh: str
    budget_rules_en: str
    subprojects: tuple[Subproject, ...]


class Infrastructure(_Data):
    clause: str
    name_zh: str
    name_en: str
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
    date: dt.date
    inclusive: bool  # "截止时间为…": the day itself counts; "…前": it does not
    review_days: int = 0  # the site's estimate of a secretariat's time to review and forward

    @property
    def last_day(self) -> dt.date:
        """The last day that still counts."""
        return self.date if self.inclusive else self.date - dt.timedelta(days=1)

    def words(self, lang: str) -> str:
        if lang == "zh":
            return f"截止时间 {self.date}" if self.inclusive else f"须在 {self.date} 前"
        return f"the deadline of {self.date}" if self.inclusive else f"the deadline (before {self.date})"


class Applicants(_Data):
    lead_units: int
    min_other_units: int
    consortium_marker: str
    society_endings: tuple[str, ...]
    division_min_chars: int
    vague_words: tuple[str, ...]


class SubmissionStep(_Data):
    project: str
    cites: str
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


class FormHint(_Data):
    """A hint the checker form shows under a field, where the model's own is too general."""

    zh: str
    en: str


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
    heading_shown: bool = True  # False: the heading is the site's name for it, not the notice's
    # A note the notice page shows after the clause (the site's, e.g. about missing attachments).
    note_title_zh: str | None = None
    note_title_en: str | None = None
    note_zh: str | None = None
    note_en: str | None = None

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
    issuer_short_zh: str = ""  # as the site names the issuer in passing (中国科协); else the full name
    issuer_short_en: str = ""
    addressee_zh: str
    addressee_en: str
    signed_on: dt.date
    published_on: dt.date
    source_zh: str
    source_en: str
    capture_note_zh: str = ""  # how the text was taken from its source (the notice page says so)
    capture_note_en: str = ""
    brand: Brand
    infrastructure: Infrastructure | None = None  # a notice may have no such project
    deadline: Deadline
    applicants: Applicants
    submission: tuple[SubmissionStep, ...]
    cites: dict[str, tuple[tuple[str, str], ...]]
    spending_text: SpendingText
    forbidden: tuple[ForbiddenKind, ...]
    categories: tuple[Category, ...]
    reference: References
    contact: Contact
    attachments: tuple[Attachment, ...] = ()
    form_hints: dict[str, FormHint] = {}  # field path → hint (e.g. "lead_unit")
    clauses: tuple[Clause, ...]

    @field_validator("cites", mode="before")
    @classmethod
    def _cites_as_pairs(cls, value):
        # project → clause pairs in the file's order, as tuples: the notice stays hashable.
        return {key: tuple(clauses.items()) for key, clauses in value.items()} if isinstance(value, dict) else value

    def __hash__(self) -> int:
        return id(self)  # one notice object per file; its dict of citations cannot be hashed

    @model_validator(mode="after")
    def _short_issuer(self):
        # Frozen: fill the short names in place of the defaults, once.
        for lang in ("zh", "en"):
            if not getattr(self, f"issuer_short_{lang}"):
                object.__setattr__(self, f"issuer_short_{lang}", getattr(self, f"issuer_{lang}"))
        return self

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

    def cite(self, key: str, project: str | None = None) -> str | None:
        """The clause `key` stands on for `project` (see [cites] in the data file); with no
        project, the first clause given for any. None when the notice has none."""
        clauses = dict(self.cites.get(key, ()))
        return clauses.get(project) if project is not None else next(iter(clauses.values()), None)

    def cited(self, key: str | None, project: str | None) -> tuple[str, str]:
        """(source, clause) of a requirement for an application of `project`: the notice's
        own clause, the site's reading of a clause written for another project, or the
        site's form ("site", "")."""
        if key is None:
            return "site", ""
        own = self.cite(key, project) if project else None
        if own:
            return "notice", own
        other = self.cite(key)
        return ("site", other) if other else ("site", "")

    @property
    def projects(self) -> tuple[str, ...]:
        """The codes of the projects this notice offers."""
        return ("brand",) + (("infrastructure",) if self.infrastructure is not None else ())

    def project_name(self, code: str | None, lang: str) -> str:
        project = {"brand": self.brand, "infrastructure": self.infrastructure}.get(code or "")
        if project is None:
            return code or ""
        return project.name_zh if lang == "zh" else project.name_en

    def budget_rules(self, project: str | None, lang: str) -> str:
        """The fiscal rules a project's budget must follow, as the notice names them."""
        if project != "brand":
            return ""
        return self.brand.budget_rules_zh if lang == "zh" else self.brand.budget_rules_en

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


def shipped_notices() -> list[str]:
    """The ids of the notices this package carries (castform/notices/*.toml)."""
    folder = resources.files("castform") / "notices"
    return sorted(item.name[: -len(".toml")] for item in folder.iterdir() if item.name.endswith(".toml"))


def default_notice_id() -> str:
    """The notice checked when none is named: the one the package ships. A package that
    ships several must be told which (castform check --notice ID)."""
    ids = shipped_notices()
    if len(ids) != 1:
        raise LookupError(f"this package ships {len(ids)} notices ({', '.join(ids)}); name one")
    return ids[0]


@lru_cache(maxsize=8)
def load_notice(notice_id: str | None = None) -> Notice:
    """A notice shipped with the package by its id (the only one, when not named), or any
    notice file by its path."""
    if notice_id is None:
        notice_id = default_notice_id()
    if notice_id.endswith(".toml") or "/" in notice_id or "\\" in notice_id:
        from pathlib import Path

        return parse_notice(Path(notice_id).read_text(encoding="utf-8"))
    source = resources.files("castform") / "notices" / f"{notice_id}.toml"
    return parse_notice(source.read_text(encoding="utf-8"))
