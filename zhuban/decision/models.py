"""Proposals (精简整合意见) and decisions, kept apart: who proposed, who reviewed, who approved.

A jurisdiction proposes a disposition for each office (the engine's, or another with a written
reason); the city's offices administration reviews it (accept, or return with comments); the
city government's approval, and for the Wuhan office also the province's, is recorded with its
document number, date and file. Editing the office afterwards flags the decision for
re-approval: the decision remembers the office version it was made on.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhuban.policy import facts
from zhuban.registry.models import Office


class Disposition(models.TextChoices):
    REVOKE = "revoke", _("撤销")
    MERGE = "merge", _("整合")
    RETAIN = "retain", _("保留")
    REVIEW = "review", _("待人工审查")


# The dispositions that a consolidation dossier carries out: the policy's one rule, as this
# app's choices (read by ``needs_dossier`` and every count of decisions awaiting a dossier).
DOSSIER_DISPOSITIONS = tuple(Disposition(d.value) for d in sorted(facts.DOSSIER_DISPOSITIONS))

# What a person may propose: "review" is the engine saying it cannot decide, never an outcome.
PROPOSABLE = [c for c in Disposition.choices if c[0] != Disposition.REVIEW]


class Proposal(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已报送")
        RETURNED = "returned", _("已退回")
        ACCEPTED = "accepted", _("审核通过")
        SUPERSEDED = "superseded", _("已被新意见取代")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("办事机构"))
    disposition = models.CharField(_("处置意见"), max_length=10, choices=PROPOSABLE)
    merge_into = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("并入机构")
    )
    follows_engine = models.BooleanField(_("采纳系统建议"))
    reason = models.TextField(_("理由"), blank=True)
    # The engine's result when the proposal was made: disposition, clauses, explanation.
    engine = models.JSONField(_("系统建议"))
    office_version = models.PositiveIntegerField(_("机构信息版本"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("报送人")
    )
    submitted_at = models.DateTimeField(_("报送时间"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comments = models.TextField(_("审核意见"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = ("office__jurisdiction__path", "office__sponsor_id", "office")

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("精简整合意见")
        verbose_name_plural = _("精简整合意见")
        constraints = [
            # At most one live proposal per office: a new one supersedes the last.
            models.UniqueConstraint(
                fields=["office"],
                condition=models.Q(status__in=["submitted", "accepted"]),
                name="decision_one_live_proposal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} · {self.get_disposition_display()}"


class Decision(models.Model):
    class Status(models.TextChoices):
        AWAITING_PROVINCE = "awaiting_province", _("待省政府批准")
        APPROVED = "approved", _("已批准")
        REVOKED = "revoked", _("已作废")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("办事机构"))
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="decision", verbose_name=_("意见"))
    disposition = models.CharField(_("处置决定"), max_length=10, choices=PROPOSABLE)
    merge_into = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("并入机构")
    )
    # Empty when the approved proposal deviated from the engine: then it rests on its reason.
    clauses = models.JSONField(_("依据条款"), default=list, blank=True)
    city_document = models.CharField(_("市政府批准文号"), max_length=100)
    city_approved_on = models.DateField(_("市政府批准日期"))
    city_file = models.FileField(_("市政府批准文件"), upload_to="approvals/%Y/", blank=True)
    city_file_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    province_required = models.BooleanField(_("须省政府批准"), default=False)
    province_document = models.CharField(_("省政府批准文号"), max_length=100, blank=True)
    province_approved_on = models.DateField(_("省政府批准日期"), null=True, blank=True)
    province_file = models.FileField(_("省政府批准文件"), upload_to="approvals/%Y/", blank=True)
    province_file_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices)
    office_version = models.PositiveIntegerField(_("机构信息版本"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("录入人")
    )
    recorded_at = models.DateTimeField(_("录入时间"))
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = ("office__jurisdiction__path", "office__sponsor_id", "office")

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("处置决定")
        verbose_name_plural = _("处置决定")

    def __str__(self) -> str:
        return f"{self.office} · {self.get_disposition_display()}"

    @property
    def needs_dossier(self) -> bool:
        """Whether this decision, as it stands, is carried out by a consolidation dossier: an
        approved revocation or merger. The one predicate; querysets use ``needing_dossier()``."""
        return self.status == self.Status.APPROVED and self.disposition in DOSSIER_DISPOSITIONS


def needing_dossier() -> Q:
    """``Decision.needs_dossier`` as a filter, for counts and lists in SQL."""
    return Q(status=Decision.Status.APPROVED, disposition__in=DOSSIER_DISPOSITIONS)


class StoredAssessment(models.Model):
    """The engine's result for one office in one language (its explanation is a sentence), kept
    so that an office's page reads one row instead of assessing its whole root: the engine must
    see every office of the root to group them (二(二)2), which grows with the root.

    A row stands while it was computed on the day asked for, under the root the office now
    belongs to, and no ``AssessmentChange`` of that root is pending; otherwise the whole root is
    assessed again and every row of it replaced (``decision.services.assessments_refresh``).
    Derived data, recomputed from the registry at will: it carries no history of its own."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=10)
    root_path = models.CharField(max_length=255, db_index=True)
    as_of = models.DateField()
    result = models.JSONField()
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("存储的研判结果")
        constraints = [
            models.UniqueConstraint(fields=["office", "language"], name="decision_stored_assessment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.language} {self.as_of}"

    @staticmethod
    def result_of(assessment: facts.Assessment) -> dict:
        """The result as JSON holds it (tuples as lists), so a stored one compares equal."""
        result = {name: getattr(assessment, name) for name in ASSESSMENT_FIELDS}
        for name in ASSESSMENT_TUPLES:
            result[name] = list(result[name])
        return result

    @property
    def assessment(self) -> facts.Assessment:
        values = {name: self.result[name] for name in ASSESSMENT_FIELDS}
        for name in ASSESSMENT_TUPLES:
            values[name] = tuple(values[name])
        return facts.Assessment(**values)


ASSESSMENT_FIELDS = tuple(f.name for f in dataclass_fields(facts.Assessment))
# Stored as JSON lists, read back as the tuples the engine returns.
ASSESSMENT_TUPLES = ("clauses", "violations", "considered", "settings_used")


class AssessmentChange(models.Model):
    """A write changed what the offices of a root are assessed on (an office's facts, an
    approved decision, the root's policy settings), in the write's own transaction. Inserted,
    never updated, so writers in one root never wait for each other here; the next reading of
    the root's assessments recomputes them and removes the changes it saw."""

    root_path = models.CharField(max_length=255, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("研判输入变更")

    def __str__(self) -> str:
        return f"{self.root_path} {self.created_at:%Y-%m-%d %H:%M:%S}"
