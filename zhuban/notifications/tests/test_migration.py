"""The campaign's notifications and reminder log move into this app without losing a row, and the
reminders they record are not sent again."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("campaign", "0002_campaign_2015"), ("notifications", "0001_initial")]
AFTER = [("campaign", "0003_notifications_moved"), ("notifications", "0002_from_campaign")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def at_latest():
    """Whatever ran before (a flush), start from the seeded world; end at the latest migrations."""
    from zhuban.testing.personas import seed_world

    seed_world()
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_notifications_and_reminders_are_kept_with_their_keys(at_latest):
    old = _migrate(BEFORE)
    user = old.get_model("auth", "User").objects.create(username="clerk", email="clerk@example.gov.cn")
    submission = old.get_model("campaign", "Submission").objects.select_related("jurisdiction").first()
    Note, Log = old.get_model("campaign", "Notification"), old.get_model("campaign", "ReminderLog")
    sent_at = datetime(2015, 7, 28, 1, 0, tzinfo=UTC)
    reminded = Note.objects.create(user=user, text="提醒：通城县的“工作专班”", link="/campaign/submissions/1/")
    Note.objects.filter(pk=reminded.pk).update(created_at=sent_at)
    plain = Note.objects.create(user=user, text="其他通知")
    Log.objects.create(
        submission=submission,
        kind="reminder",
        recipient=user,
        due_on=date(2015, 7, 31),
        emailed=True,
        notification=reminded,
    )
    # A log row whose notification was deleted still says the escalation went out.
    Log.objects.create(submission=submission, kind="escalation", recipient=user, due_on=date(2015, 7, 20))

    new = _migrate(AFTER)
    moved = {n.pk: n for n in new.get_model("notifications", "Notification").objects.all()}
    assert len(moved) == 3
    due = moved[reminded.pk]
    assert (due.event, due.key, due.summary) == (
        "submission_due",
        f"submission:{submission.pk}:due:2015-07-31",
        "提醒：通城县的“工作专班”",
    )
    assert due.created_at == sent_at and due.emailed_at is not None
    assert due.jurisdiction_path == submission.jurisdiction.path
    assert (moved[plain.pk].event, moved[plain.pk].summary) == ("legacy", "其他通知")
    [orphan] = [n for n in moved.values() if n.pk not in (reminded.pk, plain.pk)]
    assert orphan.key == f"submission:{submission.pk}:escalated:2015-07-20" and orphan.read_at is not None
    # New rows get fresh ids after the copied ones.
    extra = new.get_model("notifications", "Notification").objects.create(
        recipient_id=user.pk, event="legacy", key="after", subject="x", summary="x"
    )
    assert extra.pk > max(moved)
