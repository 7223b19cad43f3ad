"""Staff of a retained office and their rotation (二(四)3): post history, the term in force, the
board as of any date, reminders before and escalation after, and the quota's warning."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.notifications.models import Notification
from zhuban.org.models import Jurisdiction
from zhuban.oversight import queries, services
from zhuban.oversight.models import Posting
from zhuban.oversight.reminders import send_rotation_reminders
from zhuban.oversight.tests import builders
from zhuban.policy.models import PolicySettingsRecord

pytestmark = pytest.mark.django_db


def shanghai_noon(day: date) -> str:
    return f"{day.isoformat()} 12:00 +0800"


@pytest.fixture
def staff(liaison_staff):
    """The Wuhan office's people: a cadre due on 2017-03-01, one overdue since 2016-01-10, one
    who rotated on 2016-06-30, a local hire and a secondee."""
    office = builders.retained()
    people = {
        "due": builders.posting(office, name="王建国", post="副主任", posted_on=date(2014, 3, 1)),
        "overdue": builders.posting(office, name="李红梅", post="科长", posted_on=date(2013, 1, 10)),
        "rotated": builders.posting(office, name="张志强", post="科员", posted_on=date(2013, 7, 1)),
        "local": builders.posting(
            office, name="周敏", post="驾驶员", employment="local_hire", posted_on=date(2010, 1, 1)
        ),
        "seconded": builders.posting(
            office, name="吴斌", post="联络员", employment="seconded", posted_on=date(2012, 1, 1)
        ),
    }
    services.posting_end(actor=liaison_staff, posting=people["rotated"], left_on=date(2016, 6, 30), leaving="rotated")
    return people


def names(rows) -> list[str]:
    return [r.posting.name for r in rows]


def test_a_cadre_on_the_establishment_gets_the_term_in_force_and_auxiliary_staff_none(staff):
    assert staff["due"].term_years == 3 and staff["due"].rotation_due_on == date(2017, 3, 1)
    assert staff["local"].rotation_due_on is None and staff["seconded"].rotation_due_on is None


def test_the_citys_rotation_setting_decides_the_term_and_a_later_change_keeps_earlier_dates(staff):
    city = Jurisdiction.objects.get(name="咸宁市")
    PolicySettingsRecord.objects.update_or_create(jurisdiction=city, defaults={"values": {"rotation_max_years": 2}})
    newcomer = builders.posting(name="孙悦", posted_on=date(2016, 5, 1))
    assert newcomer.term_years == 2 and newcomer.rotation_due_on == date(2018, 5, 1)
    staff["due"].refresh_from_db()
    assert staff["due"].rotation_due_on == date(2017, 3, 1)  # posted under the 3-year rule


@pytest.mark.parametrize(
    ("as_of", "due", "overdue", "rotated"),
    [
        # Six months before 2017-03-01 is 2016-09-01: the day before, 王建国 is not yet due.
        (date(2016, 8, 31), [], ["李红梅"], ["张志强"]),
        (date(2016, 9, 1), ["王建国"], ["李红梅"], ["张志强"]),
        # On the date itself he is due, the day after overdue.
        (date(2017, 3, 1), ["王建国"], ["李红梅"], ["张志强"]),
        (date(2017, 3, 2), [], ["李红梅", "王建国"], ["张志强"]),
        # A year after 张志强 rotated (2016-06-30) he drops off the board.
        (date(2017, 6, 30), [], ["李红梅", "王建国"], []),
        # Before 李红梅's date (2016-01-10): due from six months ahead; 张志强 had not yet rotated.
        (date(2015, 7, 9), [], [], []),
        (date(2015, 7, 10), ["李红梅"], [], []),
    ],
)
def test_the_rotation_board_is_right_as_of_any_date(staff, city_officer, as_of, due, overdue, rotated):
    board = queries.rotation_board(city_officer, as_of=as_of)
    assert (names(board.due), names(board.overdue), names(board.rotated)) == (due, overdue, rotated)


def test_the_board_page_under_a_frozen_clock_shows_today(staff, as_persona):
    with time_machine.travel(shanghai_noon(date(2016, 10, 1)), tick=False):
        page = as_persona("city_officer").get(reverse("oversight:rotation_board")).content.decode()
    overdue, rest = page.split('id="due"')
    due, rotated = rest.split('id="rotated"')
    assert "李红梅" in overdue and "王建国" not in overdue
    assert "王建国" in due and "张志强" in rotated
    assert "周敏" not in page  # auxiliary staff do not rotate


def test_the_board_shows_only_what_the_reader_may_see(staff, as_persona):
    page = as_persona("chongyang_clerk").get(reverse("oversight:rotation_board") + "?as_of=2016-10-01")
    assert page.status_code == 200 and "李红梅" not in page.content.decode()
    assert (
        "李红梅"
        in as_persona("liaison_staff").get(reverse("oversight:rotation_board") + "?as_of=2016-10-01").content.decode()
    )


def test_reminders_go_to_the_sponsor_before_the_date_once_and_escalate_after_it(staff):
    run = send_rotation_reminders(as_of=date(2016, 12, 15))  # 王建国 within 90 days; 李红梅 overdue
    due = Notification.objects.filter(event="rotation_due")
    overdue = Notification.objects.filter(event="rotation_overdue")
    assert {n.recipient.username for n in due} == {"city_officer"}
    assert "王建国" in due.first().summary and "2017年3月1日" in due.first().summary
    # Past the date: the level above (the province's offices administration) is asked to chase it.
    assert {n.recipient.username for n in overdue} == {"city_officer", "province_officer"}
    assert "李红梅" in overdue.first().summary
    assert (run.reminders, run.escalations) == (1, 2)
    again = send_rotation_reminders(as_of=date(2016, 12, 16))
    assert (again.reminders, again.escalations, again.already_sent) == (0, 0, 3)
    assert Notification.objects.filter(event__startswith="rotation").count() == 3


def test_nobody_is_reminded_of_a_cadre_who_has_left(staff, liaison_staff):
    services.posting_end(actor=liaison_staff, posting=staff["overdue"], left_on=date(2016, 2, 1), leaving="rotated")
    send_rotation_reminders(as_of=date(2016, 3, 1))
    assert not Notification.objects.filter(event__startswith="rotation").exists()


def test_the_cron_command_reports_and_refuses_a_bad_date(staff, capsys):
    call_command("send_rotation_reminders", "--as-of", "2016-12-15")
    assert "1 reminders, 2 escalations" in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_rotation_reminders", "--as-of", "15/12/2016")


def test_going_over_the_quota_is_shown_as_a_warning_and_auxiliary_staff_are_not_counted(staff, as_persona):
    office = builders.retained()
    builders.approved(office)  # quota 8
    for n in range(6):  # 王建国, 李红梅, 吴斌 (seconded) and six more: nine against eight
        builders.posting(office, name=f"干部{n}", posted_on=date(2016, 1, 1))
    count = queries.headcount(office, date(2016, 10, 1))
    assert (count.quota, count.cadres, count.auxiliary, count.over) == (8, 9, 1, 1)
    response = as_persona("liaison_staff").post(
        reverse("oversight:posting_add", args=[office.pk]),
        {"name": "新干部", "post": "科员", "employment": "establishment", "posted_on": "2016-02-01"},
        follow=True,
    )
    html = response.content.decode()
    assert "超编" in html and 'data-warning="over-quota"' in html
    board = as_persona("city_officer").get(reverse("oversight:rotation_board") + "?as_of=2016-10-01").content.decode()
    assert "超编" in board
    # On a date before the newcomers came the office was within its quota.
    assert queries.headcount(office, date(2015, 10, 1)).over == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"left_on": date(2012, 1, 1)}, "left_on", "不能早于到岗日期"),
        ({"left_on": date(2099, 1, 1)}, "left_on", "不能晚于今天"),
        ({"leaving": "fired"}, "leaving", "离岗原因"),
    ],
)
def test_a_bad_leaving_is_refused_naming_the_field(staff, liaison_staff, changes, field, message):
    args = {"left_on": date(2016, 1, 1), "leaving": "transferred", **changes}
    with pytest.raises(ValidationError) as refused:
        services.posting_end(actor=liaison_staff, posting=staff["due"], **args)
    assert field in refused.value.message_dict and message in " ".join(refused.value.message_dict[field])
    assert Posting.objects.get(pk=staff["due"].pk).left_on is None


def test_only_cadres_rotate_and_nobody_leaves_twice(staff, liaison_staff):
    with pytest.raises(ValidationError, match="只有在编干部"):
        services.posting_end(actor=liaison_staff, posting=staff["local"], left_on=date(2016, 1, 1), leaving="rotated")
    with pytest.raises(ValidationError, match="已登记离岗"):
        services.posting_end(actor=liaison_staff, posting=staff["rotated"], left_on=date(2016, 7, 1), leaving="rotated")


def test_a_person_already_in_post_cannot_be_posted_again_and_each_act_is_on_the_trail(staff):
    with pytest.raises(ValidationError, match="已在本机构任职"):
        builders.posting(name="王建国", posted_on=date(2016, 1, 1))
    actions = AuditEntry.objects.filter(object_type="oversight.posting").values_list("action", flat=True)
    assert sorted(set(actions)) == ["posting.add", "posting.end"]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2016, 8, 31), 6, date(2017, 2, 28)),
        (date(2015, 8, 31), 6, date(2016, 2, 29)),
        (date(2016, 12, 15), 6, date(2017, 6, 15)),
        (date(2100, 12, 31), 6, date(2101, 6, 30)),
    ],
)
def test_six_months_on_from_a_long_month_ends_on_the_shorter_months_last_day(day, months, expected):
    assert queries.add_months(day, months) == expected


@pytest.mark.parametrize("raw", ["9999-12-31", "0001-01-01", "2016-02-30", "今天"])
def test_an_unreadable_or_far_date_shows_today_with_a_notice(staff, as_persona, raw):
    response = as_persona("city_officer").get(reverse("oversight:rotation_board") + f"?as_of={raw}")
    assert response.status_code == 200 and "无法识别" in response.content.decode()


def test_a_dated_term_applies_to_postings_from_its_day_and_earlier_postings_keep_theirs(staff, city_officer):
    city = Jurisdiction.objects.get(name="咸宁市")
    services.rotation_term_set(
        actor=city_officer, jurisdiction=city, years=5, valid_from=date(2017, 1, 1), document="咸政办发〔2016〕40号"
    )
    eve = builders.posting(name="孙悦", posted_on=date(2016, 12, 31))
    day = builders.posting(name="何静", posted_on=date(2017, 1, 1))
    assert (eve.term_years, eve.rotation_due_on) == (3, date(2019, 12, 31))
    assert (day.term_years, day.rotation_due_on) == (5, date(2022, 1, 1))
    staff["due"].refresh_from_db()
    assert staff["due"].term_years == 3
    # A later term again: a 2016 posting recorded now is still judged by 2016's term.
    services.rotation_term_set(
        actor=city_officer, jurisdiction=city, years=4, valid_from=date(2018, 1, 1), document="咸政办发〔2017〕8号"
    )
    late = builders.posting(name="郑爽", posted_on=date(2016, 3, 1))
    assert late.term_years == 3
    assert [t.years for t in queries.rotation_terms(city)] == [4, 5, 3]
    entry = AuditEntry.objects.filter(action="rotation_term.set").latest("id")
    assert entry.before == {"years": 5} and entry.after["years"] == 4


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"years": 0}, "years"), ({"years": 11}, "years"), ({"document": "  "}, "document")],
)
def test_a_bad_term_is_refused_naming_the_field_and_nothing_is_kept(changes, field, city_officer):
    city = Jurisdiction.objects.get(name="咸宁市")
    args = {"years": 5, "valid_from": date(2017, 1, 1), "document": "咸政办发〔2016〕40号", **changes}
    with pytest.raises(ValidationError) as caught:
        services.rotation_term_set(actor=city_officer, jurisdiction=city, **args)
    assert field in caught.value.message_dict
    assert queries.rotation_terms(city)[0].valid_from is None


def test_the_administration_sets_a_term_on_its_page_and_a_second_for_the_same_day_is_refused(as_persona):
    city = Jurisdiction.objects.get(name="咸宁市")
    officer = as_persona("city_officer")
    url = reverse("oversight:rotation_term_set", args=[city.pk])
    data = {"years": "5", "valid_from": "2017-01-01", "document": "咸政办发〔2016〕40号"}
    assert officer.post(url, data).status_code == 302
    page = officer.get(reverse("oversight:rotation_terms", args=[city.pk])).content.decode()
    assert "2017年1月1日" in page and "咸政办发〔2016〕40号" in page
    again = officer.post(url, {**data, "years": "4"})
    assert again.status_code == 422 and "2017-01-01起已设定轮换年限" in again.content.decode()
    # The sponsor's clerk reads the terms but does not set them; the office's staff do not reach the city.
    assert as_persona("liaison_staff").get(reverse("oversight:rotation_terms", args=[city.pk])).status_code == 404


def test_a_term_set_between_two_others_records_the_one_it_replaces_on_its_day(city_officer):
    city = Jurisdiction.objects.get(name="咸宁市")
    services.rotation_term_set(
        actor=city_officer, jurisdiction=city, years=5, valid_from=date(2017, 1, 1), document="咸政办发〔2016〕40号"
    )
    services.rotation_term_set(
        actor=city_officer, jurisdiction=city, years=4, valid_from=date(2016, 6, 1), document="咸政办发〔2016〕12号"
    )
    entry = AuditEntry.objects.filter(action="rotation_term.set").latest("id")
    assert entry.before == {"years": 3}  # the policy setting was in force on 2016-06-01, not the 2017 term
    assert builders.posting(name="林峰", posted_on=date(2016, 8, 1)).term_years == 4
