"""The template asks the chokepoint the same question as the view.

``{% can "decision.review" proposal as may_review %}`` is True when the signed-in user holds the
capability on that object (or, without one, anywhere); ``{% who_acts "decision.review" %}``
says who performs it when the user cannot ("由市机关事务管理局审核精简整合意见").
"""

from __future__ import annotations

from django import template

from zhuban.org import access, capabilities

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def can(context, action: str, obj=None) -> bool:
    return access.can(_user(context), action, obj)


@register.simple_tag
def who_acts(action: str) -> str:
    return capabilities.who_acts(action)
