"""The shortcuts that keep check() within twice the cost of validation (bench/check_bench.py)
give exactly what the long way gives: each is compared here with the plain reading it
replaces, on many generated inputs."""

from __future__ import annotations

import random
import re
from decimal import Decimal
from importlib import resources

from castform.examples import load_example
from castform.intake import read
from castform.notice import load_notice, parse_notice
from castform.registry import Context, per_notice, rule_by_id
from castform.rules.applicant import _noise, _says_nothing, _vague_words
from castform.spending_text import _unspaced, reader

_FIGURES = [None, "0", "-1", "1", "2.5", "100", "0.01", "333.33"]


class _EveryLine(Context):
    """A context whose rules read every line, as they did before figures.walk."""

    @property
    def irregular(self):
        return self.lines


def _random_lines(rnd: random.Random, count: int) -> list[dict]:
    lines = []
    for _ in range(count):
        line = {key: rnd.choice(_FIGURES) for key in ("unit_price", "quantity", "times", "amount")}
        if line["unit_price"] and line["quantity"] and rnd.random() < 0.6:  # often a right amount
            product = Decimal(line["unit_price"]) * Decimal(line["quantity"]) * Decimal(line["times"] or 1)
            line["amount"] = str(product.quantize(Decimal("0.01")))
        line |= {
            "category": rnd.choice([None, "", "meeting", "travel", "printing", "management-fee", "餐费"]),
            "item": rnd.choice([None, "", "专家咨询"]),
            "basis": rnd.choice([None, "按实际", "550 元 × 40 人 × 2 天"]),
        }
        lines.append({key: value for key, value in line.items() if value is not None})
    return lines


def test_rules_on_irregular_lines_find_what_they_find_on_every_line():
    notice = load_notice()
    rules = [
        rule_by_id(i)
        for i in ("budget.positive", "budget.line-arithmetic", "input.missing", "budget.category", "spending.forbidden-category")
    ]
    rnd = random.Random(52)
    for _ in range(300):
        data = load_example(rnd.choice(["tech-economy-ready", "infrastructure-ready"]))
        data["budget"]["lines"] = _random_lines(rnd, rnd.randint(0, 12))
        app, _, dropped = read(data)
        for rule_ in rules:
            fast = list(rule_.check(Context(app=app, notice=notice, judge_on=None, skip_fields=dropped)))
            slow = list(rule_.check(_EveryLine(app=app, notice=notice, judge_on=None, skip_fields=dropped)))
            assert fast == slow, (rule_.id, data["budget"]["lines"])


def test_one_search_over_all_lines_agrees_with_each_line_read_alone():
    notice = load_notice()
    rnd = random.Random(2021)
    for project in ("brand", "infrastructure"):
        text_reader = reader(notice, project)
        words = list(text_reader.meaning)
        filler = list("的会议费用按市场询价元人天×（），项目管理") + [" ", "\u3000", "\t", "\r", "\n"]
        for _ in range(3000):
            texts = []
            for _ in range(rnd.randint(1, 4)):
                parts = []
                for _ in range(rnd.randint(1, 5)):
                    if rnd.random() < 0.25:  # a word, maybe with spaces or a line break inside
                        parts.append(
                            "".join(c + (rnd.choice(" \u3000\t\r\n") if rnd.random() < 0.2 else "") for c in rnd.choice(words))
                        )
                    else:
                        parts.append("".join(rnd.choice(filler) for _ in range(rnd.randint(0, 6))))
                texts.append("".join(parts))
            alone = any(text_reader.pattern.search(_unspaced(text)) for text in texts)
            assert text_reader.may_mention(texts) == alone, texts


def _says_nothing_plainly(division: str, rules) -> bool:
    text = re.sub(r"[\W_]+", "", division)
    for word in sorted(rules.vague_words, key=len, reverse=True):
        text = text.replace(word, "")
    return len(text) < rules.division_min_chars


def test_vague_division_shortcut_agrees_with_removing_every_word():
    notice = load_notice()
    rules = notice.applicants
    pieces = list(rules.vague_words) + ["调研", "报告", "组织", "，", " ", "专家", "第二章", "a", "_"]
    rnd = random.Random(7)
    for _ in range(5000):
        division = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 6)))
        fast = _says_nothing(division, rules, _vague_words(notice), _noise(notice))
        assert fast == _says_nothing_plainly(division, rules), division


def test_per_notice_keeps_one_value_per_notice_object():
    first = load_notice()
    source = resources.files("castform") / "notices" / f"{first.id}.toml"
    second = parse_notice(source.read_text(encoding="utf-8"))
    made = []
    for notice in (first, second, first):
        per_notice(notice, "test.fast-paths", lambda n: made.append(n) or len(made))
    assert made == [first, second]  # once per object, not per call; equal notices are not mixed up


def test_missing_fields_in_one_look_agree_with_field_by_field():
    from castform.rules.completeness import _WANTED, _value, missing_fields

    notice = load_notice()
    rnd = random.Random(9)
    paths = [path for path, _, _ in _WANTED[True]]
    for _ in range(400):
        data = load_example(rnd.choice(["tech-economy-ready", "infrastructure-ready"]))
        for path in rnd.sample(paths, rnd.randint(0, 3)):
            node, *rest = path.split(".")
            holder = data
            for part in [node, *rest][:-1]:
                holder = holder.get(part) if isinstance(holder, dict) else None
            if isinstance(holder, dict):
                holder[path.split(".")[-1]] = rnd.choice([None, ""])
        if rnd.random() < 0.2:
            data[rnd.choice(["lead_unit", "period"])] = None  # the way to a wanted value is missing
        app, _, _ = read(data)
        for judge_on in (None, app.submitted_on or load_notice().signed_on):
            ctx = Context(app=app, notice=notice, judge_on=judge_on)
            plain = [
                (path, key)
                for path, parts, key in _WANTED[app.project == "brand"]
                if not (judge_on is not None and path == "submitted_on") and _value(app, parts) in (None, "")
            ]
            assert [f for f in missing_fields(ctx) if not f[0].startswith("budget.lines")] == plain


def test_report_models_are_made_by_object_new():
    from castform.report import Counts, Finding, Message, Report

    assert all(cls.__new__ is object.__new__ for cls in (Counts, Finding, Message, Report))
