"""Fixtures for the campaign's tests: the shipped 2015 campaign (with its demo history) and a
fresh copy of it with the same dates and no history, for tests that need a clean slate."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from zhuban.audit.services import Actor
from zhuban.campaign import services
from zhuban.campaign.clock import CAMPAIGN_TZ
from zhuban.campaign.models import Campaign, Submission


def at(month: int, day: int, hour: int = 10) -> datetime:
    """A moment of 2015 in Shanghai."""
    return datetime.combine(date(2015, month, day), time(hour), tzinfo=CAMPAIGN_TZ)


@pytest.fixture
def campaign_2015(db) -> Campaign:
    return Campaign.objects.select_related("jurisdiction").get(is_default=True)


@pytest.fixture
def fresh(campaign_2015) -> Campaign:
    return services.campaign_copy(
        actor=Actor.system("test"), source=campaign_2015, name="测试工作（无历史）", issued_on=campaign_2015.issued_on
    )


@pytest.fixture
def owed():
    """``owed(campaign, "通城县", "task_force")``: the submission a jurisdiction owes."""

    def get(campaign: Campaign, jurisdiction: str, code: str) -> Submission:
        return Submission.objects.select_related("jurisdiction", "requirement", "campaign").get(
            campaign=campaign, jurisdiction__name=jurisdiction, requirement__code=code
        )

    return get
