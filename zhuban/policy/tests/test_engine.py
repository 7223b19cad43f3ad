"""The engine itself, beyond the scenarios: purity, order, determinism and scale."""

import ast
import random
import time
from datetime import date
from pathlib import Path

import pytest

from zhuban.policy.engine import SnapshotError, derive_campaign, derive_home_city, evaluate
from zhuban.policy.facts import Campaign, OfficeFacts
from zhuban.policy.geography import reference_gazetteer
from zhuban.policy.policy_settings import PolicySettings

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


# ---- never invent a rule: only the campaign city's own units ----------------------------------

XIANNING = Campaign(
    city="咸宁市", counties=frozenset({"咸安区", "嘉鱼县", "通城县", "崇阳县", "通山县", "赤壁市", "咸宁高新区"})
)


@pytest.mark.parametrize(
    ("level", "kind", "government", "city", "province"),
    [
        ("county", "government", "岳阳县", "长沙市", "湖南省"),  # would be 二(二)3 beside the city's office
        ("county", "department", "岳阳县", "长沙市", "湖南省"),
        ("county", "government", "嘉善县", "武汉市", "湖北省"),  # would be 二(一)1
        ("county", "department", "嘉善县", "武汉市", "湖北省"),  # would be 二(一)2
        ("city", "government", "宜昌市", "长沙市", "湖南省"),  # would join 二(二)2
        ("city", "department", "宜昌市", "长沙市", "湖南省"),  # would be 二(二)1
    ],
)
def test_a_sponsor_of_another_city_is_reviewed_never_decided_by_analogy(level, kind, government, city, province):
    offices = [
        office("own-cs"),
        office("own-wh", city="武汉市", province="湖北省"),
        office("x", level, kind, government, city, province),
    ]
    results = {a.office_id: a for a in evaluate(offices, GEO, campaign=XIANNING)}
    assert results["x"].disposition == "review"
    assert government in results["x"].explanation and "不是本市的单位" in results["x"].explanation
    assert results["x"].merge_into is None and results["x"].considered
    # The city's own offices are decided as if the stranger were not there.
    assert (
        results["own-cs"].disposition == "retain"
        and "没有须与本机构整合的其他办事机构" in results["own-cs"].explanation
    )


def test_without_a_campaign_the_snapshot_is_read_as_the_citys_own_registry():
    campaign = derive_campaign([office("a"), office("b", level="county", government="通城县")])
    assert campaign == Campaign(city="咸宁市", counties=frozenset({"通城县"}))


# ---- hosts outside the plan's frame ------------------------------------------------------------


@pytest.mark.parametrize(
    ("city", "province"), [("香港", "香港特别行政区"), ("澳门", "澳门特别行政区"), ("台北市", "台湾省")]
)
@pytest.mark.parametrize(("level", "kind"), [("city", "government"), ("city", "department"), ("county", "government")])
def test_a_host_outside_the_mainland_is_reviewed_saying_why_and_joins_no_group(city, province, level, kind):
    government = "咸宁市" if level == "city" else "通城县"
    offices = [office("gz", city="广州市", province="广东省"), office("x", level, kind, government, city, province)]
    results = {a.office_id: a for a in evaluate(offices, GEO, campaign=XIANNING)}
    assert results["x"].disposition == "review" and "方案只涉及内地各省区和直辖市" in results["x"].explanation
    assert results["gz"].disposition == "retain" and results["gz"].merge_into is None


# ---- one office per group means one; explanations never deny another office ---------------------


def test_no_explanation_says_the_group_has_no_other_office_when_a_neighbouring_one_exists():
    rng = random.Random(11)
    gz = reference_gazetteer()
    places = list(gz.capitals.items()) + [("广东省", "深圳市"), ("山东省", "青岛市")]
    neighbours = GEO.neighbours()
    for round_ in range(30):
        offices = []
        for i in range(rng.randint(1, 8)):
            province, city = rng.choice(places)
            offices.append(
                office(f"{round_}-{i}", city=city, province=province, counterpart_assistance=rng.random() < 0.3)
            )
        for setting in ("survivor", "in_addition"):
            settings = PolicySettings(assistance_in_group=setting)
            for a in evaluate(offices, GEO, settings, campaign=XIANNING):
                if "没有须与本机构整合的其他办事机构" not in a.explanation:
                    continue
                me = next(o for o in offices if o.id == a.office_id)
                others = [
                    o
                    for o in offices
                    if o is not me
                    and o.host_province not in GEO.outside_frame
                    and o.host_province != "湖北省"
                    and (o.host_province == me.host_province or o.host_province in neighbours.get(me.host_province, ()))
                ]
                assert not others, (a.office_id, a.explanation)


def test_an_assistance_office_is_its_groups_one_office_and_the_others_merge_into_it():
    offices = [
        office("ls", city="拉萨市", province="西藏自治区", counterpart_assistance=True),
        office("cd", city="成都市", province="四川省", headcount=30),
        office("cq", city="重庆市", province="重庆市", headcount=20),
    ]
    results = {a.office_id: a for a in evaluate(offices, GEO)}
    assert results["ls"].disposition == "retain" and results["ls"].clauses == ("二(二)4", "二(二)2")
    assert all(results[i].merge_into == "ls" and "二(二)4" in results[i].clauses for i in ("cd", "cq"))
    kept_apart = {a.office_id: a for a in evaluate(offices, GEO, PolicySettings(assistance_in_group="in_addition"))}
    assert kept_apart["ls"].disposition == "retain" and kept_apart["ls"].clauses == ("二(二)4",)
    assert (kept_apart["cd"].disposition, kept_apart["cq"].merge_into) == ("retain", "cd")


# ---- enforcement follows decisions -------------------------------------------------------------

LATE = date(2015, 10, 1)


@pytest.mark.parametrize(
    ("approved", "status", "late"),
    [
        (None, "active", False),  # the engine's proposal alone never makes an office late
        ("retain", "active", False),
        ("revoke", "active", True),
        ("merge", "active", True),
        ("revoke", "revoked", False),  # carried out
        ("merge", "merged", False),
    ],
)
def test_retained_after_deadline_follows_the_approved_decision_and_the_status(approved, status, late):
    wuhan_county = office(
        "t", "county", "government", "通城县", "武汉市", "湖北省", approved_disposition=approved, status=status
    )
    (result,) = evaluate([wuhan_county], GEO, as_of=LATE)
    assert result.disposition == "revoke"
    assert ("retained_after_deadline" in result.violations) is late
    if status != "active":
        assert "登记簿记载本机构已" in result.explanation


def test_a_retention_outside_hubei_quotes_the_procedure_sentence_of_二四1_not_the_wuhan_staff_one():
    from zhuban.policy.clauses import EXCERPTS

    (result,) = evaluate([office("hz", city="杭州市", province="浙江省")], GEO)
    assert EXCERPTS["二(四)1.procedure"] in result.explanation
    assert "保留的工作人员归并到" not in result.explanation
