"""The year's disclosure of a retained office: drafted from its recorded receptions and reception
accounts, reviewed, approved, published; corrected only by a new version that says why."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from zhuban.audit.models import AuditEntry
from zhuban.disclosure import queries, services
from zhuban.disclosure.models import Disclosure
from zhuban.disclosure.tests import builders
from zhuban.disclosure.tests.builders import CHANGSHA, retained

pytestmark = pytest.mark.django_db


def trail(disclosure: Disclosure) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="disclosure.disclosure", object_id=str(disclosure.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_a_draft_keeps_its_own_copy_of_the_years_receptions_and_accounts(receptions):
    office = retained()
    builders.accounts(office, 2016, budget="80000", final="86500")
    receptions.add(office, 2016, ["张三", "李四"], meals=48000, lodging=120000, venue="咸宁宾馆")
    receptions.add(office, 2016, ["王五"], meals=16050, transport=9000, venue="市机关食堂")
    receptions.add(office, 2017, ["赵六"], meals=99900)  # another year
    draft = builders.drafted(office, 2016)
    assert (draft.status, draft.number, draft.receptions, draft.visitors) == ("draft", 1, 2, 3)
    assert (draft.meals, draft.lodging, draft.transport, draft.other) == (
        Decimal("640.50"),
        Decimal("1200.00"),
        Decimal("90.00"),
        Decimal("0.00"),
    )
    assert draft.total == Decimal("1930.50")
    assert draft.venues == ["咸宁宾馆", "市机关食堂"]
    assert (draft.budget, draft.final) == (Decimal("80000.00"), Decimal("86500.00"))
    assert draft.over_budget == Decimal("6500.00")
    # The copy stays as drawn when the records move on, until the drafter draws it again.
    receptions.add(office, 2016, ["钱七"], meals=1000)
    assert Disclosure.objects.get(pk=draft.pk).receptions == 2
    redrawn = services.disclosure_redraw(actor=builders.ensure_persona("liaison_staff"), disclosure=draft)
    assert (redrawn.receptions, redrawn.total) == (3, Decimal("1940.50"))
    assert trail(draft) == ["disclosure.draft", "disclosure.redraw"]


def test_an_office_without_receptions_or_accounts_drafts_zeros_and_no_accounts():
    draft = builders.drafted(retained(), 2017)
    assert (draft.receptions, draft.total, draft.budget, draft.final, draft.venues) == (0, 0, None, None, [])


def test_the_draft_goes_through_review_and_approval_to_publication_each_step_on_the_trail(receptions):
    office = retained()
    builders.accounts(office, 2016)
    staff, city = builders.ensure_persona("liaison_staff"), builders.ensure_persona("city_officer")
    draft = builders.drafted(office)
    services.disclosure_update(actor=staff, disclosure=draft, values={"notes": "接待均凭公函，用餐为工作餐。"})
    services.disclosure_submit(actor=staff, disclosure=draft)
    returned = services.disclosure_review(actor=city, disclosure=draft, accept=False, comments="请补充接待场所说明")
    assert (returned.status, returned.return_reason) == ("draft", "请补充接待场所说明")
    services.disclosure_submit(actor=staff, disclosure=draft)
    services.disclosure_review(actor=city, disclosure=draft, accept=True)
    services.disclosure_approve(actor=city, disclosure=draft)
    done = services.disclosure_publish(actor=city, disclosure=draft)
    assert done.status == "published" and done.published_at is not None and done.changes == []
    assert trail(draft) == [
        "disclosure.draft",
        "disclosure.update",
        "disclosure.submit",
        "disclosure.return",
        "disclosure.submit",
        "disclosure.review",
        "disclosure.approve",
        "disclosure.publish",
    ]
    entry = AuditEntry.objects.filter(action="disclosure.publish").get()
    assert entry.jurisdiction_path == office.jurisdiction.path and entry.unit_id == office.sponsor_id


@pytest.mark.parametrize(
    ("state", "act", "message"),
    [
        ("draft", "review", "不在此环节"),
        ("draft", "approve", "不在此环节"),
        ("draft", "publish", "尚未批准"),
        ("submitted", "submit", "不在此环节"),
        ("submitted", "update", "不能再修改"),
        ("submitted", "redraw", "只有草稿"),
        ("reviewed", "publish", "尚未批准"),
        ("approved", "approve", "不在此环节"),
        ("published", "publish", "尚未批准"),
        ("published", "update", "不能再修改"),
        ("published", "submit", "不在此环节"),
    ],
)
def test_an_act_out_of_turn_is_refused_and_changes_nothing(state, act, message):
    make = {
        "draft": builders.drafted,
        "submitted": builders.submitted,
        "reviewed": builders.reviewed,
        "approved": builders.approved,
        "published": builders.published,
    }[state]
    disclosure = make()
    city = builders.ensure_persona("city_officer")
    acts = {
        "submit": lambda: services.disclosure_submit(actor=city, disclosure=disclosure),
        "review": lambda: services.disclosure_review(actor=city, disclosure=disclosure, accept=True),
        "approve": lambda: services.disclosure_approve(actor=city, disclosure=disclosure),
        "publish": lambda: services.disclosure_publish(actor=city, disclosure=disclosure),
        "update": lambda: services.disclosure_update(actor=city, disclosure=disclosure, values={"notes": "改"}),
        "redraw": lambda: services.disclosure_redraw(actor=city, disclosure=disclosure),
    }
    before = (
        Disclosure.objects.values_list("status", "version", "notes").get(pk=disclosure.pk),
        AuditEntry.objects.count(),
    )
    with pytest.raises(ValidationError, match=message):
        acts[act]()
    assert (
        Disclosure.objects.values_list("status", "version", "notes").get(pk=disclosure.pk),
        AuditEntry.objects.count(),
    ) == before


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("future_year", "year", "年度2999无效"),
        ("old_year", "year", "年度1999无效"),
        ("not_retained", None, "不属于保留的驻外办事机构"),
        ("twice", None, "已起草"),
        ("return_without_reason", "comments", "退回须写明理由"),
        ("correct_without_reason", "reason", "更正须写明原因"),
        ("correct_a_draft", None, "只能更正现行公开的版本"),
        ("total_not_the_sum", None, "合计与各项之和不符"),
        ("negative_amount", None, "不是非负的整数"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_it(case, field, message, receptions, office_of):
    office = retained()
    staff, city = builders.ensure_persona("liaison_staff"), builders.ensure_persona("city_officer")
    count = Disclosure.objects.count()
    if case == "future_year":
        act = lambda: services.disclosure_draft(actor=staff, office=office, year=2999)  # noqa: E731
    elif case == "old_year":
        act = lambda: services.disclosure_draft(actor=staff, office=office, year=1999)  # noqa: E731
    elif case == "not_retained":
        act = lambda: services.disclosure_draft(actor=city, office=office_of(CHANGSHA), year=2016)  # noqa: E731
    elif case == "twice":
        builders.drafted(office)
        count += 1
        act = lambda: builders.drafted(office)  # noqa: E731
    elif case == "return_without_reason":
        submitted = builders.submitted(office)
        count += 1
        act = lambda: services.disclosure_review(actor=city, disclosure=submitted, accept=False)  # noqa: E731
    elif case == "correct_without_reason":
        done = builders.published(office)
        count += 1
        act = lambda: services.disclosure_correct(actor=staff, disclosure=done, reason="  ")  # noqa: E731
    elif case == "correct_a_draft":
        draft = builders.drafted(office)
        count += 1
        act = lambda: services.disclosure_correct(actor=staff, disclosure=draft, reason="更正")  # noqa: E731
    else:
        row = {"receptions": 1, "visitors": 1, "meals": 100, "lodging": 0, "transport": 0, "other": 0, "total": 100}
        row.update({"total": 999} if case == "total_not_the_sum" else {"meals": -100, "total": -100})
        queries.RECEPTION_FIGURES.append(lambda year, ids: {office.pk: row})
        try:
            with pytest.raises(ValidationError, match=message):
                builders.drafted(office)
        finally:
            queries.RECEPTION_FIGURES.pop()
        assert Disclosure.objects.count() == count
        return
    with pytest.raises(ValidationError, match=message) as caught:
        act()
    if field:
        assert field in caught.value.message_dict
    assert Disclosure.objects.count() == count


def test_a_correction_is_a_new_version_that_says_why_and_supersedes_the_one_in_force(receptions):
    office = retained()
    builders.accounts(office, 2016, budget="80000", final="86500")
    receptions.add(office, 2016, ["张三"], meals=48000, venue="咸宁宾馆")
    first = builders.published(office)
    receptions.add(office, 2016, ["李四", "王五"], meals=20000, lodging=30000, venue="市机关招待所")
    second = builders.corrected(first, reason="补录12月漏报的一次接待")
    first.refresh_from_db()
    assert (first.status, second.status, second.number) == ("superseded", "published", 2)
    assert second.change_reason == "补录12月漏报的一次接待"
    changed = {c["field"]: (c["before"], c["after"]) for c in second.changes}
    assert changed["receptions"] == (1, 2) and changed["total"] == ("480.00", "980.00")
    assert changed["venues"] == (["咸宁宾馆"], ["咸宁宾馆", "市机关招待所"])
    assert "budget" not in changed
    assert [label for label, _b, _a in second.change_lines()][:1] == ["接待批次"]
    assert trail(second) == [
        "disclosure.correct",
        "disclosure.submit",
        "disclosure.review",
        "disclosure.approve",
        "disclosure.publish",
    ]
    # Both stay public; the one in force is the only published one.
    assert [(v.number, v.status) for v in queries.public_versions(office.jurisdiction, 2016, office.pk)] == [
        (2, "published"),
        (1, "superseded"),
    ]


def test_a_correction_that_changes_nothing_is_not_published_and_one_open_version_at_a_time():
    office = retained()
    first = builders.published(office)
    staff, city = builders.ensure_persona("liaison_staff"), builders.ensure_persona("city_officer")
    same = services.disclosure_correct(actor=staff, disclosure=first, reason="复核")
    with pytest.raises(ValidationError, match="已有一份正在办理"):
        services.disclosure_correct(actor=staff, disclosure=first, reason="再次复核")
    services.disclosure_submit(actor=staff, disclosure=same)
    services.disclosure_review(actor=city, disclosure=same, accept=True)
    services.disclosure_approve(actor=city, disclosure=same)
    with pytest.raises(ValidationError, match="完全相同"):
        services.disclosure_publish(actor=city, disclosure=same)
    first.refresh_from_db()
    assert (first.status, Disclosure.objects.get(pk=same.pk).status) == ("published", "approved")


def test_a_submitted_correction_must_say_why():
    office = retained()
    first = builders.published(office)
    staff = builders.ensure_persona("liaison_staff")
    correction = services.disclosure_correct(actor=staff, disclosure=first, reason="更正说明")
    Disclosure.objects.filter(pk=correction.pk).update(change_reason="")
    correction.refresh_from_db()
    with pytest.raises(ValidationError, match="须写明更正原因"):
        services.disclosure_submit(actor=staff, disclosure=correction)


def test_the_jurisdictions_rollup_adds_up_its_retained_offices(receptions):
    office = retained()
    builders.accounts(office, 2016, budget="80000", final="86500")
    receptions.add(office, 2016, ["张三"], meals=48000, venue="咸宁宾馆")
    rollup = services.disclosure_draft(
        actor=builders.ensure_persona("city_officer"), jurisdiction=office.jurisdiction, year=2016
    )
    assert rollup.is_rollup and rollup.offices_count == len(queries.retained_in(office.jurisdiction)) >= 1
    assert (rollup.total, rollup.final, rollup.venues) == (Decimal("480.00"), Decimal("86500.00"), ["咸宁宾馆"])
    entry = AuditEntry.objects.filter(action="disclosure.draft", object_id=str(rollup.pk)).get()
    assert entry.unit_id is None and entry.jurisdiction_path == office.jurisdiction.path


def test_the_account_figures_come_from_oversights_reception_line_only(office_of):
    office = retained()
    builders.accounts(office, 2016, budget="80000", final=None)
    from zhuban.oversight import services as oversight

    oversight.budget_set(
        actor=builders.ensure_persona("liaison_staff"), office=office, year=2016, category="rent", amount=Decimal("9")
    )
    got = builders.figures(office.pk)
    assert (got.budget, got.final) == (Decimal("80000.00"), None)
