"""The campaign's notifications and reminder log become notifications of this app, ids kept.

A reminder-log row becomes its notification's idempotency key (and its e-mail record), so the
reminders already sent are not sent again. A log row whose notification is gone keeps its key
on a read notification of its own. Notifications without a log row keep a key of their own.
"""

from django.core.management.color import no_style
from django.db import migrations

KIND_EVENT = {"reminder": ("submission_due", "due", "截止提醒"), "escalation": ("submission_escalated", "escalated", "逾期督办")}


def _key(log):
    return f"submission:{log.submission_id}:{KIND_EVENT[log.kind][1]}:{log.due_on.isoformat()}"


def forward(apps, schema_editor):
    Old = apps.get_model("campaign", "Notification")
    Log = apps.get_model("campaign", "ReminderLog")
    New = apps.get_model("notifications", "Notification")
    logs = list(Log.objects.select_related("submission__jurisdiction").order_by("id"))
    by_note = {log.notification_id: log for log in logs if log.notification_id}
    rows = []
    for old in Old.objects.order_by("id"):
        log = by_note.get(old.id)
        row = New(
            id=old.id,
            recipient_id=old.user_id,
            subject=old.text[:200],
            summary=old.text,
            link=old.link,
            created_at=old.created_at,
            read_at=old.read_at,
        )
        if log is None:
            row.event, row.key = "legacy", f"campaign-notification:{old.id}"
        else:
            _describe(row, log)
        rows.append(row)
    for log in logs:
        if log.notification_id is None:
            row = New(
                recipient_id=log.recipient_id,
                subject=KIND_EVENT[log.kind][2],
                summary=KIND_EVENT[log.kind][2],
                created_at=log.sent_at,
                read_at=log.sent_at,
            )
            _describe(row, log)
            rows.append(row)
    created_at = New._meta.get_field("created_at")
    # The rows keep the times they were sent at, not the time of the migration.
    created_at.auto_now_add = False
    try:
        New.objects.bulk_create(rows, batch_size=1000)
    finally:
        created_at.auto_now_add = True
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [New]):
            cursor.execute(sql)


def _describe(row, log):
    row.event = KIND_EVENT[log.kind][0]
    row.key = _key(log)
    row.object_type, row.object_id = "campaign.submission", str(log.submission_id)
    row.jurisdiction_path = log.submission.jurisdiction.path
    row.emailed_at = log.sent_at if log.emailed else None


def backward(apps, schema_editor):
    Old = apps.get_model("campaign", "Notification")
    Log = apps.get_model("campaign", "ReminderLog")
    New = apps.get_model("notifications", "Notification")
    kinds = {event: kind for kind, (event, _part, _label) in KIND_EVENT.items()}
    for row in New.objects.order_by("id"):
        old = Old.objects.create(user_id=row.recipient_id, text=row.summary[:300], link=row.link[:200])
        Old.objects.filter(pk=old.pk).update(created_at=row.created_at, read_at=row.read_at)
        if row.event in kinds and row.key.startswith("submission:"):
            _prefix, submission_id, _part, due_on = row.key.split(":")
            Log.objects.get_or_create(
                submission_id=int(submission_id),
                kind=kinds[row.event],
                recipient_id=row.recipient_id,
                due_on=due_on,
                defaults={"emailed": row.emailed_at is not None, "notification": old},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("campaign", "0002_campaign_2015"),
    ]
    operations = [migrations.RunPython(forward, backward)]
