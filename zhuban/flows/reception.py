"""Receptions and their neighbours: the business entities an office ran (the registry's, read
here for the venue check), the warnings the checks raise sent to the office's head, and those
left unexplained past their date put on the inspection checklist (zhuban/flows/inspection.py)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.dispatch import receiver
from django.utils.translation import gettext as _

from zhuban.notifications.models import Event
from zhuban.notifications.services import Sent, notification_send
from zhuban.org.models import Role, RoleAssignment
from zhuban.reception import events
from zhuban.reception import queries as reception
from zhuban.registry.models import BusinessEntity


def registry_entities(office_ids: list[int]) -> dict[int, list[str]]:
    """Every hotel, guesthouse or company the office ran, decoupled or not: hosting there is the
    tie the plan cuts (二(四)2)."""
    out: dict[int, list[str]] = defaultdict(list)
    for office_id, name in BusinessEntity.objects.filter(office_id__in=office_ids).values_list("office_id", "name"):
        out[office_id].append(name)
    return out


if registry_entities not in reception.FORMER_ENTITIES:
    reception.FORMER_ENTITIES.append(registry_entities)


def office_heads(office_id: int) -> list[Any]:
    rows = RoleAssignment.objects.filter(role=Role.OFFICE_HEAD, office_id=office_id, user__is_active=True)
    return [row.user for row in rows.select_related("user").order_by("user_id")]


@receiver(events.warnings_raised, dispatch_uid="flows.reception_warnings")
def notify_office_head(*, reception: Any, warnings: list[Any], actor: Any, **_kwargs: Any) -> list[Sent]:
    """Each new warning to the office's head, citing its rule, with the day it must be explained by."""
    office = reception.office
    heads = office_heads(office.pk)
    if not heads:
        return []
    sent = []
    for warning in warnings:
        rule = warning.rule
        sent.append(
            notification_send(
                event=Event.RECEPTION_WARNING,
                recipients=heads,
                key=f"reception_warning:{warning.pk}:{warning.raised_at:%Y%m%d%H%M%S}",
                obj=warning,
                jurisdiction_path=office.jurisdiction.path,
                unit_id=office.sponsor_id,
                params={
                    "office": office.name,
                    "unit": reception.sending_unit,
                    "day": reception.starts_on,
                    "rule": _(rule.title),
                    "clause": _(rule.clause),
                    "message": warning.message,
                    "due": warning.due_on,
                },
                link=reception.get_absolute_url() + "#warnings",
                actor=actor,
            )
        )
    return sent
