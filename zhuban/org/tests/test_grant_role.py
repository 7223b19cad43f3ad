"""Accounts and roles are given from the command line, with an audit entry."""

import pytest
from django.core.management import CommandError, call_command

from zhuban.audit.models import AuditEntry
from zhuban.org.access import can, scoped
from zhuban.org.models import RoleAssignment
from zhuban.registry.models import Office

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


def test_an_office_head_is_granted_one_office_and_reads_no_other(monkeypatch):
    monkeypatch.setenv("ZHUBAN_PASSWORD", "Jiayu#Wuhan2015")
    office = "嘉鱼县人民政府驻武汉办事处"
    call_command("grant_role", "jiayu_head", "office_head", "嘉鱼县", "--office", office, "--create", verbosity=0)
    assignment = RoleAssignment.objects.get(user__username="jiayu_head")
    assert assignment.office.name == office and assignment.unit is None
    assert [o.name for o in scoped(assignment.user, Office.objects.all())] == [office]
    entry = AuditEntry.objects.filter(action="role.grant").latest("id")
    assert entry.after["role"] == "office_head" and entry.after["office"]


@pytest.mark.parametrize(
    "args",
    [
        ("office_staff", "嘉鱼县"),  # no office named
        ("office_staff", "嘉鱼县", "--office", "通城县人民政府驻武汉办事处"),  # another county's office
        ("county_clerk", "嘉鱼县", "--office", "嘉鱼县人民政府驻武汉办事处"),  # a role not held on an office
    ],
)
def test_an_office_role_without_its_office_or_an_office_on_another_role_is_refused(args):
    with pytest.raises(CommandError):
        call_command("grant_role", "tongcheng_clerk", *args, verbosity=0)
    assert not RoleAssignment.objects.filter(user__username="tongcheng_clerk", office__isnull=False).exists()
