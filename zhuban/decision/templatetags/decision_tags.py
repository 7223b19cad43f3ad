from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.utils.translation import gettext_lazy as _

from zhuban.decision.models import Disposition
from zhuban.policy.policy_settings import SETTING_SPECS, SettingSpec
from zhuban.ui.formatting import BLANK, format_date

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


@register.filter
def setting_value(value: Any, spec: SettingSpec) -> StrOrPromise:
    """A setting's value as a reader says it: a choice by its label (“彼此相邻的省区”, never
    ``mutual``), yes or no for a switch (是 / 否, never True), a date as a date; unset is —."""
    if value is None or value == "":
        return BLANK
    if spec.kind == "bool":
        return _("是") if value else _("否")
    if spec.kind == "choice" and value in spec.choices and spec.choice_labels:
        return _(spec.choice_labels[spec.choices.index(value)])
    if spec.kind == "date":
        return format_date(value)
    return str(value)
