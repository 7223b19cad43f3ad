"""The annual public disclosure of official reception spending (二(四)2: 每年公开接待经费预决算、
接待场所、接待项目等情况，接受社会监督).

One row is one version of one year's disclosure, either of a retained office or of a
jurisdiction as a whole (the roll-up of its retained offices, ``office`` empty). A version keeps
its own copy of the figures, drawn from the recorded receptions and the office's accounts when it
was drafted, so the public pages read a few stored rows and never add up receptions. A published
version is never edited: a correction is a new version that says what changed and why; the
version it replaces is then superseded and stays on the public page, marked so.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhuban.lib.money import MoneyField
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Office

# The items the 2013 rules name for a reception (《党政机关国内公务接待管理规定》: 住宿、用餐、
# 交通), and what fits none of them; the figures' columns in this order on every page and file.
ITEMS = ("meals", "lodging", "transport", "other")


def money(label: Any) -> MoneyField:
    return MoneyField(label, max_digits=18, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)])


class Disclosure(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草拟中")
        SUBMITTED = "submitted", _("待审核")
        REVIEWED = "reviewed", _("待批准")
        APPROVED = "approved", _("待发布")
        PUBLISHED = "published", _("已公开")
        SUPERSEDED = "superseded", _("已被更正版本取代")

    # A version is being worked on in these states; at most one per office (or roll-up) and year.
    OPEN = ("draft", "submitted", "reviewed", "approved")
    # What the public ever sees.
    PUBLIC = ("published", "superseded")

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name=_("行政区划")
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures",
        verbose_name=_("办事机构"),
        help_text=_("空：本行政区划保留驻外机构的汇总。"),
    )
    # "o<office id>" or "j<jurisdiction id>" (a roll-up): what the constraints below count by.
    subject = models.CharField(max_length=20, editable=False)
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)

    # The figures, as drawn (integer fen in the database, lib/money.py).
    receptions = models.PositiveIntegerField(_("接待批次"), default=0)
    visitors = models.PositiveIntegerField(_("接待人次"), default=0)
    meals = money(_("用餐费（元）"))
    lodging = money(_("住宿费（元）"))
    transport = money(_("交通费（元）"))
    other = money(_("其他费用（元）"))
    total = money(_("接待费用合计（元）"))
    venues = models.JSONField(_("接待场所"), default=list, blank=True)
    budget = MoneyField(_("公务接待费预算（元）"), max_digits=18, decimal_places=2, null=True, blank=True)
    final = MoneyField(_("公务接待费决算（元）"), max_digits=18, decimal_places=2, null=True, blank=True)
    offices_count = models.PositiveIntegerField(_("汇总机构数"), default=1)
    figures_at = models.DateTimeField(_("数据汇总时间"))

    notes = models.TextField(_("公开说明"), blank=True, help_text=_("向社会公开，请勿填写个人信息。"))
    # A correction (number > 1) says why; ``changes`` lists what differs from the version it
    # replaced, worked out when it is published: [{"field", "label", "before", "after"}].
    change_reason = models.TextField(_("更正原因"), blank=True)
    changes = models.JSONField(_("更正内容"), default=list, blank=True)

    # Internal only: never on a public page.
    review_comments = models.TextField(_("审核意见"), blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("起草人")
    )
    drafted_at = models.DateTimeField(_("起草时间"))
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = ("jurisdiction__path", "office__sponsor_id")

    class Meta:
        ordering = ["jurisdiction__path", "office", "-year", "-number"]
        verbose_name = _("接待经费年度公开")
        verbose_name_plural = _("接待经费年度公开")
        constraints = [
            models.UniqueConstraint(fields=["subject", "year", "number"], name="disclosure_version_number"),
            models.UniqueConstraint(
                fields=["subject", "year"],
                condition=models.Q(status__in=["draft", "submitted", "reviewed", "approved"]),
                name="disclosure_one_open_version",
            ),
            models.UniqueConstraint(
                fields=["subject", "year"], condition=models.Q(status="published"), name="disclosure_one_published"
            ),
        ]
        indexes = [
            # The public pages: a year's published rows under a jurisdiction, the latest publication.
            models.Index(fields=["status", "year"], name="disclosure_status_year"),
            models.Index(fields=["published_at"], name="disclosure_published_at"),
        ]

    def __str__(self) -> str:
        who = self.office.name if self.office_id and self.office else self.jurisdiction.name
        return _("%(who)s%(year)s年公务接待情况（第%(n)s版）") % {"who": who, "year": self.year, "n": self.number}

    def get_absolute_url(self) -> str:
        return reverse("disclosure:detail", args=[self.pk])

    @property
    def is_rollup(self) -> bool:
        return self.office_id is None

    @property
    def editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC

    def items(self) -> list[tuple[str, str, Decimal]]:
        """(code, label, amount) of each reception item, in the order of the rules."""
        return [(code, label_of(code), getattr(self, code)) for code in ITEMS]

    def change_lines(self) -> list[tuple[str, str, str]]:
        """What a correction changed, (label, before, after), labels in the reader's language."""
        lines = []
        for change in self.changes:
            before, after = change.get("before"), change.get("after")
            if isinstance(before, list) or isinstance(after, list):
                before, after = "、".join(before or []), "、".join(after or [])
            label = label_of(change["field"])
            lines.append((label, "" if before is None else str(before), "" if after is None else str(after)))
        return lines

    @property
    def over_budget(self) -> Decimal | None:
        if self.budget is None or self.final is None or self.final <= self.budget:
            return None
        return self.final - self.budget


def label_of(name: str) -> str:
    """A field's label, in the reader's language (get_field is typed to return relations too)."""
    return str(Disclosure._meta.get_field(name).verbose_name)  # type: ignore[union-attr]


def subject_of(office: Office | None, jurisdiction: Jurisdiction) -> str:
    return f"o{office.pk}" if office is not None else f"j{jurisdiction.pk}"
