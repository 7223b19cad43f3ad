"""Notifications: told once, after the commit, only the people it concerns, each their own."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from zhuban.audit.actions import is_known
from zhuban.audit.models import AuditEntry
from zhuban.audit.services import Actor
from zhuban.campaign import services as campaign
from zhuban.campaign.models import Campaign, Submission
from zhuban.consolidation.tests import builders
from zhuban.decision import services as decisions
from zhuban.decision.queries import assessment_of
from zhuban.notifications.messages import MESSAGES
from zhuban.notifications.models import Event, Notification
from zhuban.notifications.queries import ancestor_paths, level_above, owners_of
from zhuban.notifications.services import notification_send
from zhuban.org.models import Jurisdiction, Role, RoleAssignment

pytestmark = pytest.mark.django_db

TONGCHENG_WUHAN = "通城县人民政府驻武汉办事处"


@pytest.fixture
def with_email(tongcheng_clerk, chongyang_clerk, city_officer):
    for user in (tongcheng_clerk, chongyang_clerk, city_officer):
        user.email = f"{user.username}@example.gov.cn"
        user.save()


@pytest.fixture
def submitted_proposal(tongcheng_clerk, office_of):
    office = office_of(TONGCHENG_WUHAN)
    return decisions.proposal_submit(
        actor=tongcheng_clerk, office=office, assessment=assessment_of(office), disposition="revoke"
    )


def inbox_of(user):
    return Notification.objects.filter(recipient=user)


def test_returning_a_proposal_tells_the_county_clerk_in_app_and_by_email_only_after_commit(
    submitted_proposal, tongcheng_clerk, city_officer, with_email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as after_commit:
        decisions.proposal_return(actor=city_officer, proposal=submitted_proposal, comments="撤销理由不充分")
        note = inbox_of(tongcheng_clerk).get()
        assert mail.outbox == []  # not before the commit
    assert note.event == Event.PROPOSAL_RETURNED
    assert note.summary == f"{TONGCHENG_WUHAN}的精简整合意见被退回，审核意见：撤销理由不充分"
    assert note.link == submitted_proposal.office.get_absolute_url()
    assert (note.jurisdiction_path, note.unit_id) == (
        submitted_proposal.office.jurisdiction.path,
        submitted_proposal.office.sponsor_id,
    )
    for callback in after_commit:
        callback()
    assert [m.to for m in mail.outbox] == [["tongcheng_clerk@example.gov.cn"]]
    assert "撤销理由不充分" in mail.outbox[0].body and TONGCHENG_WUHAN in mail.outbox[0].subject
    note.refresh_from_db()
    assert note.emailed_at is not None
    # Whoever returned it is not told about it, and the other county hears nothing.
    assert not inbox_of(city_officer).exists()
    assert not Notification.objects.filter(recipient__username="chongyang_clerk").exists()
    entry = AuditEntry.objects.get(action="notification.send", object_id=str(note.pk))
    assert entry.actor == city_officer and entry.jurisdiction_path == note.jurisdiction_path


def test_a_rolled_back_service_stores_nothing_and_sends_nothing(
    submitted_proposal, tongcheng_clerk, city_officer, with_email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            decisions.proposal_return(actor=city_officer, proposal=submitted_proposal, comments="请补充材料")
            raise RuntimeError("the caller fails after the service")
    assert not inbox_of(tongcheng_clerk).exists()
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action="notification.send").exists()


def _send(user, submission, **extra):
    return notification_send(
        event=Event.SUBMISSION_RETURNED,
        recipients=[user],
        key="submission:test:returned",
        obj=submission,
        jurisdiction_path=submission.jurisdiction.path,
        params={"jurisdiction": "通城县", "requirement": "工作专班", "comment": "请补充"},
        actor=Actor.system("test"),
        **extra,
    )


@pytest.fixture
def tongcheng_submission(db):
    return Submission.objects.select_related("jurisdiction", "requirement").get(
        campaign=Campaign.objects.get(is_default=True), jurisdiction__name="通城县", requirement__code="task_force"
    )


def test_sending_the_same_event_twice_stores_one_and_emails_one(
    tongcheng_clerk, tongcheng_submission, with_email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _send(tongcheng_clerk, tongcheng_submission)
    with django_capture_on_commit_callbacks(execute=True):
        second = _send(tongcheng_clerk, tongcheng_submission)
    assert (len(first.created), first.already, len(second.created), second.already) == (1, 0, 0, 1)
    assert inbox_of(tongcheng_clerk).count() == 1
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="notification.send").count() == 1


def test_a_mail_server_failure_is_logged_and_never_reaches_the_caller(
    tongcheng_clerk, tongcheng_submission, with_email, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from django.core.mail import EmailMessage

    def broken(self, fail_silently=False):
        raise OSError("smtp down")

    monkeypatch.setattr(EmailMessage, "send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        sent = _send(tongcheng_clerk, tongcheng_submission)
    assert sent.failed == [sent.created[0].pk] and "e-mail not sent" in caplog.text
    assert inbox_of(tongcheng_clerk).get().emailed_at is None


def test_a_clerk_of_chongyang_never_sees_tongchengs_notifications(
    tongcheng_clerk, tongcheng_submission, chongyang_clerk, as_persona
):
    note = _send(tongcheng_clerk, tongcheng_submission).created[0]
    outsider = as_persona("chongyang_clerk")
    listed = outsider.get(reverse("notifications:inbox"))
    assert listed.status_code == 200 and note not in listed.context["items"]
    assert "请补充" not in listed.content.decode()
    assert outsider.get(reverse("notifications:open", args=[note.pk])).status_code == 404
    assert outsider.post(reverse("notifications:mark_read", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    # The city bureau, which sees all of 通城县's records, does not read its clerk's mail either.
    assert as_persona("city_officer").get(reverse("notifications:open", args=[note.pk])).status_code == 404


def test_the_clerk_opens_a_notification_marks_it_read_and_reads_it_in_english(
    tongcheng_clerk, tongcheng_submission, as_persona
):
    note = _send(tongcheng_clerk, tongcheng_submission, link=tongcheng_submission.get_absolute_url()).created[0]
    client = as_persona("tongcheng_clerk")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "has been returned" in page and "请补充" in page
    opened = client.get(reverse("notifications:open", args=[note.pk]))
    assert opened.status_code == 302 and opened["Location"] == tongcheng_submission.get_absolute_url()
    note.refresh_from_db()
    assert note.read_at is not None


def test_marking_one_read_from_the_inbox_swaps_its_row(tongcheng_clerk, tongcheng_submission, as_persona):
    note = _send(tongcheng_clerk, tongcheng_submission).created[0]
    row = as_persona("tongcheng_clerk").post(reverse("notifications:mark_read", args=[note.pk]), HTTP_HX_REQUEST="true")
    html = row.content.decode()
    assert row.status_code == 200 and html.startswith(f'<tr id="notification-{note.pk}" class="read">')
    assert "标为已读" not in html


def test_mark_all_read_marks_only_the_users_own(tongcheng_clerk, chongyang_clerk, tongcheng_submission, as_persona):
    mine = _send(tongcheng_clerk, tongcheng_submission).created[0]
    theirs = _send(chongyang_clerk, tongcheng_submission).created[0]
    as_persona("tongcheng_clerk").post(reverse("notifications:mark_all_read"))
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_returning_a_submission_tells_the_jurisdictions_clerk(tongcheng_clerk, city_officer):
    source = Campaign.objects.get(is_default=True)
    fresh = campaign.campaign_copy(
        actor=Actor.system("test"), source=source, name="退回测试", issued_on=source.issued_on
    )
    tongcheng_submission = Submission.objects.select_related("jurisdiction", "requirement").get(
        campaign=fresh, jurisdiction__name="通城县", requirement__code="task_force"
    )
    campaign.task_force_record(
        actor=tongcheng_clerk,
        submission=tongcheng_submission,
        values={
            "lead_name": "吴海波",
            "lead_post": "主任",
            "members": "吴海波",
            "contact_name": "李明",
            "contact_phone": "1",
        },
    )
    campaign.submission_submit(actor=tongcheng_clerk, submission=tongcheng_submission)
    campaign.submission_return(actor=city_officer, submission=tongcheng_submission, comment="缺少联络员电话")
    note = inbox_of(tongcheng_clerk).get(event=Event.SUBMISSION_RETURNED)
    assert note.summary == "通城县的“工作专班”被退回，意见：缺少联络员电话"


def test_approving_a_proposal_tells_the_owners(submitted_proposal, tongcheng_clerk, city_officer):
    decisions.proposal_accept(actor=city_officer, proposal=submitted_proposal)
    decisions.decision_record_city_approval(
        actor=city_officer, proposal=submitted_proposal, document="咸政函〔2015〕45号", approved_on=date(2015, 8, 10)
    )
    note = inbox_of(tongcheng_clerk).get(event=Event.PROPOSAL_APPROVED)
    assert note.summary == f"{TONGCHENG_WUHAN}的精简整合意见（撤销）已获批准，批准文件：咸政函〔2015〕45号。"


def test_a_window_application_goes_to_the_level_above_and_its_decision_back_to_the_county(
    tongcheng_clerk, city_officer
):
    window = builders.approved_window("通城县")
    applied = inbox_of(city_officer).filter(event=Event.WINDOW_APPLIED)
    # The city bureau applied on the county's behalf here, so nobody is told of their own act…
    assert not applied.exists()
    decided = inbox_of(tongcheng_clerk).get(event=Event.WINDOW_DECIDED)
    assert decided.summary.startswith("通城县的工作窗口申请：已批准")
    assert decided.link == window.get_absolute_url()


def test_a_window_applied_for_by_the_county_reaches_the_city_bureau(tongcheng_clerk, city_officer):
    from zhuban.consolidation import services as consolidation
    from zhuban.registry.models import Office

    tongcheng = Jurisdiction.objects.get(name="通城县")
    builders.approved_decision(
        Office.objects.get(jurisdiction=tongcheng, sponsor__kind="government", host_city__name="武汉市")
    )
    consolidation.window_apply(
        actor=tongcheng_clerk,
        jurisdiction=tongcheng,
        members=[{"name": "张志强", "is_head": True}],
        applied_on=builders.ON,
    )
    note = inbox_of(city_officer).get(event=Event.WINDOW_APPLIED)
    assert note.summary == "通城县于2015年8月20日申请设立工作窗口（1人），请审批。"


# ---- Who receives an event ------------------------------------------------------------------


def _node(code: str, name: str, parent: Jurisdiction | None, level: str) -> Jurisdiction:
    return Jurisdiction.objects.create(
        code=code,
        name=name,
        kind="county" if level == "county" else "city",
        level=level,
        parent=parent,
        path=f"{parent.path if parent else '/'}{code}/",
    )


def _admin(username: str, jurisdiction: Jurisdiction):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create(username=username)
    RoleAssignment.objects.create(user=user, role=Role.OFFICES_ADMIN, jurisdiction=jurisdiction)
    return user


def test_the_level_above_is_the_nearest_offices_administration_up_the_tree_at_any_depth():
    # A national-shaped branch: province → prefecture → county, codes as paths.
    province = _node("990000", "测试省", None, "city")
    prefecture = _node("991200", "测试市", province, "city")
    county = _node("991222", "测试县", prefecture, "county")
    bare = _node("991300", "无管理局市", province, "city")
    bare_county = _node("991322", "无管理局县", bare, "county")
    province_admin, prefecture_admin = _admin("province_admin", province), _admin("prefecture_admin", prefecture)
    assert ancestor_paths(county.path) == ["/990000/991200/", "/990000/", "/"]
    assert level_above(county.path) == [prefecture_admin]
    assert level_above(prefecture.path) == [province_admin]
    # A prefecture without an offices administration: the province answers for its county.
    assert level_above(bare_county.path) == [province_admin]
    # At the top, with nobody above, the province's own administration.
    assert level_above(province.path) == [province_admin]
    assert owners_of(prefecture.path) == [prefecture_admin]


def test_an_overdue_item_reaches_its_owner_and_is_escalated_to_the_level_above(
    tongcheng_clerk, city_officer, django_capture_on_commit_callbacks
):
    from zhuban.campaign.reminders import send_reminders

    source = Campaign.objects.get(is_default=True)
    fresh = campaign.campaign_copy(
        actor=Actor.system("test"), source=source, name="逾期测试", issued_on=source.issued_on
    )
    send_reminders(as_of=date(2015, 7, 21), campaign=fresh)  # the task force was due 7月20日
    owner = inbox_of(tongcheng_clerk).get(event=Event.SUBMISSION_OVERDUE)
    above = inbox_of(city_officer).get(event=Event.SUBMISSION_ESCALATED, summary__contains="通城县")
    assert owner.summary.startswith("逾期：通城县的“工作专班”已于2015年7月20日截止")
    assert above.summary == "逾期督办：通城县的“工作专班”已于2015年7月20日截止，逾期1个工作日，状态为“未开始”。"
    assert not inbox_of(tongcheng_clerk).filter(event=Event.SUBMISSION_ESCALATED).exists()


# ---- Every event is named and worded ----------------------------------------------------------


def test_every_event_code_has_one_label_and_a_wording_in_both_languages():
    for event in Event:
        assert str(event.label).strip(), event
        if event == Event.LEGACY:
            continue
        message = MESSAGES[event]
        with translation.override("en"):
            english = (str(message.subject), str(message.summary), str(event.label))
        with translation.override("zh-hans"):
            chinese = (str(message.subject), str(message.summary), str(event.label))
        assert all(e != c for e, c in zip(english, chinese, strict=True)), event
    assert len({e.label for e in Event}) == len(Event)
    assert is_known("notification.send")


def test_the_inbox_shows_all_or_only_the_unread_or_the_read_each_linking_to_its_object(
    tongcheng_clerk, tongcheng_submission, as_persona
):
    from zhuban.notifications.services import notification_mark_read

    first, second = (
        notification_send(
            event="submission_returned",
            recipients=[tongcheng_clerk],
            key=f"filter-{n}",
            obj=tongcheng_submission,
            jurisdiction_path=tongcheng_submission.jurisdiction.path,
            params={"jurisdiction": "通城县", "requirement": "工作专班", "comment": f"第{n}次"},
            link=tongcheng_submission.get_absolute_url(),
            actor=Actor.system("test"),
        ).created[0]
        for n in (1, 2)
    )
    notification_mark_read(user=tongcheng_clerk, notification=first)
    client = as_persona("tongcheng_clerk")

    def shown(show):
        return [n.pk for n in client.get(reverse("notifications:inbox"), {"show": show}).context["items"]]

    assert shown("all") == [second.pk, first.pk]
    assert shown("unread") == [second.pk]
    assert shown("read") == [first.pk]
    assert shown("nonsense") == [second.pk, first.pk]
    page = client.get(reverse("notifications:inbox"), {"show": "unread"}).content.decode()
    assert reverse("notifications:open", args=[second.pk]) in page and 'aria-current="page">未读' in page
    opened = client.get(reverse("notifications:open", args=[second.pk]))
    assert opened.status_code == 302 and opened.url == tongcheng_submission.get_absolute_url()
    assert shown("unread") == []
