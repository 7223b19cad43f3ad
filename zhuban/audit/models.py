"""The audit trail: append-only, hash-chained entries written in the same transaction as the change."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ARG002 - refuse, whatever is asked
        raise AppendOnlyError("audit entries are append-only")

    def delete(self):
        raise AppendOnlyError("audit entries are append-only")


# How an entry written by the system (a command, a scheduled run) labels its actor.
SYSTEM_PREFIX = "system:"


class AuditEntry(models.Model):
    # The trail's order over every chain, from the table's own sequence on PostgreSQL (taking a
    # number waits for nobody). It has gaps: a rolled-back write leaves its numbers unused.
    seq = models.BigIntegerField(_("序号"), unique=True)
    # The chain the entry is linked into (chain.chain_of: its jurisdiction's code) and its
    # position there, gapless: each chain's head row serialises that chain's appends only.
    # Entries of the closed legacy chain have no link; their seq is their position.
    chain = models.CharField(_("链"), max_length=40, default="", blank=True)
    link = models.PositiveBigIntegerField(_("链内序号"), null=True, blank=True)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("操作人")
    )
    # Kept beside the foreign key so the entry stays readable (and its hash checkable) whatever
    # later happens to the account.
    actor_label = models.CharField(_("操作人"), max_length=150)
    action = models.CharField(_("操作"), max_length=60, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=60)
    object_id = models.CharField(_("对象编号"), max_length=40)
    object_label = models.CharField(_("对象"), max_length=255)
    # The record whose history this entry belongs to (an office for its assets and staff).
    subject_type = models.CharField(_("主体类型"), max_length=60)
    subject_id = models.CharField(_("主体编号"), max_length=40)
    # Scope of the entry, so the trail is filtered by the same chokepoint as everything else.
    jurisdiction_path = models.CharField(_("行政区划路径"), max_length=255, db_index=True)
    unit_id = models.BigIntegerField(_("单位编号"), null=True, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)
    # Which fields the hash covers (zhuban/audit/chain.py). Entries written before schemes
    # existed are scheme 1 and keep it; new entries are written with the current scheme.
    scheme = models.PositiveSmallIntegerField(_("哈希方案"), default=1)

    objects = AuditEntryQuerySet.as_manager()

    scope_fields = ("jurisdiction_path", "unit_id")
    # The path is frozen in the hash: entries written before the tree moved keep the old key.
    scope_stored_paths = True

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "-seq"], name="audit_subject_idx"),
            models.Index(fields=["chain", "seq"], name="audit_chain_seq_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["chain", "link"], name="audit_chain_link_unique")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries are append-only")

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        return entry_changes(self)

    @property
    def actor_shown(self) -> str:
        """Who acted, as a person reads it: the account's full name (the label kept in the entry
        when the account has none, or is gone), and the system for scheduled and command runs,
        whose label names the command."""
        if self.actor_label.startswith(SYSTEM_PREFIX):
            return str(_("系统"))
        if self.actor is not None:
            return self.actor.get_full_name() or self.actor_label
        return self.actor_label

    @property
    def action_label(self) -> str:
        from zhuban.audit.actions import label_of

        return label_of(self.action)


class ChainHead(models.Model):
    """One row per chain: its last entry's link and hash. Locking it serialises that chain's
    appends on PostgreSQL, and no other chain's; SQLite's IMMEDIATE transactions serialise
    writers already. ``mac`` signs (chain, link, hash) with ``AUDIT_ANCHOR_KEY``, which the
    database never holds; database triggers let a head only move forward along its own chain,
    onto an entry that exists."""

    chain = models.CharField(max_length=40, unique=True, default="")
    link = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
    mac = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("审计链头")

    def __str__(self) -> str:
        return f"{self.chain or '—'} #{self.link} {self.hash[:12]}"


class Checkpoint(models.Model):
    """Where ``audit_verify`` last found a chain intact: the entry's position, seq and hash, when,
    signed with ``AUDIT_ANCHOR_KEY``. The next run starts there; ``--full`` starts from the
    first entry again. One row per chain, replaced by each run that finds the chain intact."""

    chain = models.CharField(max_length=40, unique=True)
    link = models.BigIntegerField()
    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    verified_at = models.DateTimeField()
    mac = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("审计核验点")

    def __str__(self) -> str:
        return f"{self.chain or '—'} #{self.link} {self.verified_at:%Y-%m-%d %H:%M}"


def _display(value):
    if isinstance(value, dict) and "label" in value:
        return value["label"]
    if value is None or value == "":
        return "—"
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    return value


def entry_changes(entry: AuditEntry) -> list[tuple[str, object, object]]:
    """(field label, before, after) for display, labels from the changed model's fields."""
    try:
        model = apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        model = None
    before, after = entry.before or {}, entry.after or {}
    rows = []
    for name in list(after) + [k for k in before if k not in after]:
        label = name
        if model is not None:
            try:
                field = model._meta.get_field(name)
                label = field.verbose_name
                if field.choices:
                    choices = dict(field.flatchoices)
                    before = {**before, name: choices.get(before.get(name), before.get(name))}
                    after = {**after, name: choices.get(after.get(name), after.get(name))}
            except FieldDoesNotExist:
                pass
        rows.append((label, _display(before.get(name)) if entry.before else None, _display(after.get(name))))
    return rows
