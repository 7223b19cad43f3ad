import re
from datetime import date
from pathlib import Path

import pytest

from zhuban.policy.clauses import CLAUSE_IDS, CLAUSES, PLAN_REFERENCE, clause
from zhuban.policy.policy_settings import SETTING_SPECS

# The plan's text and the project's reading of it live in the repository.
DOCS = Path(__file__).resolve().parents[3] / "docs"
PLAN = DOCS / "plan" / "xianning-2015-58.txt"
READING = DOCS / "reading.md"


def reading_clause_ids() -> tuple[str, ...]:
    """The ids the reading lists under "Clause ids": the one line of them in backticks."""
    section = READING.read_text(encoding="utf-8").split("## Clause ids", 1)[1].split("\n## ", 1)[0]
    (line,) = re.findall(r"^`(.+)`$", section, flags=re.MULTILINE)
    return tuple(line.split())


def test_the_clause_ids_are_exactly_those_the_reading_lists_in_its_order():
    assert CLAUSE_IDS == reading_clause_ids()


def test_the_reading_says_what_every_setting_decides():
    reading = READING.read_text(encoding="utf-8")
    assert [s for s in SETTING_SPECS if f"`{s}`" not in reading] == []


def test_the_reading_numbers_each_ambiguity_a_setting_carries():
    section = READING.read_text(encoding="utf-8").split("## Where the text allows more than one reading", 1)[1]
    for spec in SETTING_SPECS.values():
        if spec.ambiguity is not None:
            item = re.search(rf"^{spec.ambiguity}\. (.+?)(?=^\d+\. |^\S)", section, flags=re.MULTILINE | re.DOTALL)
            assert item is not None and f"`{spec.id}`" in item.group(1), spec.id


def test_clause_ids_use_half_width_brackets_and_no_spaces():
    for clause_id in CLAUSE_IDS:
        assert re.fullmatch(r"[一二三四]\([一二三四]\)\d?", clause_id)


def test_every_clause_takes_effect_on_the_plans_issue_date_and_cites_the_plan():
    for c in CLAUSES.values():
        assert c.effective_from == date(2015, 7, 20)
        assert c.reference == PLAN_REFERENCE == "咸政办函〔2015〕58号"
        assert c.summary_en and c.summary_en.isascii()


def test_a_clause_is_frozen():
    with pytest.raises(AttributeError):
        clause("二(一)1").text = "改写"


def test_an_unknown_clause_id_is_a_key_error():
    with pytest.raises(KeyError):
        clause("二（一）1")  # full-width brackets are not the plan's ids


@pytest.mark.parametrize("clause_id", CLAUSE_IDS)
def test_every_clause_quotes_the_plan_verbatim(clause_id):
    # The source breaks one line of 三(二)1 mid-word; the clause joins it.
    plan = PLAN.read_text(encoding="utf-8").replace("清理规\n范", "清理规范")
    for line in clause(clause_id).text.split("\n"):
        assert line in plan
