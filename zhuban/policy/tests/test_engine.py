"""The engine itself, beyond the scenarios: purity, order, determinism and scale."""

import ast
import random
import time
from datetime import date
from pathlib import Path

import pytest

from zhuban.policy.engine import SnapshotError, derive_home_city, evaluate
from zhuban.policy.facts import OfficeFacts
from zhuban.policy.geography import reference_gazetteer

PURE_MODULES = ("engine", "facts", "grouping", "explain", "clauses", "policy_settings", "geography", "contract")
GEO = reference_gazetteer().geography


def office(id, level="city", kind="government", government="咸宁市", city="长沙市", province="湖南省", **kw):
    defaults = dict(
        name=f"{government}驻{city}办事处{id}",
        host_is_capital=reference_gazetteer().capitals.get(province) == city,
        counterpart_assistance=False,
        established_on=date(2003, 5, 1),
    )
    defaults.update(kw)
    return OfficeFacts(
        id=id,
        sponsor_level=level,
        sponsor_kind=kind,
        sponsor_government=government,
        host_city=city,
        host_province=province,
        **defaults,
    )


@pytest.mark.parametrize("module", PURE_MODULES)
def test_the_engine_and_contract_never_import_the_orm(module):
    source = (Path(__file__).parents[1] / f"{module}.py").read_text(encoding="utf-8")
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not any(name and (name.startswith("django.db") or name.endswith(".models")) for name in imported)


def test_there_is_one_assessment_per_office_in_input_order():
    offices = [
        office("b", city="广州市", province="广东省"),
        office("a"),
        office("c", city="杭州市", province="浙江省"),
    ]
    assert [a.office_id for a in evaluate(offices, GEO)] == ["b", "a", "c"]


def test_the_proposed_survivor_does_not_depend_on_input_order():
    offices = [
        office(str(i), city=c, province=p, headcount=5)
        for i, (c, p) in enumerate(
            [("长沙市", "湖南省"), ("广州市", "广东省"), ("南昌市", "江西省"), ("深圳市", "广东省")]
        )
    ]
    expected = {a.office_id: (a.disposition, a.merge_into) for a in evaluate(offices, GEO)}
    for seed in range(5):
        shuffled = offices[:]
        random.Random(seed).shuffle(shuffled)
        assert {a.office_id: (a.disposition, a.merge_into) for a in evaluate(shuffled, GEO)} == expected


def test_the_home_city_is_the_government_of_the_city_level_sponsors():
    offices = [office("a"), office("b", level="county", government="通城县")]
    assert derive_home_city(offices) == "咸宁市"
    assert derive_home_city([office("b", level="county", government="通城县")]) is None


def test_a_snapshot_mixing_two_cities_is_refused_not_guessed():
    with pytest.raises(SnapshotError, match="宜昌市"):
        evaluate([office("a"), office("b", government="宜昌市")], GEO)


def test_a_snapshot_with_two_offices_of_one_id_is_refused():
    with pytest.raises(SnapshotError):
        evaluate([office("a"), office("a", city="杭州市", province="浙江省")], GEO)


def test_a_county_office_with_no_city_office_anywhere_goes_to_review_saying_so():
    (result,) = evaluate([office("b", level="county", government="通城县")], GEO)
    assert result.disposition == "review"
    assert "无法确定本市政府" in result.explanation


def test_explanations_follow_the_active_language():
    from django.utils import translation

    with translation.override("en"):
        (result,) = evaluate([office("a", city="杭州市", province="浙江省")], GEO)
    assert result.disposition == "retain" and result.explanation  # English text comes from the catalogue


def test_a_settings_change_is_listed_beside_the_result_it_affects():
    (result,) = evaluate([office("a", city="杭州市", province="浙江省", established_on=date(2016, 1, 1))], GEO)
    assert set(result.settings_used) >= {"approver_outside_home", "plan_issue_date"}


def test_twenty_thousand_offices_are_assessed_in_well_under_a_second_each_thousand():
    rng = random.Random(58)
    capitals = list(reference_gazetteer().capitals.items())
    offices = []
    for i in range(20_000):
        province, city = rng.choice(capitals)
        level, kind = rng.choice([("city", "government"), ("city", "department"), ("county", "government")])
        government = "咸宁市" if level == "city" else rng.choice(["通城县", "崇阳县"])
        offices.append(office(f"o{i}", level, kind, government, city, province, headcount=rng.randint(0, 20)))
    started = time.perf_counter()
    results = evaluate(offices, GEO)
    elapsed = time.perf_counter() - started
    assert len(results) == 20_000
    # The benchmark measures properly; this only catches an accidental O(n²) (which takes minutes).
    assert elapsed < 5


def test_office_facts_are_frozen():
    with pytest.raises(AttributeError):
        office("a").headcount = 3
