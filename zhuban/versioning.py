"""Optimistic locking, one way for every app: a record carries ``version``; a save names the
version its user started from and is refused, with what the other person changed, when the
record has moved on since. Conditional ``UPDATE … WHERE version = n`` loses no update on either
engine (naive read-modify-write lost most of them in a four-writer test here)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.models import AuditEntry
from zhuban.inputs import NormalisedInput
from zhuban.ui.formatting import format_datetime

# A model instance with a ``version`` field. Python's types cannot say "a Model that also has this
# field" (there are no intersection types), so such instances are typed loosely here.
Versioned = Any


class StaleVersionError(ValidationError):
    """Someone else saved the record after this edit began: refuse rather than overwrite."""


def apply_values(instance: Model, values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    """Set the named fields; a name a service does not allow is a programming error."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(instance, name, value)


def stale(current: Versioned, seen: int) -> StaleVersionError:
    # A version the record never had (below 0, or past the current one) shows every change.
    since = current.version - seen if 0 <= seen <= current.version else current.version
    return StaleVersionError(
        [_("此记录已被他人修改，请刷新后重新编辑。"), *changes_since(current, since)], code="stale"
    )


def current_or_stale(instance: Versioned, expected_version: int | None) -> Versioned:
    """The stored row, refused at once when it moved on since the version the user started from.

    Checked before anything else: comparing only values would take someone else's identical
    change for "nothing to do" and silently drop this one.
    """
    current = type(instance)._default_manager.get(pk=instance.pk)
    seen = expected_version if expected_version is not None else instance.version
    if current.version != seen:
        raise stale(current, seen)
    return current


def changes_since(current: Model, saves: int) -> list[str]:
    """What the other person changed: the record's last ``saves`` trail entries, one line each
    ("王芳 于 2015年8月1日 10:00 修改：实有人数 6 → 5"), so the refused user sees what moved."""
    entries = (
        AuditEntry.objects.filter(object_type=current._meta.label_lower, object_id=str(current.pk))
        .exclude(before=None)
        .order_by("-seq")[: max(saves, 0)]
    )
    lines = []
    for entry in reversed(list(entries)):
        changes = "；".join(f"{label} {before} → {after}" for label, before, after in entry.changes)
        lines.append(
            _("%(who)s 于 %(when)s 修改：%(changes)s")
            % {"who": entry.actor_label, "when": format_datetime(entry.at), "changes": changes}
        )
    return lines


def save_versioned(instance: Versioned, expected_version: int | None, fields: tuple[str, ...] | None = None) -> None:
    """Write ``fields`` (every concrete field when None) only if the stored version is the one
    the user started from, bumping it; otherwise refuse with what changed meanwhile."""
    model = type(instance)
    seen = instance.version if expected_version is None else expected_version
    names = fields or tuple(f.attname for f in model._meta.concrete_fields if not f.primary_key)
    values = {name: getattr(instance, name) for name in names if name != "version"}
    values["version"] = F("version") + 1
    if "updated_at" in values:  # auto_now is skipped by update(): set it here
        values["updated_at"] = timezone.now()
    if not model._default_manager.filter(pk=instance.pk, version=seen).update(**values):
        raise stale(model._default_manager.get(pk=instance.pk), seen)
    instance.version = seen + 1


def insert_checked(instance: Model) -> None:
    """Insert a row its model's checks have passed, refusing a duplicate the way the checks do.

    ``full_clean()`` reads before it writes, so on PostgreSQL two identical requests at once both
    pass it and one then breaks a unique constraint. That one waited for the other's commit, so
    its checks, run again, now see the row and raise the refusal a later request gets anyway (on
    SQLite, whose IMMEDIATE transactions queue writers, always that refusal). An integrity error
    that the checks cannot explain is a real fault and is raised as it is."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        instance.validate_unique()
        instance.validate_constraints()
        raise


def version_field() -> forms.IntegerField:
    """The hidden field carrying the version an edit started from; bounded, so a forged value is
    a form error rather than a number the database cannot hold."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)


class VersionedForm(NormalisedInput, forms.ModelForm):
    """Carries the version the user started from, so a concurrent edit is refused, not overwritten.
    Its text and dates are read as the import reads them (``NormalisedInput``)."""

    version = version_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or () if name in self.cleaned_data}
