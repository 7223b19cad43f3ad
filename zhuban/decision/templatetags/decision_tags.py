from django import template
from django.utils.translation import gettext_lazy as _

from zhuban.decision.models import Disposition

register = template.Library()

VIOLATIONS = {
    "new_office": _("违规新设"),
    "retained_after_deadline": _("逾期保留"),
}


@register.filter
def disposition_label(value: str) -> str:
    try:
        return Disposition(value).label
    except ValueError:
        return value


@register.filter
def violation_label(value: str) -> str:
    return VIOLATIONS.get(value, value)
