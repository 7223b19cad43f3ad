"""A reception from the letter to the settlement, through the services: each step on the trail,
the refusals in the user's language, and the warnings that go to the office head."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from zhuban.audit.models import AuditEntry
from zhuban.inspection.prefill import gather
from zhuban.notifications.models import Notification
from zhuban.org.models import Jurisdiction
from zhuban.oversight.tests.builders import CHANGSHA, retained
from zhuban.reception import queries, services
from zhuban.reception.models import Letter, Reception, ReceptionWarning, Standard
from zhuban.reception.tests import builders as b

pytestmark = pytest.mark.django_db


def trail(reception: Reception) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="reception.reception", object_id=str(reception.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_each_step_from_the_letter_to_the_settlement_is_on_the_offices_trail():
    reception = b.settled()
    assert reception.state == "settled"
    assert trail(reception) == ["reception.request", "reception.approve", "reception.sign_off", "reception.settle"]
    listed = AuditEntry.objects.get(action="reception.list", object_type="reception.receptionlist")
    assert listed.after["venue"] == "湖北省发展和改革委员会" and len(listed.after["costs"]) == 2
    letter = AuditEntry.objects.get(action="letter.record", object_id=str(reception.letter_id))
    assert letter.after["sending_unit"] == b.UNIT and letter.after["sha256"]
    assert reception.total == Decimal("1290.00") and reception.settlement.amount == Decimal("1290.00")
    assert b.codes(reception) == []


def test_no_letter_no_reception():
    with pytest.raises(ValidationError) as refused:
        services.reception_request(actor=b.staff(), letter=None, reason="汇报", schedule="座谈", budget=Decimal(100))
    assert "无公函" in str(refused.value) and "第七条" in str(refused.value)
    assert Reception.objects.count() == 0


@pytest.mark.parametrize(
    ("file", "fragment"),
    [
        (None, "须上传公函扫描件"),
        ("empty", "是空的"),
        ("text", "不是 PDF"),
    ],
)
def test_a_letter_needs_its_scan(file, fragment):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = {
        None: None,
        "empty": SimpleUploadedFile("公函.pdf", b""),
        "text": SimpleUploadedFile("公函.pdf", b"just words"),
    }[file]
    with pytest.raises(ValidationError) as refused:
        services.letter_record(
            actor=b.staff(),
            office=retained(),
            values={
                "sending_unit": b.UNIT,
                "content": "汇报",
                "itinerary": "当日往返",
                "date_from": b.DAY,
                "date_to": b.DAY,
                "people": b.PEOPLE,
            },
            file=upload,
        )
    assert fragment in str(refused.value)
    assert Letter.objects.count() == 0


@pytest.mark.parametrize(
    ("people", "fragment"),
    [
        ([], "须列明来访人员"),
        ([{"name": "", "post": "科员", "rank": "county"}], "第1行：须填写姓名"),
        ([{"name": "王五", "post": "科员", "rank": "处级"}], "第1行（王五）：级别“处级”无法识别"),
    ],
)
def test_a_letter_names_each_visitor_with_a_known_rank(people, fragment):
    with pytest.raises(ValidationError) as refused:
        b.letter(people=people)
    assert fragment in str(refused.value)


def test_one_letter_one_reception():
    reception = b.requested()
    with pytest.raises(ValidationError) as refused:
        services.reception_request(
            actor=b.staff(), letter=reception.letter, reason="再次", schedule="再次", budget=Decimal(1)
        )
    assert "一函一事一结" in str(refused.value)
    assert Reception.objects.count() == 1


def test_only_a_retained_office_records_letters():
    from zhuban.registry.models import Office

    with pytest.raises(ValidationError, match="不属于保留的驻外办事机构"):
        b.letter(Office.objects.get(name="通城县人民政府驻武汉办事处"))


def test_approving_twice_is_refused_the_second_time():
    reception = b.approved()
    with pytest.raises(ValidationError, match="已不在此环节"):
        services.reception_approve(actor=b.head(), reception=reception, approved_on=date(2016, 3, 7))


def test_a_list_recorded_without_approval_is_kept_and_flagged():
    reception = b.listed(b.requested())
    assert reception.state == "listed"
    assert b.codes(reception) == ["no_approval"]


def test_the_list_is_checked_against_the_letter_and_the_differences_are_kept():
    reception = b.listed(visitors=[*b.PEOPLE[:2], {"name": "赵六", "post": "科员", "rank": "county"}])
    assert b.codes(reception) == ["list_mismatch"]
    differences = [
        str(d) for d in queries.differences(Reception.objects.select_related(*queries.RELATED).get(pk=reception.pk))
    ]
    assert differences == ["公函未列的人员：赵六", "公函列明但清单中没有的人员：陈静"]


def test_a_list_cannot_be_changed_once_signed_off():
    reception = b.signed_off()
    with pytest.raises(ValidationError, match="已审签"):
        b.listed(reception)


@pytest.mark.parametrize(
    ("costs", "fragment"),
    [
        ([b.cost(day=date(2016, 4, 1))], "不在接待期间内"),
        ([b.cost(amount="-5")], "第1项费用"),
        ([b.cost(persons=0)], "第1项费用"),
    ],
)
def test_a_bad_cost_line_is_refused_naming_the_line(costs, fragment):
    reception = b.approved()
    with pytest.raises(ValidationError) as refused:
        b.listed(reception, costs=costs)
    assert fragment in str(refused.value)
    reception.refresh_from_db()
    assert reception.state == "approved"


def test_settling_needs_the_four_elements():
    reception = b.listed()
    with pytest.raises(ValidationError) as refused:
        services.reception_settle(actor=b.staff(), reception=reception, invoice=None, payment="card", paid_on=b.DAY)
    assert "财务票据" in str(refused.value) and "经审签的接待清单" in str(refused.value)


def test_cash_is_recorded_as_paid_and_flagged():
    reception = b.settled(payment="cash")
    assert reception.state == "settled" and reception.settlement.payment == "cash"
    assert b.codes(reception) == ["cash"]


def test_over_standard_and_too_many_companions_go_to_the_office_head():
    head = b.head()
    reception = b.listed(
        costs=[b.cost(amount="900"), b.cost(amount="100", description="第二次工作餐")],
        companions=[{"name": f"陪同{n}", "post": "科员"} for n in range(4)],
    )
    assert b.codes(reception) == ["companions", "meal_over", "working_meals"]
    assert reception.open_warnings == 3
    notes = Notification.objects.filter(recipient=head, event="reception_warning")
    assert notes.count() == 3
    assert any("陪同4人，超过上限3人" in n.summary for n in notes)
    assert all("规定第" in n.summary for n in notes)


def test_a_corrected_list_clears_the_warning_and_keeps_it_on_record():
    reception = b.listed(costs=[b.cost(amount="900")])
    assert b.codes(reception) == ["meal_over"]
    b.listed(reception, costs=[b.cost(amount="400")])
    assert b.codes(reception) == [] and b.codes(reception, "cleared") == ["meal_over"]
    assert AuditEntry.objects.filter(action="reception.check", object_id=str(reception.pk)).count() == 2


def test_a_venue_that_was_the_offices_own_hotel_is_flagged():
    reception = b.listed(costs=[b.cost(venue="咸宁大厦宾馆")])
    assert b.codes(reception) == ["former_entity"]


def test_the_office_head_explains_a_warning_on_the_trail():
    reception = b.listed(companions=[{"name": f"陪同{n}"} for n in range(5)])
    warning = ReceptionWarning.objects.get(reception=reception)
    services.warning_explain(actor=b.head(), warning=warning, explanation="省领导临时增加陪同，已报批")
    warning.refresh_from_db()
    reception.refresh_from_db()
    assert warning.state == "explained" and reception.open_warnings == 0
    entry = AuditEntry.objects.get(action="warning.explain", object_id=str(warning.pk))
    assert entry.reason == "省领导临时增加陪同，已报批"
    with pytest.raises(ValidationError, match="已说明"):
        services.warning_explain(actor=b.head(), warning=warning, explanation="再说一次")
    with pytest.raises(ValidationError, match="须写明情况说明"):
        services.warning_explain(actor=b.head(), warning=warning, explanation="  ")


def test_an_unexplained_warning_goes_onto_the_inspection_checklist_after_its_date():
    office = retained()
    with time_machine.travel(date(2016, 3, 20), tick=False):
        reception = b.listed(b.approved(office), companions=[{"name": f"陪同{n}"} for n in range(5)])
        warning = ReceptionWarning.objects.get(reception=reception)
    assert warning.due_on == date(2016, 3, 30)
    facts, covered = gather([office.pk], date(2016, 3, 30))
    assert "reception_rules" in covered
    assert [f for f in facts if f.item == "reception_rules"] == []
    facts, _covered = gather([office.pk], date(2016, 3, 31))
    [fact] = [f for f in facts if f.item == "reception_rules"]
    assert "陪同5人" in fact.label and "逾期未说明" in fact.label and fact.key == f"reception_warning:{warning.pk}"
    services.warning_explain(actor=b.head(), warning=warning, explanation="已说明")
    facts, _covered = gather([office.pk], date(2016, 4, 30))
    assert [f for f in facts if f.item == "reception_rules"] == []


def test_one_visit_split_in_two_is_flagged_on_both():
    first = b.listed(b.approved(date_to=b.DAY), ended_on=b.DAY)
    second = b.listed(
        b.approved(date_from=date(2016, 3, 9), date_to=date(2016, 3, 9)),
        started_on=date(2016, 3, 9),
        ended_on=date(2016, 3, 9),
        visitors=[{"name": "孙七", "post": "科员", "rank": "county"}],
        costs=[b.cost(day=date(2016, 3, 9))],
    )
    assert "split_visit" in b.codes(second)
    call_command("reception_check", verbosity=0)
    assert "split_visit" in b.codes(first)


def test_the_bulk_check_is_idempotent():
    reception = b.listed(companions=[{"name": f"陪同{n}"} for n in range(5)])
    ReceptionWarning.objects.filter(reception=reception).delete()
    Reception.objects.filter(pk=reception.pk).update(open_warnings=0)
    out = StringIO()
    call_command("reception_check", stdout=out)
    assert "1 warnings raised" in out.getvalue()
    entries = AuditEntry.objects.count()
    out = StringIO()
    call_command("reception_check", stdout=out)
    assert "0 warnings raised, 0 cleared" in out.getvalue()
    assert AuditEntry.objects.count() == entries
    assert b.codes(reception) == ["companions"]


# ---- Standards --------------------------------------------------------------------------------


def city() -> Jurisdiction:
    return Jurisdiction.objects.get(name="咸宁市")


def test_a_new_standard_closes_the_one_it_replaces_and_a_2016_reception_keeps_the_2016_one():
    officer = b.staff()  # who acts is checked by the views; the service records it
    first = services.standard_set(
        actor=officer,
        jurisdiction=city(),
        values={
            "kind": "meal",
            "rank": "county",
            "amount": Decimal(100),
            "valid_from": date(2016, 1, 1),
            "source": "咸办发〔2016〕1号",
        },
    )
    second = services.standard_set(
        actor=officer,
        jurisdiction=city(),
        values={
            "kind": "meal",
            "rank": "county",
            "amount": Decimal(60),
            "valid_from": date(2017, 1, 1),
            "source": "咸办发〔2017〕2号",
        },
    )
    first.refresh_from_db()
    assert first.valid_to == date(2016, 12, 31) and second.valid_to is None
    assert AuditEntry.objects.filter(action="standard.set").count() == 2
    # 90 a head for 3 county-rank visitors and 2 companions: within 2016's 100, over 2017's 60.
    party = [{"name": p["name"], "post": p["post"], "rank": "county"} for p in b.PEOPLE]
    in_2016 = b.listed(b.approved(people=party), visitors=party, costs=[b.cost(amount="450")])
    assert b.codes(in_2016) == []
    call_command("reception_check", verbosity=0)
    assert b.codes(in_2016) == []
    in_2017 = b.listed(
        b.approved(people=party, date_from=date(2017, 3, 8), date_to=date(2017, 3, 9)),
        visitors=party,
        started_on=date(2017, 3, 8),
        ended_on=date(2017, 3, 9),
        costs=[b.cost(amount="450", day=date(2017, 3, 8))],
    )
    assert b.codes(in_2017) == ["meal_over"]
    message = ReceptionWarning.objects.get(reception=in_2017).message
    assert "咸办发〔2017〕2号" in message and "60.00" in message


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"kind": "meal", "rank": "county", "valid_from": date(2016, 1, 1), "source": "x"}, "须填写：金额"),
        ({"kind": "companions", "limit": 3, "valid_from": date(2016, 1, 1), "source": "x"}, "须填写"),
        ({"kind": "meal", "rank": "county", "amount": Decimal(1), "source": "x"}, "须填写起始日期"),
    ],
)
def test_a_standard_missing_what_its_kind_needs_is_refused(values, fragment):
    with pytest.raises(ValidationError) as refused:
        services.standard_set(actor=b.staff(), jurisdiction=city(), values=values)
    assert fragment in str(refused.value)


def test_a_replacement_must_start_after_the_standard_in_force():
    values = {"kind": "working_meals", "limit": 1, "valid_from": date(2016, 1, 1), "source": "x"}
    services.standard_set(actor=b.staff(), jurisdiction=city(), values=values)
    with pytest.raises(ValidationError, match="起始日期须晚于"):
        services.standard_set(actor=b.staff(), jurisdiction=city(), values={**values, "valid_from": date(2015, 6, 1)})
    assert Standard.objects.filter(jurisdiction=city()).count() == 1


def test_the_examples_are_labelled_and_loading_them_again_adds_nothing():
    rows = Standard.objects.filter(jurisdiction__path="/")
    assert rows.exists() and all(row.is_example and "示例" in row.source for row in rows)
    before = rows.count()
    call_command("load_reception_standards", verbosity=0)
    assert Standard.objects.filter(jurisdiction__path="/").count() == before


# ---- Figures for the disclosure ---------------------------------------------------------------


def test_year_figures_sum_the_settled_receptions_of_the_year_per_office():
    wuhan, changsha = retained(), retained(CHANGSHA)
    b.settled(b.signed_off(b.listed(b.approved(wuhan))))
    second = b.listed(
        b.approved(wuhan, date_from=date(2016, 6, 1), date_to=date(2016, 6, 2)),
        started_on=date(2016, 6, 1),
        ended_on=date(2016, 6, 2),
        costs=[
            b.cost("transport", "88.50", day=date(2016, 6, 1), venue="武汉站"),
            b.cost("other", "20", day=date(2016, 6, 2), venue="湖北省机关食堂"),
        ],
    )
    b.settled(b.signed_off(second))
    b.listed(
        b.approved(wuhan, date_from=date(2016, 7, 1), date_to=date(2016, 7, 1)),
        started_on=date(2016, 7, 1),
        ended_on=date(2016, 7, 1),
        costs=[b.cost(day=date(2016, 7, 1))],
    )  # not settled
    b.settled(
        b.signed_off(
            b.listed(
                b.approved(wuhan, date_from=date(2017, 1, 5), date_to=date(2017, 1, 5)),
                started_on=date(2017, 1, 5),
                ended_on=date(2017, 1, 5),
                costs=[b.cost(day=date(2017, 1, 5))],
            )
        )
    )
    figures = queries.year_figures(2016, [wuhan.pk, changsha.pk])
    assert figures[wuhan.pk] == {
        "receptions": 2,
        "visitors": 6,
        "meals": 24000,
        "lodging": 105000,
        "transport": 8850,
        "other": 2000,
        "total": 139850,
        "venues": ["武汉站", "湖北省发展和改革委员会", "湖北省机关食堂", "湖北饭店"],
    }
    assert figures[changsha.pk] == {
        "receptions": 0,
        "visitors": 0,
        "meals": 0,
        "lodging": 0,
        "transport": 0,
        "other": 0,
        "total": 0,
        "venues": [],
    }
    assert queries.year_figures(2017, [wuhan.pk])[wuhan.pk]["receptions"] == 1


def test_year_figures_take_a_fixed_number_of_queries(django_assert_max_num_queries):
    wuhan = retained()
    b.settled()
    with django_assert_max_num_queries(3):
        queries.year_figures(2016, [wuhan.pk])


def test_a_list_saved_meanwhile_by_someone_else_is_not_overwritten():
    reception = b.approved()
    seen = reception.version
    b.listed(reception)
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.reception_list_record(
            actor=b.head(),
            reception=reception,
            values=b.list_values(venue="别处"),
            costs=[b.cost()],
            expected_version=seen,
        )
    assert Reception.objects.get(pk=reception.pk).listing.venue == "湖北省发展和改革委员会"


def test_the_trail_names_the_lists_fields():
    reception = b.listed()
    entry = AuditEntry.objects.get(action="reception.list", object_id=str(reception.listing.pk))
    labels = [str(label) for label, _before, _after in entry.changes]
    assert "活动场所" in labels and "陪同人员" in labels
