import re
from datetime import date
from pathlib import Path

import pytest

from zhuban.policy.clauses import CLAUSE_IDS, CLAUSES, PLAN_REFERENCE, clause

# The plan ships in the project's shared domain folder, beside the checkout (here and in CI).
PLAN = Path(__file__).resolve().parents[4] / "shared" / "domain" / "plan-xianning-2015-58.txt"
# As POLICY.md lists them under "Clause ids".
POLICY_IDS = (
    "二(一)1 二(一)2 二(一)3 二(二)1 二(二)2 二(二)3 二(二)4 二(三) "
    "二(四)1 二(四)2 二(四)3 三(二)1 三(二)2 三(二)3 三(三) 四(二)"
)


def test_the_clause_ids_are_exactly_those_policy_md_lists_in_its_order():
    assert CLAUSE_IDS == tuple(POLICY_IDS.split())


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


@pytest.mark.skipif(not PLAN.exists(), reason="the plan's text lives in the shared domain folder")
@pytest.mark.parametrize("clause_id", CLAUSE_IDS)
def test_every_clause_quotes_the_plan_verbatim(clause_id):
    # The source breaks one line of 三(二)1 mid-word; the clause joins it.
    plan = PLAN.read_text(encoding="utf-8").replace("清理规\n范", "清理规范")
    for line in clause(clause_id).text.split("\n"):
        assert line in plan
