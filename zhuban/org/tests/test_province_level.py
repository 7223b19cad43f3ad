"""A role held at the province reaches every city under it; nothing changes for a city's users."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.audit.services import Actor
from zhuban.geo.models import City
from zhuban.org.access import scoped
from zhuban.org.models import Jurisdiction, Unit
from zhuban.registry import services
from zhuban.registry.models import Office

pytestmark = pytest.mark.django_db


@pytest.fixture
def wuhan_office(db):
    """An office of another city of the province, 武汉市, registered through the service."""
    wuhan = Jurisdiction.objects.get(code="420100")
    sponsor = Unit.objects.create(name="武汉市人民政府", kind="government", jurisdiction=wuhan)
    host = City.objects.get(name="长沙市")
    return services.office_register(
        actor=Actor.system("test"),
        values={
            "name": "武汉市人民政府驻长沙办事处",
            "sponsor": sponsor,
            "host_province": host.province,
            "host_city": host,
            "established_on": date(2005, 3, 1),
            "staffing_quota": 4,
            "headcount": 4,
        },
    )


def test_a_province_officer_sees_every_city_of_the_province_and_its_trail(province_officer, wuhan_office):
    offices = scoped(province_officer, Office.objects.all())
    assert offices.filter(pk=wuhan_office.pk).exists()
    assert offices.filter(jurisdiction__code="421222").exists()
    assert offices.count() == Office.objects.filter(jurisdiction__path__startswith="/420000/").count()
    trail = scoped(province_officer, AuditEntry.objects.all())
    assert trail.filter(object_label=wuhan_office.name, action="office.register").exists()
    assert trail.filter(jurisdiction_path__startswith="/420000/421200/421222/").exists()


def test_a_city_officer_never_sees_another_city_of_the_province(city_officer, as_persona, wuhan_office):
    assert not scoped(city_officer, Office.objects.filter(pk=wuhan_office.pk)).exists()
    assert not scoped(city_officer, AuditEntry.objects.filter(object_label=wuhan_office.name)).exists()
    page = as_persona("city_officer").get(reverse("registry:office_detail", args=[wuhan_office.pk]))
    assert page.status_code == 404


def test_a_province_officer_reads_a_city_office_and_the_city_pages(as_persona, office_of, wuhan_office):
    client = as_persona("province_officer")
    office = office_of("通城县人民政府驻武汉办事处")
    assert client.get(reverse("registry:office_detail", args=[office.pk])).status_code == 200
    listing = client.get(reverse("registry:office_list"))
    assert listing.status_code == 200
    assert "武汉市人民政府驻长沙办事处" in listing.content.decode()
    for name in ("decision:board", "campaign:dashboard", "workbook:index"):
        assert client.get(reverse(name)).status_code == 200, name
