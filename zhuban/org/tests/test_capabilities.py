"""The capability table: one place, printable, and what the chokepoint answers from it."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import Http404

from zhuban.org.access import Access, Grant, can, get_in_scope, require, scoped
from zhuban.org.capabilities import PERFORMER, ROLE_CAPABILITIES, Capability, who_acts
from zhuban.org.models import Jurisdiction, Role
from zhuban.registry.models import Office


def test_every_role_has_a_row_and_every_capability_a_performer_who_holds_it():
    assert set(ROLE_CAPABILITIES) == set(Role.values)
    assert set(PERFORMER) == set(Capability)
    for capability, role in PERFORMER.items():
        assert capability in ROLE_CAPABILITIES[role], capability


def test_the_table_prints_as_markdown_with_a_row_per_capability_and_a_column_per_role():
    out = StringIO()
    call_command("capabilities", "--format", "md", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].count("|") == len(Role.values) + 3
    assert len(lines) == 2 + len(Capability)
    review = next(line for line in lines if "`decision.review`" in line)
    assert review.count("✓") == 1


def test_an_inspector_records_findings_but_edits_no_office():
    inspector = ROLE_CAPABILITIES[Role.INSPECTOR]
    assert Capability.INSPECTION_RECORD in inspector
    assert Capability.REGISTRY_EDIT not in inspector and Capability.CONSOLIDATION_RECORD not in inspector


def test_the_wuhan_office_files_the_retention_application_the_plan_gives_it():
    # 二(一)3: 报经省人民政府批准，申报工作由市政府驻武汉办事处负责
    assert Capability.DECISION_APPLY_RETENTION in ROLE_CAPABILITIES[Role.WUHAN_OFFICE]


def test_where_someone_else_acts_the_page_names_them():
    from django.utils import translation

    # The sentence is in the reader's language; an earlier English page must not decide it here.
    with translation.override("zh-hans"):
        assert who_acts("decision.review") == "由市机关事务管理局审核精简整合意见"


def test_a_grant_held_at_a_province_covers_every_prefecture_and_county_below_it():
    province = Grant(role=Role.OFFICES_ADMIN, path="/420000/", unit_id=None)
    q = Access(grants=(province,)).q(Office, "registry.edit")
    assert "420000" in str(q) and "startswith" in str(q)
    county = Grant(role=Role.COUNTY_CLERK, path="/420000/421200/421222/", unit_id=None)
    assert county.covers_path("/420000/421200/421222/") and not county.covers_path("/420000/421200/")


def test_a_misspelt_action_fails_loudly():
    with pytest.raises(ValueError):
        can(None, "registry.edt")


@pytest.mark.django_db
def test_the_chokepoint_says_404_out_of_scope_403_without_the_capability(tongcheng_clerk, inspector, office_of):
    tongcheng = office_of("通城县人民政府驻武汉办事处")
    chongyang = office_of("崇阳县人民政府驻武汉联络处")
    with pytest.raises(Http404):
        get_in_scope(tongcheng_clerk, Office.objects.all(), action="registry.edit", pk=chongyang.pk)
    with pytest.raises(PermissionDenied):
        get_in_scope(inspector, Office.objects.all(), action="registry.edit", pk=tongcheng.pk)
    assert get_in_scope(tongcheng_clerk, Office.objects.all(), action="registry.edit", pk=tongcheng.pk) == tongcheng
    assert not scoped(inspector, Office.objects.all(), action="registry.edit").exists()
    assert scoped(inspector, Office.objects.all()).count() == Office.objects.count()
    with pytest.raises(PermissionDenied):
        require(inspector, "registry.edit")
    assert can(tongcheng_clerk, "registry.add_unit", Jurisdiction.objects.get(name="通城县"))
    assert not can(tongcheng_clerk, "registry.add_unit", Jurisdiction.objects.get(name="崇阳县"))
