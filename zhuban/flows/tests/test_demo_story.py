"""The demo's campaign is the demo's real state: a newcomer who opens the dashboard sees the
same story as the registry, the decisions and the dossiers tell, each figure counted here
independently, from those models."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from zhuban.campaign import clock
from zhuban.campaign.models import Campaign, Requirement, SubmissionEvent
from zhuban.consolidation.models import Dossier
from zhuban.decision.models import Decision, Proposal
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Office

pytestmark = pytest.mark.django_db

STORY_DATE = date(2015, 8, 15)


@pytest.fixture
def story(db):
    call_command("load_demo_consolidation", verbosity=0)
    call_command("load_demo_campaign", opens_on_story_date=True, verbosity=0)
    return Campaign.objects.select_related("jurisdiction").get(is_default=True)


def expected_proposals(jurisdiction: Jurisdiction, on: date, due: date) -> str:
    """Worked out from the registry and the decisions alone."""
    end = clock.end_of(on)
    offices = Office.objects.filter(jurisdiction=jurisdiction)
    proposed = {p.office_id for p in Proposal.objects.filter(office__in=offices, submitted_at__lt=end)}
    approved = {
        d.office_id
        for d in Decision.objects.filter(office__in=offices, status=Decision.Status.APPROVED)
        if (d.province_approved_on or d.city_approved_on) <= on
    }
    ids = set(offices.values_list("id", flat=True))
    if ids and approved == ids:
        return "accepted"
    if ids and proposed == ids:
        return "submitted"
    state = "in_progress" if proposed else "not_started"
    return "overdue" if on > due else state


def test_a_newcomer_opens_the_dashboard_on_the_story_date_and_it_agrees_with_the_work(as_persona, story):
    response = as_persona("city_officer").get(reverse("campaign:dashboard"))
    assert response.context["as_of"] == STORY_DATE
    board = response.context["board"]
    assert "2015年8月15日" in response.content.decode().split('id="as-of-banner"')[1].split("</p>")[0]
    proposals = story.requirements.get(code=Requirement.Code.PROPOSALS)
    column = [c.requirement.pk for c in board.columns].index(proposals.pk)
    due = board.columns[column].deadline.effective
    for row in board.rows:
        jurisdiction = Jurisdiction.objects.get(pk=row.jurisdiction_id)
        assert row.cells[column].status == expected_proposals(jurisdiction, STORY_DATE, due), row.name
    # The office breakdowns count what the decisions, the dossiers and the registry hold.
    breakdowns = {b.key: {v: n for v, _label, n in b.items} for b in board.breakdowns}
    offices = Office.objects.filter(jurisdiction__path__startswith=story.jurisdiction.path)
    assert breakdowns["registry_status"]["revoked"] == offices.filter(status="revoked").count() == 1
    assert breakdowns["consolidation"]["closed"] == Dossier.objects.filter(closed_on__lte=STORY_DATE).count() == 1
    assert breakdowns["consolidation"]["open"] == Dossier.objects.filter(status="open").count()
    live = Decision.objects.exclude(status=Decision.Status.REVOKED).filter(city_approved_on__lte=STORY_DATE)
    assert breakdowns["disposition"]["revoke"] == live.filter(disposition="revoke").count()
    assert breakdowns["disposition"]["undecided"] == offices.count() - live.count()


def test_every_step_of_the_story_has_happened_by_the_day_it_opens_on(story):
    end = clock.end_of(STORY_DATE)
    assert not SubmissionEvent.objects.filter(submission__campaign=story, at__gte=end).exists()
    assert not Proposal.objects.filter(submitted_at__gte=end).exists()
    assert not Dossier.objects.filter(closed_on__gt=STORY_DATE).exists()
    # The special report counted as submitted is the one reported from its page (通城县's).
    reported = SubmissionEvent.objects.filter(
        submission__campaign=story, submission__requirement__code="consolidation_report", kind="submitted"
    )
    assert list(reported.values_list("submission__jurisdiction__name", flat=True)) == ["通城县"]


def test_loading_the_story_twice_changes_nothing(story):
    counts = (Proposal.objects.count(), Decision.objects.count(), SubmissionEvent.objects.count())
    call_command("load_demo_consolidation", verbosity=0)
    call_command("load_demo_campaign", opens_on_story_date=True, verbosity=0)
    assert (Proposal.objects.count(), Decision.objects.count(), SubmissionEvent.objects.count()) == counts
