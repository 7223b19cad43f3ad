"""Nothing lost with real concurrent writers, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from zhuban.audit.models import AuditEntry
from zhuban.audit.queries import verify_chain
from zhuban.audit.services import AuditItem, audit_record_many
from zhuban.decision import services as decisions
from zhuban.decision.queries import assessment_of
from zhuban.registry import services as registry
from zhuban.registry.models import Office
from zhuban.testing.concurrency import run_together
from zhuban.testing.personas import ensure_persona, seed_world
from zhuban.versioning import StaleVersionError

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    seed_world()


def test_two_clerks_saving_the_same_office_one_is_refused_and_nothing_is_overwritten(world):
    clerk = ensure_persona("tongcheng_clerk")
    office_id = Office.objects.get(name="通城县人民政府驻武汉办事处").pk
    version = Office.objects.get(pk=office_id).version

    def save(headcount: int):
        def job():
            office = Office.objects.select_related("sponsor", "jurisdiction").get(pk=office_id)
            return registry.office_update(
                actor=clerk, office=office, values={"headcount": headcount}, expected_version=version
            )

        return job

    results = run_together(save(4), save(9))
    refused = [r for r in results if isinstance(r, StaleVersionError)]
    saved = [r for r in results if isinstance(r, Office)]
    assert len(refused) == 1 and len(saved) == 1
    assert Office.objects.get(pk=office_id).headcount == saved[0].headcount
    assert verify_chain()[1] is None


def test_a_double_submitted_acceptance_succeeds_exactly_once(world):
    clerk, officer = ensure_persona("tongcheng_clerk"), ensure_persona("city_officer")
    office = Office.objects.select_related("jurisdiction", "sponsor").get(name="通城县人民政府驻武汉办事处")
    proposal = decisions.proposal_submit(
        actor=clerk, office=office, assessment=assessment_of(office), disposition="revoke"
    )

    def accept():
        from zhuban.decision.models import Proposal

        return decisions.proposal_accept(actor=officer, proposal=Proposal.objects.get(pk=proposal.pk))

    results = run_together(accept, accept, accept)
    assert sum(isinstance(r, ValidationError) for r in results) == 2
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert AuditEntry.objects.filter(action="proposal.accept").count() == 1


def test_four_writers_incrementing_with_retry_lose_no_update_and_keep_the_chain(world):
    clerk = ensure_persona("tongcheng_clerk")
    office_id = Office.objects.get(name="通城县人民政府驻武汉办事处").pk
    start = Office.objects.get(pk=office_id).headcount

    def increment_25_times():
        done = 0
        while done < 25:
            office = Office.objects.select_related("sponsor", "jurisdiction").get(pk=office_id)
            try:
                registry.office_update(actor=clerk, office=office, values={"headcount": office.headcount + 1})
            except StaleVersionError:
                continue  # someone else saved first: read again and retry, as a person would
            done += 1
        return done

    assert run_together(*[increment_25_times] * 4) == [25, 25, 25, 25]
    assert Office.objects.get(pk=office_id).headcount == start + 100
    checked, broken = verify_chain()
    assert broken is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time by design")
def test_a_long_import_in_one_county_does_not_hold_up_a_one_row_edit_in_another(world):
    """Each jurisdiction has its own audit chain: the import holds 通城县's head until it
    commits, and 崇阳县's clerk, whose entry joins 崇阳县's chain, never waits for it."""
    tongcheng, chongyang = ensure_persona("tongcheng_clerk"), ensure_persona("chongyang_clerk")
    written, edited = threading.Event(), threading.Event()

    def long_import():
        with transaction.atomic():
            office = Office.objects.select_related("sponsor", "jurisdiction").get(name="通城县人民政府驻武汉办事处")
            for headcount in range(1, 51):
                registry.office_update(actor=tongcheng, office=office, values={"headcount": headcount})
            items = [
                AuditItem("office.update", office, office, office.jurisdiction.path, office.sponsor_id, None, {"n": n})
                for n in range(2000)
            ]
            audit_record_many(actor=tongcheng, items=items)
            written.set()
            # Still open: the edit in the other county must finish before this commits.
            return edited.wait(timeout=20)

    def one_row_edit():
        assert written.wait(timeout=60)
        office = Office.objects.select_related("sponsor", "jurisdiction").get(name="崇阳县人民政府驻武汉联络处")
        registry.office_update(actor=chongyang, office=office, values={"headcount": office.headcount + 1})
        edited.set()

    finished_while_open, _ = run_together(long_import, one_row_edit)
    assert finished_while_open is True
    assert verify_chain() == (AuditEntry.objects.count(), None)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time by design")
def test_two_readings_of_a_stale_city_refresh_it_in_turn_and_the_newer_result_stands(world):
    """A reading that assessed the city before a clerk's edit must not store its result over the
    result of a reading that came after the edit."""
    from unittest import mock

    from zhuban.decision import queries as decision_queries
    from zhuban.org.queries import campaign_root

    clerk = ensure_persona("tongcheng_clerk")
    name = "通城县人民政府驻长沙联络处"
    first_assessed, second_done = threading.Event(), threading.Event()
    real = decision_queries.assess_city
    slow = threading.local()

    def assess(root, **kwargs):
        results = real(root, **kwargs)
        if getattr(slow, "on", False):
            first_assessed.set()
            second_done.wait(timeout=3)  # the second reading, if it is not held up, stores first
        return results

    def office():
        return Office.objects.select_related("sponsor", "jurisdiction").get(name=name)

    def first_reading():
        slow.on = True
        return decision_queries.assessment_of(office())

    def edit_then_second_reading():
        assert first_assessed.wait(timeout=60)
        registry.office_update(actor=clerk, office=office(), values={"counterpart_assistance": True})
        result = decision_queries.assessment_of(office())
        second_done.set()
        return result

    registry.office_update(actor=clerk, office=office(), values={"headcount": office().headcount + 1})
    with mock.patch("zhuban.decision.queries.assess_city", side_effect=assess):
        _, second = run_together(first_reading, edit_then_second_reading)
    fresh = real(campaign_root(office().jurisdiction))[office().pk]
    assert second == fresh
    assert decision_queries.assessment_of(office()) == fresh
