"""Each rule, each pattern, as scenarios on plain data: no database (the checks are pure)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from zhuban.reception import checks
from zhuban.reception.checks import Case, Cost, Limits, Person, Rate, standards_on

D = date(2016, 3, 8)
ROOT = "/"
CITY = "/420000/421200/"


def rates() -> list[Rate]:
    base = [
        Rate(1, ROOT, "meal", "provincial", amount=Decimal(150), source="示例"),
        Rate(2, ROOT, "meal", "bureau", amount=Decimal(120), source="示例"),
        Rate(3, ROOT, "meal", "county", amount=Decimal(100), source="示例", is_example=True),
        Rate(4, ROOT, "lodging", "bureau", amount=Decimal(480), source="示例"),
        Rate(5, ROOT, "lodging", "county", amount=Decimal(350), source="示例"),
        Rate(6, ROOT, "working_meals", limit=1),
        Rate(7, ROOT, "companions", limit=3, group_size=10, divisor=3),
        Rate(8, ROOT, "forbidden", text="茅台、私人会所"),
    ]
    return base


STANDARDS = standards_on(rates(), CITY, D)


def people(n: int, rank: str = "county", prefix: str = "来访") -> tuple[Person, ...]:
    return tuple(Person(f"{prefix}{i}", "科员", rank) for i in range(n))


def meal(amount: str, persons: int = 5, n: int = 1, **changes) -> Cost:
    return Cost(
        n,
        changes.pop("kind", "meal"),
        changes.pop("day", D),
        changes.pop("venue", "机关食堂"),
        changes.pop("description", "家常菜"),
        persons,
        changes.pop("nights", 1),
        Decimal(amount),
    )


def case(**changes) -> Case:
    party = people(3)
    values: dict[str, Any] = {
        "id": 1,
        "sending_unit": "咸宁市发展和改革委员会",
        "starts_on": D,
        "ends_on": D + timedelta(days=1),
        "letter_people": party,
        "letter_from": D,
        "letter_to": D + timedelta(days=1),
        "approved_on": D - timedelta(days=1),
        "listed": True,
        "visitor_unit": "咸宁市发展和改革委员会",
        "visitors": party,
        "activity": "汇报项目",
        "venue": "省发展改革委",
        "companions": 2,
        "costs": (meal("200"),),
        "payment": "card",
    }
    values.update(changes)
    return Case(**values)


def codes(found) -> list[str]:
    return sorted(f.code for f in found)


def test_a_reception_by_the_rules_raises_nothing():
    assert checks.check(case(), STANDARDS) == []


# ---- Companions (规定第十条) ------------------------------------------------------------------

COMPANIONS = [
    # visitors, companions, allowed
    (1, 3, True),
    (10, 3, True),
    (10, 4, False),
    (11, 3, True),
    (11, 4, False),
    (12, 4, True),
    (12, 5, False),
    (30, 10, True),
    (30, 11, False),
    (3, 0, True),
]


@pytest.mark.parametrize(("visitors", "companions", "allowed"), COMPANIONS)
def test_companions_at_most_three_up_to_ten_visitors_then_a_third(visitors, companions, allowed):
    party = people(visitors)
    found = checks.companions(case(visitors=party, letter_people=party, companions=companions), STANDARDS)
    assert (found == []) is allowed
    if not allowed:
        assert found[0].params == {
            "visitors": visitors,
            "companions": companions,
            "limit": checks.companion_limit(visitors, STANDARDS.find("companions")),
        }
        assert "第十条" in found[0].rule.clause


# ---- Working meals and standards -------------------------------------------------------------


@pytest.mark.parametrize(("meals", "flagged"), [(0, False), (1, False), (2, True), (4, True)])
def test_at_most_one_working_meal(meals, flagged):
    costs = tuple(meal("100", n=n) for n in range(meals))
    assert codes(checks.working_meals(case(costs=costs), STANDARDS)) == (["working_meals"] if flagged else [])


@pytest.mark.parametrize(
    ("rank", "amount", "persons", "flagged"),
    [
        ("county", "500", 5, False),  # 100 a head: exactly the standard
        ("county", "500.05", 5, True),  # a cent over the standard a head
        ("bureau", "600", 5, False),  # the party's head is 厅局级: 120 a head
        ("bureau", "601", 5, True),
        ("provincial", "750", 5, False),
    ],
)
def test_a_meal_over_the_standard_for_the_partys_rank(rank, amount, persons, flagged):
    party = (Person("甲", "主任", rank), *people(2))
    found = checks.over_standard(case(visitors=party, letter_people=party, costs=(meal(amount, persons),)), STANDARDS)
    assert codes(found) == (["meal_over"] if flagged else [])


def test_lodging_is_judged_per_person_and_night():
    ok = meal("2100", persons=3, kind="lodging", nights=2)  # 350 per person-night, the county standard
    over = meal("2101", persons=3, kind="lodging", nights=2, n=2)
    found = checks.over_standard(case(costs=(ok, over)), STANDARDS)
    assert [(f.code, f.key) for f in found] == [("lodging_over", "lodging_over:2")]
    assert found[0].params["limit"] == "350.00" and found[0].params["per"] == "350.17"


def test_an_example_standard_says_so_in_the_warning():
    [found] = checks.over_standard(case(costs=(meal("1000"),)), STANDARDS)
    assert "示例数据" in found.params["source"]


def test_a_2016_reception_is_judged_by_the_row_valid_in_2016_after_a_2017_change():
    old = Rate(
        10, CITY, "meal", "county", amount=Decimal(100), valid_from=date(2014, 1, 1), valid_to=date(2016, 12, 31)
    )
    new = Rate(11, CITY, "meal", "county", amount=Decimal(80), valid_from=date(2017, 1, 1))
    rows = [*rates(), old, new]
    a_2016_meal = case(costs=(meal("450"),))  # 90 a head
    a_2017_meal = replace(a_2016_meal, starts_on=date(2017, 3, 8), ends_on=date(2017, 3, 9))
    assert checks.over_standard(a_2016_meal, standards_on(rows, CITY, a_2016_meal.starts_on)) == []
    assert codes(checks.over_standard(a_2017_meal, standards_on(rows, CITY, a_2017_meal.starts_on))) == ["meal_over"]


def test_a_jurisdictions_own_row_comes_before_the_one_above_it():
    own = Rate(12, CITY, "meal", "county", amount=Decimal(60))
    chosen = standards_on([*rates(), own], CITY + "421222/", D)
    assert chosen.find("meal", "county").id == 12
    assert standards_on([*rates(), own], "/420000/429000/", D).find("meal", "county").id == 3


# ---- Letter, approval, list ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"has_letter": False}, ["no_letter"]),
        ({"approved_on": None}, ["no_approval"]),
        ({"approved_on": D + timedelta(days=2)}, ["late_approval"]),
        ({"approved_on": D}, []),  # approved the same day, before it began
        ({"approved_on": None, "listed": False}, []),  # not yet held: nothing to say yet
    ],
)
def test_a_reception_needs_a_letter_and_a_prior_approval(changes, expected):
    assert codes(checks.letter_and_approval(case(**changes))) == expected


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"visitors": (*people(3), Person("赵六", "科员", "county"))}, "公函未列的人员：赵六"),
        ({"visitors": people(2)}, "公函列明但清单中没有的人员：来访2"),
        ({"visitors": (Person("来访0", "处长", "county"), *people(3)[1:])}, "职务不一致：来访0（科员 → 处长）"),
        ({"ends_on": D + timedelta(days=3)}, "接待日期超出公函所列日期"),
        ({"starts_on": D - timedelta(days=1)}, "接待日期超出公函所列日期"),
        ({"visitor_unit": "咸宁市财政局"}, "接待对象单位与派出单位不一致：咸宁市财政局"),
    ],
)
def test_the_list_is_checked_against_the_letter(changes, fragment):
    [found] = checks.list_matches_letter(case(**changes))
    assert found.code == "list_mismatch" and fragment in found.message


def test_a_list_that_matches_its_letter_shows_no_difference():
    assert checks.differences(case()) == []


# ---- Payment, venues, forbidden items, meetings ----------------------------------------------


@pytest.mark.parametrize(("payment", "flagged"), [("cash", True), ("card", False), ("transfer", False), ("", False)])
def test_cash_is_flagged(payment, flagged):
    assert codes(checks.cash(case(payment=payment))) == (["cash"] if flagged else [])


@pytest.mark.parametrize(
    ("venue", "cost_venue", "flagged"),
    [
        ("咸宁大厦宾馆", "机关食堂", True),
        ("省发展改革委", "咸宁大厦宾馆餐厅", True),
        ("省发展改革委", "咸宁 大厦宾馆", True),  # spaces do not hide it
        ("省发展改革委", "湖北饭店", False),
        ("", "", False),
    ],
)
def test_hosting_at_one_of_the_offices_former_business_entities(venue, cost_venue, flagged):
    found = checks.former_entity(case(venue=venue, costs=(meal("100", venue=cost_venue),)), ["咸宁大厦宾馆"])
    assert codes(found) == (["former_entity"] if flagged else [])


@pytest.mark.parametrize(
    ("changes", "flagged"),
    [
        ({"costs": (meal("100", description="茅台一瓶"),)}, True),
        ({"venue": "某私人会所"}, True),
        ({"costs": (meal("100", description="家常菜"),)}, False),
    ],
)
def test_forbidden_items_named_in_the_standards(changes, flagged):
    assert codes(checks.forbidden_items(case(**changes), STANDARDS)) == (["forbidden"] if flagged else [])


@pytest.mark.parametrize(
    ("changes", "flagged"),
    [
        ({"activity": "召开项目推进会议"}, True),
        ({"costs": (meal("100", description="培训费"),)}, True),
        ({"costs": (meal("100", venue="国际会议中心"),)}, True),
        ({"activity": "汇报项目"}, False),
    ],
)
def test_costs_booked_as_meetings_or_training(changes, flagged):
    assert codes(checks.booked_as_meeting(case(**changes))) == (["booked_as_meeting"] if flagged else [])


# ---- Patterns across receptions --------------------------------------------------------------


def other(id_: int, start: date, days: int = 1, **changes) -> Case:
    return case(id=id_, starts_on=start, ends_on=start + timedelta(days=days), **changes)


@pytest.mark.parametrize(
    ("start", "unit", "split"),
    [
        (D + timedelta(days=1), "咸宁市发展和改革委员会", True),  # overlapping
        (D + timedelta(days=2), "咸宁市发展和改革委员会", True),  # the next day
        (D + timedelta(days=3), "咸宁市发展和改革委员会", False),  # a day between
        (D - timedelta(days=2), "咸宁市发展和改革委员会", True),  # the day before
        (D + timedelta(days=1), "咸宁市财政局", False),  # another unit
    ],
)
def test_one_visit_split_into_several(start, unit, split):
    found = checks.split_visit(case(), [other(2, start, sending_unit=unit)], Limits())
    assert codes(found) == (["split_visit"] if split else [])


@pytest.mark.parametrize(
    ("gap", "repeat_days", "repeated"),
    [(10, 30, True), (29, 30, True), (31, 30, False), (10, 7, False)],
)
def test_the_same_visitors_hosted_again_within_n_days(gap, repeat_days, repeated):
    later = other(2, D + timedelta(days=1 + gap), sending_unit="咸宁市财政局")
    found = checks.repeat_visitors(case(), [later], Limits(repeat_days=repeat_days))
    assert codes(found) == (["repeat_visitors"] if repeated else [])


def test_other_visitors_are_no_repeat_and_a_split_visit_is_reported_once():
    strangers = other(2, D + timedelta(days=10), visitors=people(3, prefix="他人"))
    assert checks.repeat_visitors(case(), [strangers], Limits()) == []
    next_day = other(3, D + timedelta(days=2))
    assert codes(checks.check(case(), STANDARDS, others=[next_day])) == ["split_visit"]


def test_every_rule_cites_a_clause():
    assert all(rule.clause and ("规定" in rule.clause or "方案" in rule.clause) for rule in checks.RULES.values())
