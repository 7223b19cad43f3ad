"""Sending notifications: in-app rows in the caller's transaction, e-mail after it commits.

``notification_send`` is the one way to notify anyone. Its rows and their audit entries are part
of the caller's transaction, so a change that rolls back leaves no notification behind; the
e-mails go out in ``transaction.on_commit``, so nobody is told about something that did not
happen. Each (recipient, key) is stored once and e-mailed once: sending the same event again
creates nothing, and only retries an e-mail that has not gone out yet.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone, translation

from zhuban.audit.services import Actor, audit_record
from zhuban.notifications import messages
from zhuban.notifications.actions import Action
from zhuban.notifications.models import Event, Notification

log = logging.getLogger(__name__)


@dataclass
class Sent:
    """What one call did. ``emailed`` and ``failed`` fill in after the commit."""

    created: list[Notification] = field(default_factory=list)
    already: int = 0
    emailed: int = 0
    failed: list[int] = field(default_factory=list)  # notification ids whose e-mail failed


def notification_send(
    *,
    event: Event | str,
    recipients: Iterable[Any],
    key: str,
    obj: Model,
    jurisdiction_path: str,
    unit_id: int | None = None,
    params: dict[str, Any] | None = None,
    link: str = "",
    actor: Any = None,
    email: bool = True,
    base_url: str | None = None,
) -> Sent:
    """Notify each recipient of ``event`` about ``obj`` once per ``key``.

    ``params`` fill the event's wording (``messages.py``); ``obj`` and the scope
    (``jurisdiction_path``, ``unit_id``) say what it is about, as in an audit entry. Must run in
    the transaction of the change it reports (it opens one if there is none)."""
    event = Event(event)
    # The record and the e-mail are in the product's language, whoever's request sent them.
    with translation.override(settings.LANGUAGE_CODE):
        kept = messages.stored(params or {})
        subject, summary = messages.render(event, kept) or (str(event.label), str(event.label))
    who = actor if actor is not None else Actor.system("notifications")
    people = {u.pk: u for u in recipients if u is not None and u.pk is not None}
    result = Sent()
    with transaction.atomic():
        existing = {
            n.recipient_id: n
            for n in Notification.objects.filter(recipient_id__in=people, key=key).only(
                "id", "recipient_id", "emailed_at"
            )
        }
        to_mail: list[int] = []
        for user_id, user in people.items():
            if user_id in existing:
                result.already += 1
                if email and existing[user_id].emailed_at is None and _address(user):
                    to_mail.append(existing[user_id].pk)
                continue
            note = Notification(
                recipient=user,
                event=event,
                key=key,
                subject=subject[:200],
                summary=summary[:500],
                params=kept,
                link=link,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                jurisdiction_path=jurisdiction_path,
                unit_id=unit_id,
            )
            note.full_clean(validate_unique=False, validate_constraints=False)
            try:
                # A savepoint: an overlapping run that stored the same key first wins, this one
                # counts it as already sent.
                with transaction.atomic():
                    note.save()
            except IntegrityError:
                result.already += 1
                continue
            # The entry is the notification's own (the object's history stays about the object);
            # it says what it was about and carries the object's scope.
            audit_record(
                actor=who,
                action=Action.NOTIFICATION_SEND,
                obj=note,
                subject=note,
                jurisdiction_path=jurisdiction_path,
                unit_id=unit_id,
                before=None,
                after={
                    "event": event.value,
                    "recipient": user_id,
                    "key": key,
                    "about": f"{note.object_type}:{note.object_id}",
                    "summary": note.summary,
                },
            )
            result.created.append(note)
            if email and _address(user):
                to_mail.append(note.pk)
        if to_mail:
            prefix = settings.SITE_URL if base_url is None else base_url
            transaction.on_commit(lambda: _email(to_mail, prefix, result))
    return result


def _address(user: Any) -> str:
    return getattr(user, get_user_model().get_email_field_name(), "") or ""


def _email(ids: list[int], base_url: str, result: Sent) -> None:
    """After the commit: send each e-mail that has not gone out, and record that it has. A
    failure is logged and leaves the row unsent (a later send with the same key retries it);
    it never reaches the caller, whose change is already committed."""
    for pk in ids:
        try:
            with transaction.atomic():
                # The row lock keeps two overlapping senders from mailing the same key twice.
                note = (
                    Notification.objects.select_for_update()
                    .select_related("recipient")
                    .filter(pk=pk, emailed_at__isnull=True)
                    .first()
                )
                if note is None:
                    continue
                body = f"{note.summary}\n\n{base_url}{note.link}\n" if note.link else f"{note.summary}\n"
                EmailMessage(
                    f"【驻办】{note.subject}", body, settings.DEFAULT_FROM_EMAIL, [_address(note.recipient)]
                ).send()
                Notification.objects.filter(pk=pk).update(emailed_at=timezone.now())
                result.emailed += 1
        except Exception:  # noqa: BLE001 - a mail server's failure must not reach the committed caller
            log.exception("notification %s: e-mail not sent", pk)
            result.failed.append(pk)


def notification_mark_read(*, user: Any, notification: Notification) -> bool:
    """Mark one of the user's own notifications read. Not audited: reading changes no record."""
    if notification.recipient_id != user.pk:
        raise PermissionError("only the recipient marks a notification read")
    return bool(Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now()))


def notification_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
