"""Hotels, guesthouses and companies are part of the dossier: decoupling (脱钩) is a sub-task
with its records and evidence, the dossier cannot close while one is tied, and the entities a
retained office still holds are listed for the inspection."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.consolidation import services
from zhuban.consolidation.models import Dossier
from zhuban.consolidation.progress import blockers_of, task_status
from zhuban.consolidation.queries import dossier_full, tied_entities_of_retained
from zhuban.consolidation.tests import builders
from zhuban.decision import services as decisions
from zhuban.decision.models import Decision
from zhuban.registry import services as registry
from zhuban.registry.models import BusinessEntity, Office
from zhuban.testing.personas import ensure_persona

pytestmark = pytest.mark.django_db

ON = date(2015, 8, 20)
GUESTHOUSE = "通城驻汉招待所"  # the demo's guesthouse of 通城县's Wuhan office
CITY_WUHAN = "咸宁市人民政府驻武汉办事处"  # with its hotel 咸宁大厦宾馆
CHIBI_WUHAN = "赤壁市人民政府驻武汉办事处"  # with its hotel 赤壁宾馆


def codes(dossier: Dossier) -> list[str]:
    return [b.code for b in blockers_of(dossier_full(dossier.pk))]


def close(actor, dossier):
    return services.dossier_close(actor=actor, dossier=dossier, closed_on=date(2015, 8, 28))


def test_a_dossier_cannot_close_while_its_guesthouse_is_tied(city_officer, as_persona):
    dossier = builders.dossier_for()
    guesthouse = dossier.office.business_entities.get(name=GUESTHOUSE)
    builders.complete(dossier, leave_entity=guesthouse)
    assert codes(dossier) == ["entity_tied"]
    with pytest.raises(ValidationError) as refused:
        close(city_officer, dossier)
    assert f"招待所“{GUESTHOUSE}”尚未脱钩" in " ".join(refused.value.messages)
    page = as_persona("city_officer").get(dossier.get_absolute_url()).content.decode()
    section = page[page.index('id="task-decoupling"') :].split("</section>")[0]
    assert "entity_tied" in section and reverse("consolidation:entity_decouple", args=[guesthouse.pk]) in section


def test_decoupling_needs_its_evidence_like_every_sub_task(city_officer):
    dossier = builders.dossier_for()
    builders.complete(dossier)  # decouples the guesthouse and uploads evidence for every sub-task
    full = dossier_full(dossier.pk)
    assert task_status(full, "decoupling", blockers_of(full)) == "done"
    # Without the decoupling's evidence it is not done.
    other = builders.dossier_for("赤壁市人民政府驻武汉办事处")
    hotel = other.office.business_entities.get()
    services.entity_decouple(actor=city_officer, entity=hotel, document="赤国资〔2015〕3号", decoupled_on=ON)
    full = dossier_full(other.pk)
    blockers = [b for b in blockers_of(full) if b.task == "decoupling"]
    assert [b.code for b in blockers] == ["evidence_missing"]
    assert task_status(full, "decoupling", blockers_of(full)) == "in_progress"


def test_decoupling_is_recorded_in_the_registry_and_on_the_trail(city_officer, as_persona):
    dossier = builders.dossier_for()
    guesthouse = dossier.office.business_entities.get(name=GUESTHOUSE)
    response = as_persona("city_officer").post(
        reverse("consolidation:entity_decouple", args=[guesthouse.pk]),
        {"receiver": "通城县国有资产监督管理局", "document": "通国资〔2015〕9号", "decoupled_on": "2015-08-20"},
    )
    assert response.status_code == 302
    guesthouse.refresh_from_db()
    assert (guesthouse.decoupling, guesthouse.decoupled_on) == ("decoupled", ON)
    entry = AuditEntry.objects.get(action="entity.decouple")
    assert entry.subject_id == str(dossier.office_id) and entry.after["document"] == "通国资〔2015〕9号"
    assert AuditEntry.objects.filter(action="entity.update", object_id=str(guesthouse.pk)).exists()
    # Twice is refused with a message.
    again = as_persona("city_officer").post(
        reverse("consolidation:entity_decouple", args=[guesthouse.pk]),
        {"document": "通国资〔2015〕9号", "decoupled_on": "2015-08-20"},
    )
    assert again.status_code == 422 and "脱钩已经录入" in again.content.decode()


def test_a_decoupling_needs_a_document_and_a_date_not_in_the_future(city_officer):
    guesthouse = builders.dossier_for().office.business_entities.get(name=GUESTHOUSE)
    with pytest.raises(ValidationError, match="脱钩文号"):
        services.entity_decouple(actor=city_officer, entity=guesthouse, document=" ", decoupled_on=ON)
    with pytest.raises(ValidationError, match="日期不能晚于今天"):
        services.entity_decouple(actor=city_officer, entity=guesthouse, document="x", decoupled_on=date(2099, 1, 1))


def test_an_entity_registered_while_the_dossier_is_open_must_be_decoupled_too(city_officer):
    dossier = builders.complete(builders.dossier_for())
    assert codes(dossier) == []
    registry.entity_add(actor=city_officer, office=dossier.office, values={"name": "通城驻汉宾馆", "kind": "hotel"})
    assert codes(dossier) == ["entity_tied"]


def test_an_office_without_entities_has_nothing_to_decouple_or_prove(city_officer):
    dossier = builders.dossier_for("崇阳县人民政府驻武汉联络处")
    assert not dossier.office.business_entities.exists()
    full = dossier_full(dossier.pk)
    blockers = blockers_of(full)
    assert not [b for b in blockers if b.task == "decoupling"]
    assert task_status(full, "decoupling", blockers) == "done"


def test_a_clerk_out_of_scope_cannot_decouple(as_persona):
    guesthouse = builders.dossier_for().office.business_entities.get(name=GUESTHOUSE)
    url = reverse("consolidation:entity_decouple", args=[guesthouse.pk])
    assert as_persona("chongyang_clerk").post(url, {"document": "x", "decoupled_on": "2015-08-20"}).status_code == 404
    assert not hasattr(BusinessEntity.objects.get(pk=guesthouse.pk), "decoupling_record")


# ---- Retained offices' tied entities (for the inspection) ------------------------------------------


def retained(name: str) -> Office:
    """The office's retention approved (by the province too, where the plan asks for it)."""
    o = builders.office(name)
    decision = builders.approved_decision(o, "retain")
    if decision.status == Decision.Status.AWAITING_PROVINCE:
        decisions.decision_record_province_approval(
            actor=ensure_persona("city_officer"), decision=decision, document="鄂政函〔2015〕88号", approved_on=ON
        )
    return o


def test_a_retention_awaiting_the_province_is_not_yet_a_retention():
    builders.approved_decision(builders.office(CITY_WUHAN), "retain")
    assert not tied_entities_of_retained(Office.objects.all()).exists()


def test_a_retained_offices_tied_hotel_is_listed_and_a_decoupled_one_is_not(city_officer):
    city_wuhan = retained(CITY_WUHAN)
    chibi = retained(CHIBI_WUHAN)
    hotel = chibi.business_entities.get()
    registry.entity_update(actor=city_officer, entity=hotel, values={"decoupling": "decoupled", "decoupled_on": ON})
    listed = list(tied_entities_of_retained(Office.objects.all()).values_list("name", flat=True))
    assert listed == ["咸宁大厦宾馆"]
    assert city_wuhan.business_entities.get().name in listed
    # An entity being decoupled (in progress) is still tied.
    registry.entity_update(actor=city_officer, entity=hotel, values={"decoupling": "in_progress", "decoupled_on": None})
    assert "赤壁宾馆" in tied_entities_of_retained(Office.objects.all()).values_list("name", flat=True)


def test_offices_not_retained_are_not_in_the_inspections_list():
    builders.dossier_for()  # 通城县's Wuhan office: revocation approved, guesthouse tied
    builders.office(CHIBI_WUHAN)  # no decision at all
    assert not tied_entities_of_retained(Office.objects.all()).exists()


def test_a_retention_that_was_withdrawn_is_not_a_retention(city_officer):
    o = retained(CITY_WUHAN)
    Decision.objects.filter(office=o).update(status=Decision.Status.REVOKED)  # withdrawn
    assert not tied_entities_of_retained(Office.objects.all()).exists()


@pytest.mark.parametrize("persona", ["city_officer", "inspector", "auditor"])
def test_the_list_is_a_page_for_whoever_reads_the_offices(persona, as_persona):
    retained(CITY_WUHAN)
    response = as_persona(persona).get(reverse("consolidation:entities_tied"))
    assert response.status_code == 200
    assert "咸宁大厦宾馆" in response.content.decode()


def test_a_county_clerk_sees_only_its_own_retained_offices_entities(as_persona):
    retained(CITY_WUHAN)
    body = as_persona("chongyang_clerk").get(reverse("consolidation:entities_tied")).content.decode()
    assert "咸宁大厦宾馆" not in body
    assert as_persona(None).get(reverse("consolidation:entities_tied")).status_code == 302
