"""Work logs under the plan's four headings (二(三)) and the figures that show the shift from
receptions and chasing funds to cooperation and public service."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.oversight import queries, services
from zhuban.oversight.models import WorkLog
from zhuban.oversight.tests import builders
from zhuban.oversight.tests.builders import CHANGSHA

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        # A petition names the person helped, the matter and the outcome.
        ({"heading": "social", "kind": "petition", "matter": "欠薪", "outcome": "已追回"}, "person_helped", "服务对象"),
        ({"heading": "social", "kind": "petition", "person_helped": "刘某", "matter": "欠薪"}, "outcome", "办理结果"),
        # Party work counts the memberships moved or the members trained.
        ({"heading": "party", "kind": "transfer"}, "members_count", "党员（团员）人数"),
        ({"heading": "party", "kind": "training"}, "members_count", "党员（团员）人数"),
        # A cooperation names its project, partner and value.
        (
            {"heading": "economic", "kind": "cooperation", "project": "温泉小镇", "partner": "武汉某集团"},
            "value",
            "项目金额",
        ),
        (
            {"heading": "economic", "kind": "cooperation", "project": "温泉小镇", "value": Decimal("500")},
            "partner",
            "合作方",
        ),
        # A kind belongs to its heading.
        ({"heading": "economic", "kind": "petition"}, "kind", "不属于"),
        ({"heading": "travel", "kind": "petition"}, "heading", "请选择职能"),
        # Not in the future.
        ({"occurred_on": date(2099, 1, 1)}, "occurred_on", "不能晚于今天"),
    ],
)
def test_each_kind_of_work_must_say_what_it_needs(liaison_staff, values, field, message):
    with pytest.raises(ValidationError) as refused:
        builders.log(**values)
    assert field in refused.value.message_dict, refused.value.message_dict
    assert message in " ".join(refused.value.message_dict[field])
    assert not WorkLog.objects.exists()


def test_a_complete_petition_is_logged_with_its_audit_entry(liaison_staff):
    log = builders.log(
        heading="social", kind="petition", summary="协助信访", person_helped="刘某", matter="欠薪", outcome="已追回工资"
    )
    entry = AuditEntry.objects.get(object_type="oversight.worklog", object_id=str(log.pk))
    assert entry.action == "worklog.record" and entry.after["person_helped"] == "刘某"
    assert entry.actor_label == "liaison_staff"


def test_an_office_not_retained_keeps_no_log(liaison_staff, office_of):
    with pytest.raises(ValidationError, match="不属于保留的驻外办事机构"):
        builders.log(office_of(CHANGSHA))


def test_the_year_by_month_and_the_share_of_the_four_functions(liaison_staff, city_officer):
    office = builders.retained()
    for month, heading, kind in [
        (1, "reception", "reception"),
        (1, "reception", "reception"),
        (1, "funds", "funds"),
        (1, "liaison", "information"),
        (2, "liaison", "liaison"),
        (2, "social", "migrant_workers"),
        (2, "party", "care"),
    ]:
        builders.log(
            office,
            heading=heading,
            kind=kind,
            occurred_on=date(2016, month, 5),
            person_helped="在汉务工人员",
            matter="讨薪",
        )
    builders.log(
        office,
        heading="economic",
        kind="cooperation",
        occurred_on=date(2016, 3, 2),
        project="温泉小镇",
        partner="武汉某集团",
        value=Decimal("1200.50"),
    )
    mistaken = builders.log(office, heading="reception", kind="reception", occurred_on=date(2016, 3, 9))
    services.worklog_withdraw(actor=liaison_staff, log=mistaken, reason="重复录入")
    f = queries.figures(city_officer, 2016)
    assert f.months[1] == {"reception": 2, "funds": 1, "liaison": 1}
    assert f.share_new(1) == 25 and f.share_new(2) == 100 and f.share_new(3) == 100
    assert f.share_new() == 62  # 5 of 8 for the year; the withdrawn log does not count
    assert f.cooperation_value == Decimal("1200.50")
    assert f.share_new(4) is None


def test_a_withdrawal_needs_a_reason_and_happens_once(liaison_staff):
    log = builders.log()
    with pytest.raises(ValidationError, match="撤回须写明理由"):
        services.worklog_withdraw(actor=liaison_staff, log=log, reason=" ")
    services.worklog_withdraw(actor=liaison_staff, log=log, reason="录错")
    with pytest.raises(ValidationError, match="已撤回"):
        services.worklog_withdraw(actor=liaison_staff, log=log, reason="录错")


def test_the_city_figures_add_up_every_retained_office_and_each_reader_sees_their_own(liaison_staff, as_persona):
    wuhan = builders.retained()
    changsha = builders.retained(CHANGSHA)
    builders.log(wuhan, occurred_on=date(2017, 4, 1))
    builders.log(changsha, occurred_on=date(2017, 4, 2))
    city = as_persona("city_officer").get(reverse("oversight:figures") + "?year=2017")
    assert city.status_code == 200
    html = city.content.decode()
    assert wuhan.name in html and changsha.name in html
    data = json.loads(html.split('id="oversight-chart-data" type="application/json">')[1].split("</script>")[0])
    assert data["counts"]["liaison"][3] == 2 and data["share"][3] == 100
    # Another county's clerk sees a city page with nothing of the city's offices in it.
    other = as_persona("chongyang_clerk").get(reverse("oversight:figures") + "?year=2017").content.decode()
    assert wuhan.name not in other and "本年尚无工作日志" in other


def test_a_staff_member_logs_through_the_page_and_sees_it_in_the_month(as_persona):
    office = builders.retained()
    client = as_persona("liaison_staff")
    response = client.post(
        reverse("oversight:worklog_add", args=[office.pk]),
        {
            "occurred_on": "2016-05-12",
            "kind": "transfer",
            "summary": "为流动党员接转组织关系",
            "people_served": "3",
            "members_count": "3",
        },
    )
    assert response.status_code == 302 and response.url.endswith("?month=2016-05")
    log = WorkLog.objects.get()
    assert (log.heading, log.kind, log.members_count) == ("party", "transfer", 3)
    month = client.get(response.url).content.decode()
    assert "为流动党员接转组织关系" in month
    # A log without its required field is refused on the form, beside the field.
    refused = client.post(
        reverse("oversight:worklog_add", args=[office.pk]),
        {
            "occurred_on": "2016-05-13",
            "kind": "cooperation",
            "summary": "洽谈",
            "people_served": "1",
            "project": "温泉小镇",
        },
    )
    assert refused.status_code == 422 and "须填写合作方" in refused.content.decode()
    assert WorkLog.objects.count() == 1
    assert as_persona("chongyang_clerk").get(reverse("oversight:worklog_list", args=[office.pk])).status_code == 404


def test_a_window_hosted_by_the_public_liaison_office_logs_there(liaison_staff, city_officer):
    from zhuban.consolidation import services as consolidation
    from zhuban.tests.test_access_matrix import applied_window

    window = applied_window()
    office = builders.retained()
    with pytest.raises(ValidationError, match="不由本机构承担"):
        services.worklog_record(
            actor=liaison_staff,
            office=office,
            window_id=window.pk,
            values={"heading": "liaison", "kind": "liaison", "occurred_on": date(2016, 1, 5), "summary": "联络"},
        )
    consolidation.window_approve(
        actor=city_officer, window=window, document="咸政函〔2015〕70号", approved_on=date(2015, 9, 1)
    )
    log = services.worklog_record(
        actor=liaison_staff,
        office=office,
        window_id=window.pk,
        values={
            "heading": "liaison",
            "kind": "liaison",
            "occurred_on": date(2016, 1, 5),
            "summary": "通城窗口政务联络",
        },
    )
    assert log.window_id == window.pk
    # A retained office that hosts no window cannot log for one.
    with pytest.raises(ValidationError, match="不由本机构承担"):
        services.worklog_record(
            actor=liaison_staff,
            office=builders.retained(CHANGSHA),
            window_id=window.pk,
            values={"heading": "liaison", "kind": "liaison", "occurred_on": date(2016, 1, 5), "summary": "联络"},
        )
