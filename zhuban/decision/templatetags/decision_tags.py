from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.utils.translation import gettext_lazy as _

from zhuban.decision.models import Disposition
from zhuban.policy.policy_settings import SETTING_SPECS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

register = template.Library()

VIOLATIONS = {
    "new_office": _("违规新设"),
    "retained_after_deadline": _("逾期保留"),
}


@register.filter
def disposition_label(value: str) -> StrOrPromise:
    try:
        return Disposition(value).label
    except ValueError:
        return value


@register.filter
def violation_label(value: str) -> StrOrPromise:
    return VIOLATIONS.get(value, value)


@register.filter
def setting_label(value: str) -> StrOrPromise:
    """A setting's label in the active language, for showing the settings a result rests on."""
    spec = SETTING_SPECS.get(value)
    return _(spec.label) if spec is not None else value
