"""A submission's status: its workflow moves, and the status derived from history and the date."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from zhuban.audit.models import AuditEntry
from zhuban.audit.services import Actor
from zhuban.campaign import queries, services
from zhuban.campaign.models import Status, Submission, SubmissionEvent, derive_status
from zhuban.campaign.tests.conftest import at
from zhuban.versioning import StaleVersionError

pytestmark = pytest.mark.django_db

D = date
CLERK_VALUES = {
    "lead_name": "吴海波",
    "lead_post": "县人民政府办公室主任",
    "members": "吴海波 县政府办主任\n县编办 副主任",
    "contact_name": "李明",
    "contact_phone": "0715-4321234",
}


def view_of(submission, day: date) -> queries.SubmissionView:
    """The submission as the pages show it on ``day``, read afresh from the database."""
    loaded = Submission.objects.prefetch_related("events").select_related("campaign", "requirement")
    return queries.submission_view(loaded.get(pk=submission.pk), day)


def status_of(submission, day: date) -> str:
    return view_of(submission, day).status


def test_derive_status_makes_owed_work_overdue_only_after_the_deadline():
    due = D(2015, 7, 31)
    assert derive_status(Status.NOT_STARTED, due, D(2015, 7, 31)) == Status.NOT_STARTED
    assert derive_status(Status.NOT_STARTED, due, D(2015, 8, 1)) == Status.OVERDUE
    assert derive_status(Status.IN_PROGRESS, due, D(2015, 8, 3)) == Status.OVERDUE
    assert derive_status(Status.RETURNED, due, D(2015, 8, 3)) == Status.OVERDUE
    assert derive_status(Status.SUBMITTED, due, D(2015, 8, 3)) == Status.SUBMITTED
    assert derive_status(Status.ACCEPTED, due, D(2016, 1, 1)) == Status.ACCEPTED


def test_a_submission_goes_from_not_started_to_accepted_and_each_step_is_audited(
    fresh, owed, tongcheng_clerk, city_officer
):
    sub = owed(fresh, "通城县", "registration_table")
    assert status_of(sub, D(2015, 7, 21)) == Status.NOT_STARTED
    services.submission_start(actor=tongcheng_clerk, submission=sub, at=at(7, 22))
    services.submission_submit(actor=tongcheng_clerk, submission=sub, document="通政办文〔2015〕21号", at=at(7, 29))
    services.submission_return(actor=city_officer, submission=sub, comment="缺驻长沙联络处资产", at=at(7, 30))
    services.submission_submit(actor=tongcheng_clerk, submission=sub, at=at(7, 31))
    services.submission_accept(actor=city_officer, submission=sub, at=at(8, 3))
    assert [status_of(sub, D(2015, 7, d)) for d in (21, 22, 29, 30, 31)] == [
        Status.NOT_STARTED,
        Status.IN_PROGRESS,
        Status.SUBMITTED,
        Status.RETURNED,
        Status.SUBMITTED,
    ]
    assert status_of(sub, D(2015, 8, 3)) == Status.ACCEPTED
    actions = list(
        AuditEntry.objects.filter(subject_type="campaign.submission", subject_id=str(sub.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "submission.started",
        "submission.submitted",
        "submission.returned",
        "submission.submitted",
        "submission.accepted",
    ]


def test_a_returned_submission_still_owed_after_the_deadline_is_overdue_and_stays_so_until_resubmitted(
    fresh, owed, city_officer
):
    sub = owed(fresh, "崇阳县", "registration_table")
    actor = Actor.system("test")
    services.submission_submit(actor=actor, submission=sub, at=at(7, 31))
    services.submission_return(actor=city_officer, submission=sub, comment="补充资产情况", at=at(8, 5))
    assert status_of(sub, D(2015, 8, 4)) == Status.SUBMITTED
    assert status_of(sub, D(2015, 8, 5)) == Status.OVERDUE
    services.submission_submit(actor=actor, submission=sub, at=at(8, 19))
    assert status_of(sub, D(2015, 8, 18)) == Status.OVERDUE
    assert status_of(sub, D(2015, 8, 19)) == Status.SUBMITTED


@pytest.mark.parametrize(
    ("moves", "refused", "found"),
    [
        ([], "accept", "未开始"),
        ([], "return", "未开始"),
        (["submit"], "submit", "已报送"),
        (["submit", "accept"], "submit", "已通过"),
        (["submit", "accept"], "return", "已通过"),
        (["submit", "accept"], "start", "已通过"),
        (["start"], "start", "填报中"),
    ],
)
def test_a_move_the_workflow_does_not_allow_is_refused_naming_the_status_found(fresh, owed, moves, refused, found):
    sub = owed(fresh, "通城县", "registration_table")
    actor = Actor.system("test")
    do = {
        "start": lambda: services.submission_start(actor=actor, submission=sub),
        "submit": lambda: services.submission_submit(actor=actor, submission=sub),
        "accept": lambda: services.submission_accept(actor=actor, submission=sub),
        "return": lambda: services.submission_return(actor=actor, submission=sub, comment="退回"),
    }
    for move in moves:
        do[move]()
    events = SubmissionEvent.objects.filter(submission=sub).count()
    with pytest.raises(ValidationError) as refusal:
        do[refused]()
    assert found in str(refusal.value)
    assert SubmissionEvent.objects.filter(submission=sub).count() == events


def test_returning_needs_a_comment(fresh, owed):
    sub = owed(fresh, "通城县", "registration_table")
    services.submission_submit(actor=Actor.system("test"), submission=sub)
    with pytest.raises(ValidationError) as refusal:
        services.submission_return(actor=Actor.system("test"), submission=sub, comment="  ")
    assert "comment" in refusal.value.error_dict


def test_history_cannot_be_written_before_its_last_event_nor_in_the_future(fresh, owed):
    sub = owed(fresh, "通城县", "registration_table")
    actor = Actor.system("test")
    services.submission_start(actor=actor, submission=sub, at=at(7, 25))
    with pytest.raises(ValidationError):
        services.submission_submit(actor=actor, submission=sub, at=at(7, 24))
    with time_machine.travel(at(7, 28), tick=False), pytest.raises(ValidationError):
        services.submission_submit(actor=actor, submission=sub, at=at(7, 30))


def test_the_task_force_must_be_filled_in_before_it_is_submitted_and_is_closed_once_submitted(
    fresh, owed, tongcheng_clerk
):
    sub = owed(fresh, "通城县", "task_force")
    with pytest.raises(ValidationError):
        services.submission_submit(actor=tongcheng_clerk, submission=sub)
    task_force = services.task_force_record(actor=tongcheng_clerk, submission=sub, values=CLERK_VALUES)
    assert task_force.member_lines() == ["吴海波 县政府办主任", "县编办 副主任"]
    assert list(sub.events.values_list("kind", flat=True)) == ["started"]
    services.task_force_record(
        actor=tongcheng_clerk, submission=sub, values={**CLERK_VALUES, "contact_phone": "0715-4320000"}
    )
    assert sub.events.count() == 1  # a correction while in progress is not a new start
    services.submission_submit(actor=tongcheng_clerk, submission=sub)
    with pytest.raises(ValidationError):
        services.task_force_record(actor=tongcheng_clerk, submission=sub, values=CLERK_VALUES)


def test_a_stale_task_force_edit_is_refused(fresh, owed, tongcheng_clerk):
    sub = owed(fresh, "通城县", "task_force")
    task_force = services.task_force_record(actor=tongcheng_clerk, submission=sub, values=CLERK_VALUES)
    services.task_force_record(actor=tongcheng_clerk, submission=sub, values={**CLERK_VALUES, "lead_name": "甲"})
    with pytest.raises(StaleVersionError):
        services.task_force_record(
            actor=tongcheng_clerk,
            submission=sub,
            values={**CLERK_VALUES, "lead_name": "乙"},
            expected_version=task_force.version - 1,
        )


def test_a_submission_made_after_its_deadline_is_marked_late_in_its_history(fresh, owed):
    sub = owed(fresh, "通山县", "task_force")
    services.task_force_record(actor=Actor.system("test"), submission=sub, values=CLERK_VALUES, at=at(7, 21))
    services.submission_submit(actor=Actor.system("test"), submission=sub, at=at(7, 27))
    view = view_of(sub, D(2015, 7, 28))
    assert view.status == Status.SUBMITTED
    assert [e.late for e in view.events] == [False, True]


def test_working_days_left_and_overdue_count_the_calendar(fresh, owed):
    sub = owed(fresh, "通城县", "mandates")
    # Due Sunday 9月20日, moved to Monday 21日. After Wednesday 2日 (3–5日 off): Sunday 6日
    # (worked), 7–11日, 14–18日 and 21日 are 12 working days.
    view = view_of(sub, D(2015, 9, 2))
    assert view.deadline.stated == D(2015, 9, 20) and view.deadline.effective == D(2015, 9, 21)
    assert view.working_days_left == 12
    late = view_of(sub, D(2015, 9, 25))
    assert late.status == Status.OVERDUE and late.working_days_overdue == 4
