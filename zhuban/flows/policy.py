"""What follows from the policy app's events, and what the engine's stored results follow."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from zhuban.campaign.services import requirements_follow_settings
from zhuban.decision.services import assessments_changed, assessments_changed_in
from zhuban.org.models import Jurisdiction
from zhuban.policy import events
from zhuban.policy.policy_settings import PolicySettings
from zhuban.registry import events as registry_events


@receiver(events.policy_settings_changed, dispatch_uid="flows.dates_follow_settings")
def dates_follow_settings(*, root: Jurisdiction, settings: PolicySettings, actor: Any, **_kwargs: Any) -> None:
    """A date setting is the one source of the campaign's deadline bound to it: the requirement's
    date follows, so every page, reminder and violation check reads the same date."""
    requirements_follow_settings(actor=actor, root=root, settings=settings)


@receiver(events.policy_settings_changed, dispatch_uid="flows.assessments_follow_settings")
def assessments_follow_settings(*, root: Jurisdiction, **_kwargs: Any) -> None:
    """The engine reads the root's settings: its offices' stored assessments are stale."""
    assessments_changed(root_paths=[root.path])


@receiver(registry_events.office_facts_changed, dispatch_uid="flows.assessments_follow_offices")
def assessments_follow_offices(*, jurisdiction_ids: list[int], **_kwargs: Any) -> None:
    """An office's facts changed: every office of its root may be judged differently (二(二)2
    groups them, 二(一) merges county offices into the city's), so the root's stored
    assessments are stale."""
    assessments_changed_in(jurisdiction_ids=jurisdiction_ids)
