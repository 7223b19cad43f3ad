"""What follows from the policy app's events."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from zhuban.campaign.services import requirements_follow_settings
from zhuban.org.models import Jurisdiction
from zhuban.policy import events
from zhuban.policy.policy_settings import PolicySettings


@receiver(events.policy_settings_changed, dispatch_uid="flows.dates_follow_settings")
def dates_follow_settings(*, root: Jurisdiction, settings: PolicySettings, actor: Any, **_kwargs: Any) -> None:
    """A date setting is the one source of the campaign's deadline bound to it: the requirement's
    date follows, so every page, reminder and violation check reads the same date."""
    requirements_follow_settings(actor=actor, root=root, settings=settings)
