"""The facts the registry gives the engine: the approved decisions and the city's own units,
read in a fixed number of queries whatever the number of offices and decisions."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhuban.decision import queries
from zhuban.decision.models import Proposal
from zhuban.decision.tests.test_workflow import CITY_WUHAN, TONGCHENG_WUHAN, approve_city, propose, review
from zhuban.org.models import Jurisdiction

pytestmark = pytest.mark.django_db

AFTER_DEADLINE = date(2015, 10, 1)


def _approve(as_persona, office, disposition, clerk="tongcheng_clerk"):
    city = as_persona("city_officer")
    propose(as_persona(clerk), office, disposition=disposition)
    proposal = Proposal.objects.get(office=office)
    review(city, proposal, "accept")
    approve_city(city, proposal)


def _city():
    return Jurisdiction.objects.get(code="421200")


def test_an_approved_revocation_not_carried_out_by_the_deadline_is_retained_after_deadline(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    assert "retained_after_deadline" not in queries.assessment_of(office, as_of=AFTER_DEADLINE).violations
    _approve(as_persona, office, "revoke")
    result = queries.assessment_of(office, as_of=AFTER_DEADLINE)
    assert "retained_after_deadline" in result.violations
    assert "经批准应予撤销" in result.explanation


def test_the_whole_registry_reading_flags_the_same_office(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    _approve(as_persona, office, "revoke")
    assert "retained_after_deadline" in queries.assess_registry(as_of=AFTER_DEADLINE)[office.pk].violations


def test_an_approved_retention_is_never_late(as_persona, office_of):
    office = office_of(CITY_WUHAN)
    city = as_persona("city_officer")
    propose(city, office, disposition="retain")
    proposal = Proposal.objects.get(office=office)
    review(city, proposal, "accept")
    approve_city(city, proposal)
    assert "retained_after_deadline" not in queries.assessment_of(office, as_of=AFTER_DEADLINE).violations


def test_the_engine_is_told_the_citys_own_counties_from_the_jurisdiction_tree():
    campaign = queries.campaign_of(_city())
    assert campaign.city == "咸宁市"
    assert {"通城县", "崇阳县", "赤壁市", "咸宁高新区"} <= campaign.counties
    assert "岳阳县" not in campaign.counties


def _queries_of(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_assessment_queries_do_not_grow_with_approved_decisions(as_persona, office_of):
    root = _city()
    before_city = _queries_of(lambda: queries.assess_city(root, as_of=AFTER_DEADLINE))
    before_all = _queries_of(lambda: queries.assess_registry(as_of=AFTER_DEADLINE))
    _approve(as_persona, office_of(TONGCHENG_WUHAN), "revoke")
    _approve(as_persona, office_of("崇阳县人民政府驻武汉联络处"), "revoke", clerk="chongyang_clerk")
    assert _queries_of(lambda: queries.assess_city(root, as_of=AFTER_DEADLINE)) == before_city
    assert _queries_of(lambda: queries.assess_registry(as_of=AFTER_DEADLINE)) == before_all


def test_the_office_panel_shows_the_settings_its_result_rests_on(as_persona, office_of):
    from django.urls import reverse

    office = office_of("咸宁市人民政府驻长沙联络处")
    body = as_persona("city_officer").get(reverse("decision:office_panel", args=[office.pk])).content.decode()
    assert "所依据的设置" in body
    assert "“临近省区”的含义" in body and "本省" in body
