"""Reading a budget line's free text for the kinds of spending a notice forbids.

Words come from the notice's data file in two tiers per kind: words that *name* the kind
and words that only *suggest* it. A word counts only as a whole entry of those lists
(longest first, so 在编人员 is read as one word), never inside a look-alike phrase, and
not when a whole negating phrase earlier in the same part of the text denies it:
"不含项目管理费", "（非在编人员劳务）", "除工资外". Single characters never negate, so the
除 of 拆除 and the 非 of 南非 change nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .notice import ForbiddenKind, Notice

# Where one part of a text ends (after NFKC, which turns full-width ，；（ into , ; ( ).
# 、 does not end a part: "不含工资、社保" denies both words.
_PART_END = re.compile(r"[,.;!?。；，！？:：()\[\]{}<>（）【】《》「」『』〔〕\n]+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Mention:
    word: str
    kind: ForbiddenKind
    names: bool  # True: the word names the kind; False: it only suggests it


@dataclass(frozen=True)
class _Reader:
    pattern: re.Pattern
    spaced: re.Pattern  # `pattern` with _GAP between the characters of a word
    meaning: dict  # word → (kind, names) or None for a look-alike
    negations: re.Pattern
    enclosing: tuple[tuple[str, str], ...]

    def mentions(self, text: str) -> list[Mention]:
        """Every word of a forbidden kind in `text` that nothing denies, in order."""
        text = _unspaced(text)
        if self.pattern.search(text) is None:
            return []  # the usual line: no word of any kind
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)  # full-width forms, only when a word is there
        found = []
        for part in _PART_END.split(text):
            if not part or self.pattern.search(part) is None:
                continue
            denied_from = _denied_from(part, self.negations)
            enclosed = _enclosed(part, self.enclosing)
            for match in self.pattern.finditer(part):
                meaning = self.meaning[match.group()]
                if meaning is None or match.start() > denied_from or match.start() < enclosed:
                    continue  # a look-alike, or denied
                found.append(Mention(match.group(), *meaning))
        return found

    def may_mention(self, texts: list[str]) -> bool:
        """False when no text of `texts` holds a word of any kind, so `mentions` would find
        nothing in any of them: one search over them all instead of one per text (words hold
        no line break, so no match spans two texts, and any text's match is found here), and
        with `spaced`, so that the text need not be copied without its spaces first."""
        return self.spaced.search("\n".join(texts)) is not None


# What _unspaced removes, as a regular expression: `_Reader.spaced` finds a word with any of
# it between its characters, in the text as written.
_GAP = "[ \u3000\t\r]*"


def _unspaced(text: str) -> str:
    """Spaces inside a word ("项目 管理费") do not hide it; a line break still ends a part."""
    text = text.replace(" ", "")
    if "\u3000" in text or "\t" in text or "\r" in text:
        text = text.replace("\u3000", "").replace("\t", "").replace("\r", "")
    return text


def _denied_from(part: str, negations: re.Pattern) -> float:
    """Where the first negating phrase of `part` starts: any word starting after it is
    denied ("不含工资" and also "非在编人员", where the two overlap)."""
    first = negations.search(part)
    return first.start() if first else float("inf")


def _enclosed(part: str, enclosing: tuple[tuple[str, str], ...]) -> int:
    """The end of a 除…外 span that opens `part`, or 0: words before it are denied."""
    for opening, closing in enclosing:
        if part.startswith(opening):
            end = part.find(closing, len(opening))
            if end > 0:
                return end
    return 0


def _alternation(words: list[str], gap: str = "") -> str:
    """One regular expression matching any of `words`, longest first, as a trie (无 → 无需 …):
    Python's re tries the alternatives of a flat list one by one at every position, which
    for a hundred and fifty words made reading a line cost more than validating it. `gap`
    is what may stand between two characters of a word."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict, first: bool) -> str:
        lead = "" if first else gap
        branches = [lead + re.escape(char) + pattern(child, False) for char, child in sorted(node.items()) if char]
        if "" in node:
            branches.append("")  # the word may end here: after every longer one was tried
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return pattern(trie, True)


def _normal(word: str) -> str:
    return _SPACE.sub("", word)


_READERS: dict[tuple[int, str], tuple[Notice, _Reader]] = {}


def reader(notice: Notice, project: str | None) -> _Reader:
    """The reader for one notice and project, built once (cached by the notice's identity:
    hashing a whole notice costs more than reading a line; holding it keeps the id unique)."""
    key = (id(notice), project or "")
    if key not in _READERS:
        meaning: dict[str, tuple[ForbiddenKind, bool] | None] = {}
        for kind in notice.forbidden:
            for word in kind.suggesting(project):
                meaning.setdefault(_normal(word), (kind, False))
            for word in kind.names:
                meaning[_normal(word)] = (kind, True)  # naming wins over suggesting
        for kind in notice.forbidden:
            for phrase in kind.look_alikes:
                meaning[_normal(phrase)] = None
        words = list(meaning)
        text = notice.spending_text
        _READERS[key] = (
            notice,
            _Reader(
                pattern=re.compile(_alternation(words)),
                spaced=re.compile(_alternation(words, _GAP)),
                meaning=meaning,
                negations=re.compile(_alternation([_normal(w) for w in text.negations])),
                enclosing=tuple((_normal(a), _normal(b)) for a, b in text.enclosing),
            ),
        )
    return _READERS[key][1]


def strongest(mentions: list[Mention]) -> dict[str, Mention]:
    """One mention per kind, a naming word before a suggesting one, else the first."""
    best: dict[str, Mention] = {}
    for mention in mentions:
        held = best.get(mention.kind.code)
        if held is None or (mention.names and not held.names):
            best[mention.kind.code] = mention
    return best
