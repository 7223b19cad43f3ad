"""Accounts and roles are given from the command line, with an audit entry."""

import pytest
from django.core.management import CommandError, call_command

from zhuban.audit.models import AuditEntry
from zhuban.org.access import can
from zhuban.org.models import RoleAssignment

pytestmark = pytest.mark.django_db


def test_granting_a_county_clerk_role_creates_the_account_and_records_it(monkeypatch):
    monkeypatch.setenv("ZHUBAN_PASSWORD", "Tongshan#2015")
    call_command("grant_role", "tongshan_clerk", "county_clerk", "421224", "--create", verbosity=0)
    assignment = RoleAssignment.objects.get(user__username="tongshan_clerk")
    assert assignment.jurisdiction.name == "通山县"
    assert can(assignment.user, "registry.edit")
    actions = list(AuditEntry.objects.filter(actor_label="system:grant_role").values_list("action", flat=True))
    assert sorted(actions) == ["role.grant", "user.create"]


def test_a_weak_password_is_refused_with_the_rule(monkeypatch):
    monkeypatch.setenv("ZHUBAN_PASSWORD", "password")
    with pytest.raises(CommandError, match="至少"):
        call_command("grant_role", "weak", "county_clerk", "通山县", "--create", verbosity=0)


def test_a_department_clerk_needs_a_unit():
    with pytest.raises(CommandError):
        call_command("grant_role", "tongcheng_clerk", "department_clerk", "通城县", verbosity=0)
