"""An office whose dossier has closed is read-only in the registry: every way of writing to it
(the forms, the services, the 附表一 import) is refused with a message, so no late asset or
person can become a loss nobody can dispose of; its history stays visible. While the dossier is
open, a registry write takes the dossier's lock, so nothing slips in while it closes."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.audit.services import Actor
from zhuban.consolidation import services
from zhuban.consolidation.models import Dossier
from zhuban.consolidation.queries import asset_losses
from zhuban.consolidation.tests import builders
from zhuban.org.models import Jurisdiction
from zhuban.registry import services as registry
from zhuban.registry.models import Asset, BusinessEntity, Office, StaffMember
from zhuban.testing.personas import ensure_persona, seed_world
from zhuban.workbook.exporting import write_registration
from zhuban.workbook.queries import export_rows, offices_in
from zhuban.workbook.reading import read_registration
from zhuban.workbook.services import registration_import

ON = date(2015, 8, 28)
READ_ONLY = "登记信息只读"


def closed_office(actor) -> Office:
    dossier = builders.complete(builders.dossier_for())
    services.dossier_close(actor=actor, dossier=dossier, closed_on=ON)
    return Office.objects.get(pk=dossier.office_id)


WRITES = {
    "asset_add": lambda actor, o: registry.asset_add(
        actor=actor, office=o, values={"category": "other", "description": "迟到的电脑", "book_value": Decimal("9000")}
    ),
    "staff_add": lambda actor, o: registry.staff_add(
        actor=actor, office=o, values={"name": "迟到者", "post": "科员", "employment": "establishment"}
    ),
    "entity_add": lambda actor, o: registry.entity_add(
        actor=actor, office=o, values={"name": "迟到的招待所", "kind": "guesthouse"}
    ),
    "office_update": lambda actor, o: registry.office_update(
        actor=actor, office=o, values={"headcount": 9}, expected_version=o.version
    ),
    "asset_update": lambda actor, o: registry.asset_update(
        actor=actor, asset=o.assets.first(), values={"description": "改名"}
    ),
    "staff_update": lambda actor, o: registry.staff_update(actor=actor, staff=o.staff.first(), values={"post": "主任"}),
    "entity_update": lambda actor, o: registry.entity_update(
        actor=actor, entity=o.business_entities.first(), values={"name": "改名的招待所"}
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("write", sorted(WRITES))
def test_every_registry_service_refuses_a_closed_office_and_changes_nothing(write, city_officer):
    office = closed_office(city_officer)
    counts = (office.assets.count(), office.staff.count(), office.business_entities.count())
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        WRITES[write](city_officer, office)
    assert READ_ONLY in " ".join(refused.value.messages) and office.name in " ".join(refused.value.messages)
    office.refresh_from_db()
    assert (office.assets.count(), office.staff.count(), office.business_entities.count()) == counts
    assert AuditEntry.objects.count() == entries
    # Nothing was left behind to stand as a loss.
    assert not asset_losses(Office.objects.filter(pk=office.pk)).exists()


@pytest.mark.django_db
def test_an_open_dossiers_office_still_takes_registry_writes(city_officer):
    office = builders.dossier_for().office
    for write in ("asset_add", "staff_add", "entity_add"):
        WRITES[write](city_officer, office)
    assert office.assets.filter(description="迟到的电脑").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        (
            "registry:asset_create",
            {"category": "other", "description": "迟到的电脑", "book_value": "9000", "status": "in_use"},
        ),
        ("registry:staff_create", {"name": "迟到者", "post": "科员", "employment": "establishment"}),
        ("registry:entity_create", {"name": "迟到的招待所", "kind": "guesthouse", "decoupling": "tied"}),
    ],
)
def test_the_registry_forms_refuse_a_closed_office_with_a_message(url_name, data, city_officer, as_persona):
    office = closed_office(city_officer)
    before = (Asset.objects.count(), StaffMember.objects.count(), BusinessEntity.objects.count())
    response = as_persona("city_officer").post(reverse(url_name, args=[office.pk]), data)
    assert response.status_code == 422 and READ_ONLY in response.content.decode()
    assert (Asset.objects.count(), StaffMember.objects.count(), BusinessEntity.objects.count()) == before


@pytest.mark.django_db
def test_a_closed_offices_page_offers_no_edits_and_keeps_its_history(city_officer, as_persona):
    office = closed_office(city_officer)
    client = as_persona("city_officer")
    page = client.get(office.get_absolute_url()).content.decode()
    assert 'id="read-only"' in page
    for link in ("registry:office_edit", "registry:asset_create", "registry:staff_create", "registry:entity_create"):
        assert reverse(link, args=[office.pk]) not in page
    history = client.get(reverse("registry:office_history", args=[office.pk]))
    assert history.status_code == 200 and "整合档案办结" in history.content.decode()
    # A running office is still editable.
    running = Office.objects.get(name=builders.SURVIVOR)
    assert (
        reverse("registry:asset_create", args=[running.pk]) in client.get(running.get_absolute_url()).content.decode()
    )


def _import(path):
    return registration_import(
        actor=Actor.system("test"), jurisdiction=Jurisdiction.objects.get(name="通城县"), sheet=read_registration(path)
    )


def _edit_row(path, office_name: str, header: str, value) -> None:
    book = openpyxl.load_workbook(path)
    ws = book.active
    header_row = next(r for r in ws.iter_rows() if any(c.value == "机构名称" for c in r))
    columns = {c.value: c.column for c in header_row}
    for row in ws.iter_rows(min_row=header_row[0].row + 1):
        if row[columns["机构名称"] - 1].value == office_name:
            row[columns[header] - 1].value = value
    book.save(path)


@pytest.mark.django_db
def test_an_import_cannot_change_a_closed_office_or_give_it_an_entity_but_re_imports_its_export(city_officer, tmp_path):
    office = closed_office(city_officer)
    path = tmp_path / "通城县.xlsx"
    write_registration(path, export_rows(offices_in(Jurisdiction.objects.get(name="通城县"))))
    again = _import(path)
    assert again.errors == [] and again.updated == 0

    for header, value in (("实有人数", 9), ("所属经营性实体", "通城驻汉招待所、迟到的宾馆")):
        changed = tmp_path / f"{header}.xlsx"
        changed.write_bytes(path.read_bytes())
        _edit_row(changed, office.name, header, value)
        result = _import(changed)
        assert [e.code for e in result.errors] == ["office_closed"]
        assert READ_ONLY in result.errors[0].message and office.name in result.errors[0].message
    office.refresh_from_db()
    assert office.headcount != 9 and not office.business_entities.filter(name="迟到的宾馆").exists()


@pytest.mark.django_db
def test_a_registry_write_locks_the_dossier_before_it_writes(city_officer):
    office = builders.dossier_for().office
    with CaptureQueriesContext(connection) as queries:
        WRITES["asset_add"](city_officer, office)
    sql = [q["sql"] for q in queries.captured_queries]
    lock = next(i for i, q in enumerate(sql) if '"consolidation_dossier"' in q)
    insert = next(i for i, q in enumerate(sql) if q.startswith('INSERT INTO "registry_asset"'))
    assert lock < insert
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in sql[lock]


# ---- Two writers at once (PostgreSQL: SQLite's IMMEDIATE transactions queue every writer) ----------


def _postgres():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises whole write transactions")


def _in_thread(job):
    out: dict[str, object] = {}

    def run():
        try:
            out["result"] = job()
        except Exception as exc:  # noqa: BLE001 - the test inspects what the writer got
            out["result"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, out


@pytest.mark.django_db(transaction=True)
def test_an_asset_added_while_the_dossier_closes_waits_and_is_then_refused():
    _postgres()
    seed_world()
    actor = ensure_persona("city_officer")
    dossier = builders.complete(builders.dossier_for())
    office_id = dossier.office_id
    locked, release = threading.Event(), threading.Event()

    def close():
        with transaction.atomic():
            # The closing holds the dossier's lock from its first statement; hold it a while.
            Dossier.objects.select_for_update().get(pk=dossier.pk)
            locked.set()
            release.wait(10)
            return services.dossier_close(actor=actor, dossier=dossier, closed_on=ON)

    closer, closed = _in_thread(close)
    assert locked.wait(10)
    adder, added = _in_thread(lambda: WRITES["asset_add"](actor, Office.objects.get(pk=office_id)))
    adder.join(1)
    assert adder.is_alive(), "the registry write must wait for the dossier's lock"
    release.set()
    closer.join(20)
    adder.join(20)
    assert isinstance(closed["result"], Dossier)
    assert isinstance(added["result"], ValidationError) and READ_ONLY in str(added["result"])
    assert not Asset.objects.filter(office_id=office_id, description="迟到的电脑").exists()
    assert Office.objects.get(pk=office_id).status == "revoked"


@pytest.mark.django_db(transaction=True)
def test_a_dossier_closing_while_an_asset_is_added_waits_and_then_sees_it():
    _postgres()
    seed_world()
    actor = ensure_persona("city_officer")
    dossier = builders.complete(builders.dossier_for())
    office = dossier.office
    added_it, release = threading.Event(), threading.Event()

    def add():
        with transaction.atomic():
            asset = WRITES["asset_add"](actor, office)
            added_it.set()
            release.wait(10)
            return asset

    adder, added = _in_thread(add)
    assert added_it.wait(10)
    closer, closed = _in_thread(lambda: services.dossier_close(actor=actor, dossier=dossier, closed_on=ON))
    closer.join(1)
    assert closer.is_alive(), "the closing must wait for the registry write's lock"
    release.set()
    adder.join(20)
    closer.join(20)
    assert isinstance(added["result"], Asset)
    assert isinstance(closed["result"], ValidationError) and "迟到的电脑" in str(closed["result"])
    assert Dossier.objects.get(pk=dossier.pk).status == "open"
    assert Office.objects.get(pk=office.pk).status == "active"
