"""The demo carries the 2015 campaign's joint inspection with findings in every state."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from zhuban.audit.models import AuditEntry
from zhuban.inspection.models import Case, Finding, Inspection, Schedule
from zhuban.org.models import RoleAssignment
from zhuban.registry import demo
from zhuban.registry.management.commands.load_demo import assignment_fields

pytestmark = pytest.mark.django_db


def demo_accounts():
    User = get_user_model()
    for username, full_name, role, jurisdiction, held_on in demo.ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        RoleAssignment.objects.get_or_create(user=user, **assignment_fields(role, jurisdiction, held_on))


def test_the_demo_inspection_has_findings_in_every_state_and_loads_idempotently():
    demo_accounts()
    call_command("load_demo_consolidation", verbosity=0)
    call_command("load_demo_inspection", verbosity=0)
    inspection = Inspection.objects.get()
    states = set(Finding.objects.filter(inspection=inspection).values_list("status", flat=True))
    assert states == set(Finding.Status.values)
    assert inspection.targets.count() == 7 and inspection.targets.first().entries.exists()
    assert Case.objects.filter(status=Case.Status.DECIDED, disclosed_at__isnull=False).count() == 1
    assert Schedule.objects.count() == 2
    assert AuditEntry.objects.filter(action="finding.accept").count() == 1
    counts = (Finding.objects.count(), Case.objects.count(), AuditEntry.objects.count())
    call_command("load_demo_inspection", verbosity=0)
    assert (Finding.objects.count(), Case.objects.count(), AuditEntry.objects.count()) == counts


def test_the_daily_command_reminds_of_deadlines_and_starts_due_patrols(capsys):
    demo_accounts()
    call_command("load_demo_consolidation", verbosity=0)
    call_command("load_demo_inspection", verbosity=0)
    call_command("inspection_daily", on="2016-09-01")
    out = capsys.readouterr().out
    assert "overdue" in out and "patrols started: 2" in out
    assert (
        Inspection.objects.filter(kind="patrol").count() == 1
        and Inspection.objects.filter(kind="follow_up").count() == 1
    )
