"""Every action the trail knows, collected from the apps.

Each app that records entries declares its actions in ``<app>/actions.py`` as ``class
Action(models.TextChoices)``: the code stored in the entry and its one label on screen. The
audit app sits below them all, so it imports none of them by name: it looks for an ``actions``
module in every installed app. A code declared twice is refused (one label per code), and so
is recording a code that no app declares (``zhuban.audit.services``).
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import TextChoices
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


class Action(TextChoices):
    """What the trail records about itself."""

    # Written once by migration 0003: seals the account ids of every earlier (scheme 1) entry.
    SCHEME_UPGRADE = "audit.scheme_upgrade", _("启用新的审计哈希方案")


@cache
def all_actions() -> dict[str, TextChoices]:
    """code → its enum member, across every installed app."""
    found: dict[str, TextChoices] = {}
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "actions"):
            continue
        enum = getattr(import_module(f"{config.name}.actions"), "Action", None)
        if enum is None:
            continue
        for member in enum:
            if member.value in found:
                raise ImproperlyConfigured(f"audit action {member.value!r} is declared twice: one label per code")
            found[member.value] = member
    return found


def is_known(code: str) -> bool:
    return code in all_actions()


def label_of(code: str) -> str:
    """What an action is called on screen; an unknown code (never recorded since codes are
    checked) shows as itself."""
    member = all_actions().get(code)
    return str(member.label) if member is not None else code
