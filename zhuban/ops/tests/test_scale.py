"""The national-scale generator, at a small size."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.disclosure.models import Disclosure
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Asset, Office, StaffMember

pytestmark = pytest.mark.django_db

SMALL = [
    *("--cities", "3", "--counties-per-city", "4", "--offices", "50", "--assets", "120", "--staff", "90"),
    *("--disclosure-offices", "10"),
]


class Rollback(Exception):
    pass


def test_seed_scale_generates_the_sizes_asked_for_and_records_it():
    before = Office.objects.count()
    call_command("seed_scale", *SMALL, verbosity=0)
    # The first three prefecture-level cities of the real tree and four counties of each.
    generated = Jurisdiction.objects.filter(units__name__endswith="人民政府").exclude(
        path__startswith="/420000/421200/"
    )
    assert generated.count() == 3 * 5
    assert set(generated.filter(level="city").values_list("code", flat=True)) == {"130100", "130200", "130300"}
    assert all(j.parent.code in {"130100", "130200", "130300"} for j in generated.filter(level="county"))
    assert Office.objects.count() - before == 50
    assert Asset.objects.filter(description__startswith="规模测试").count() == 120
    assert StaffMember.objects.filter(office__name__startswith="规模测试").count() == 90
    assert AuditEntry.objects.filter(action="scale.seed").count() == 1
    # Each of ten offices has a published reception disclosure for every year 2016–2019, and the
    # public index lists their jurisdictions.
    published = Disclosure.objects.filter(status="published", notes="规模测试公开说明")
    assert published.count() == 10 * 4 and published.values("office").distinct().count() == 10
    index = Client().get(reverse("public:index") + "?year=2017")
    assert index.status_code == 200 and published.first().jurisdiction.name in index.content.decode()


def test_a_second_run_on_the_same_database_is_refused_whole():
    call_command("seed_scale", *SMALL, verbosity=0)
    total = Office.objects.count()
    with pytest.raises(CommandError):
        call_command("seed_scale", *SMALL, verbosity=0)
    assert Office.objects.count() == total


def generate_and_read() -> list[tuple]:
    rows: list[tuple] = []
    try:
        with transaction.atomic():
            call_command("seed_scale", *SMALL, verbosity=0)
            rows = list(
                Office.objects.filter(name__startswith="规模测试")
                .order_by("name")
                .values_list("name", "headcount", "established_on", "host_city_id", "sponsor__name")
            )
            raise Rollback
    except Rollback:
        return rows


def test_the_same_seed_generates_the_same_registry():
    first = generate_and_read()
    assert len(first) == 50
    assert generate_and_read() == first


def test_seed_scale_generates_settled_receptions_at_retained_offices_when_asked():
    from zhuban.reception import queries
    from zhuban.reception.models import CostLine, Reception

    call_command("seed_scale", *SMALL, "--receptions", "240", verbosity=0)
    receptions = Reception.objects.filter(office__name__startswith="规模测试")
    assert receptions.count() == 240 and not receptions.exclude(state="settled").exists()
    assert CostLine.objects.filter(reception__in=receptions).count() == 480
    offices = sorted(set(receptions.values_list("office_id", flat=True)))
    assert all(queries.is_retained(o) for o in Office.objects.filter(pk__in=offices))
    figures = queries.year_figures(2016, offices)
    assert sum(f["receptions"] for f in figures.values()) == receptions.filter(year=2016).count()
    assert AuditEntry.objects.get(action="scale.seed").after["receptions"] == 240
