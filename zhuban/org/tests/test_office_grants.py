"""A retained office's staff and head act for their one office: the city government's other
offices, sponsored by the same unit, are missing to them, while a department clerk still reaches
every office of their unit."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from zhuban.org.access import access_for, scoped
from zhuban.org.models import Jurisdiction, RoleAssignment, Unit
from zhuban.oversight.tests.builders import retained
from zhuban.registry.models import Asset, Office

pytestmark = pytest.mark.django_db

WUHAN = "咸宁市人民政府驻武汉办事处"
OTHERS = ("咸宁市人民政府驻长沙联络处", "咸宁市人民政府驻北京联络处")


@pytest.mark.parametrize("persona", ["liaison_staff", "liaison_head"])
def test_the_offices_own_people_read_their_office_and_not_its_sponsors_other_offices(persona, as_persona, office_of):
    client = as_persona(persona)
    wuhan = retained(WUHAN)
    for name in OTHERS:
        retained(name)
    assert client.get(reverse("registry:office_detail", args=[wuhan.pk])).status_code == 200
    assert client.get(reverse("oversight:office", args=[wuhan.pk])).status_code == 200
    for name in OTHERS:
        other = office_of(name)
        assert other.sponsor_id == wuhan.sponsor_id
        for route in ("registry:office_detail", "oversight:office", "oversight:posting_add", "oversight:worklog_list"):
            assert client.get(reverse(route, args=[other.pk])).status_code == 404, (route, name)


def test_what_hangs_from_an_office_follows_it_and_the_office_list_names_one_office(liaison_staff):
    names = set(scoped(liaison_staff, Office.objects.all()).values_list("name", flat=True))
    assert names == {WUHAN}
    offices = set(scoped(liaison_staff, Asset.objects.all()).values_list("office__name", flat=True))
    assert offices <= {WUHAN}


def test_a_department_clerk_still_reaches_every_office_of_their_unit(zhaoshang_clerk):
    unit = Unit.objects.get(name="咸宁市招商局")
    ours = set(Office.objects.filter(sponsor=unit).values_list("pk", flat=True))
    assert set(scoped(zhaoshang_clerk, Office.objects.all()).values_list("pk", flat=True)) == ours


def test_an_office_grant_never_covers_a_whole_jurisdiction(liaison_staff):
    (grant,) = access_for(liaison_staff).grants
    assert grant.office_id == Office.objects.get(name=WUHAN).pk
    assert not grant.covers_path(grant.path)


@pytest.mark.parametrize(
    "role, on_office",
    [("office_staff", False), ("office_head", False), ("county_clerk", True), ("offices_admin", True)],
)
def test_an_office_role_needs_its_office_and_no_other_role_takes_one(role, on_office, city_officer, office_of):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            user=city_officer,
            role=role,
            jurisdiction=Jurisdiction.objects.get(name="咸宁市"),
            office=office_of(WUHAN) if on_office else None,
        )
