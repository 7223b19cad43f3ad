"""The campaign as data: phases, the submissions each jurisdiction owes, and their history.

A campaign belongs to the jurisdiction that runs it (the city) and binds every jurisdiction of
its subtree. Its dates are data (the 2015 plan ships in a data migration, see ``reference.py``);
a new campaign is a copy with its dates shifted.

A submission's status is never stored: it is derived from its history (the last event at or
before the date asked about) and the deadline, so "overdue" cannot go stale and the campaign
can be shown as it stood on any date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhuban.campaign.codes import RequirementCode
from zhuban.lib.workdays import WorkCalendar
from zhuban.org.models import Jurisdiction, Level

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class AppliesTo(models.TextChoices):
    ALL = "all", _("市县两级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")

    def levels(self) -> tuple[str, ...]:
        return {"all": (Level.CITY, Level.COUNTY), "city": (Level.CITY,), "county": (Level.COUNTY,)}[self.value]


class Campaign(models.Model):
    name = models.CharField(_("名称"), max_length=120, unique=True)
    document = models.CharField(_("文件"), max_length=100, blank=True)
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("组织实施的政府")
    )
    issued_on = models.DateField(_("印发日期"))
    ends_on = models.DateField(_("结束日期"))
    is_default = models.BooleanField(_("默认工作"), default=False)
    # Local days off, on top of the national calendar: [{"date": "2015-10-20", "reason": "…"}].
    local_days_off = models.JSONField(_("本地休息日"), default=list, blank=True)
    reminder_working_days = models.PositiveSmallIntegerField(
        _("提前提醒的工作日数"), default=3, validators=[MaxValueValidator(30)]
    )
    # A deadline on a day off moves to the next working day (民法通则第一百五十四条).
    roll_forward = models.BooleanField(_("截止日遇休息日顺延"), default=True)
    # The date the campaign's pages open on when none is asked for: blank means today. A demo (or a
    # training copy) whose story stops on a day of the campaign opens on that day, said plainly.
    opens_on = models.DateField(
        _("默认查看日期"),
        null=True,
        blank=True,
        help_text=_("页面未指定查看日期时显示该日的状态；留空则显示今天。演示数据设为其所处的日期。"),
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("复制自")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = ("jurisdiction__path", None)

    class Meta:
        ordering = ["-issued_on", "id"]
        verbose_name = _("清理规范工作")
        verbose_name_plural = _("清理规范工作")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="campaign_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaign:campaign_dashboard", args=[self.pk])

    def local_days_off_dates(self) -> frozenset[date]:
        return frozenset(date.fromisoformat(item["date"]) for item in self.local_days_off or [])

    def default_as_of(self, today: date) -> date:
        """The date its pages show when none is asked for."""
        return self.opens_on or today

    def work_calendar(self) -> WorkCalendar:
        return WorkCalendar(extra_days_off=self.local_days_off_dates())

    def clean(self) -> None:
        errors: dict[str, list[StrOrPromise]] = {}
        if self.issued_on and self.ends_on and self.ends_on < self.issued_on:
            errors.setdefault("ends_on", []).append(_("结束日期不能早于印发日期。"))
        for item in self.local_days_off or []:
            try:
                date.fromisoformat(item["date"])
            except (KeyError, TypeError, ValueError):
                errors.setdefault("local_days_off", []).append(_("本地休息日的日期无法识别：%(item)s") % {"item": item})
        if errors:
            raise ValidationError(errors)


class Phase(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases", verbose_name=_("工作"))
    code = models.SlugField(_("代码"), max_length=30)
    name = models.CharField(_("名称"), max_length=60)
    # The plan's three stages contain steps: 清理规范阶段 holds 核实登记, 精简整合 and 建章立制.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="steps", verbose_name=_("所属阶段")
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    clause = models.CharField(_("方案条款"), max_length=20, blank=True)
    note = models.TextField(_("说明"), blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = ("campaign__jurisdiction__path", None)

    class Meta:
        ordering = ["campaign", "order", "starts_on", "id"]
        verbose_name = _("阶段")
        verbose_name_plural = _("阶段")
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="campaign_phase_unique_code")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})


@dataclass(frozen=True)
class Deadline:
    """A requirement's dates as the calendar makes them."""

    stated: date  # the date the campaign sets (for 附表一: 2015-07-31)
    plan: date | None  # the plan's own wording when it differs (附表一: 6月30日)
    effective: date  # ``stated``, moved to the next working day when it is a day off
    reminder_on: date  # ``reminder_working_days`` working days before ``effective``

    @property
    def moved(self) -> bool:
        return self.effective != self.stated


class Requirement(models.Model):
    """A submission every jurisdiction of the campaign (of the given levels) owes by a date."""

    # The codes other apps use to find the submission they complete (zhuban/campaign/codes.py).
    Code = RequirementCode

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("工作")
    )
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="requirements", verbose_name=_("阶段"))
    code = models.SlugField(_("代码"), max_length=30)
    name = models.CharField(_("名称"), max_length=60)
    description = models.TextField(_("内容"), blank=True)
    clause = models.CharField(_("方案条款"), max_length=20, blank=True)
    applies_to = models.CharField(_("报送主体"), max_length=10, choices=AppliesTo.choices, default=AppliesTo.ALL)
    due_on = models.DateField(_("截止日期"))
    # The policy setting this date is (codes.DATE_SETTINGS), or blank when the campaign owns it.
    date_setting = models.CharField(_("日期取自政策设置"), max_length=40, blank=True, editable=False)
    plan_due_on = models.DateField(_("方案原定日期"), null=True, blank=True)
    due_note = models.TextField(_("日期说明"), blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = ("campaign__jurisdiction__path", None)

    class Meta:
        ordering = ["campaign", "order", "due_on", "id"]
        verbose_name = _("应报事项")
        verbose_name_plural = _("应报事项")
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="campaign_requirement_unique_code")]

    def __str__(self) -> str:
        return self.name

    def deadline(self, calendar: WorkCalendar, *, roll_forward: bool, reminder_working_days: int) -> Deadline:
        effective = calendar.next_working_day(self.due_on) if roll_forward else self.due_on
        return Deadline(
            stated=self.due_on,
            plan=self.plan_due_on if self.plan_due_on != self.due_on else None,
            effective=effective,
            reminder_on=calendar.working_days_before(effective, reminder_working_days),
        )


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("填报中")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已通过")
    OVERDUE = "overdue", _("已逾期")


# Work still owed by the jurisdiction: these become "overdue" once the deadline has passed.
# (Plain strings, not enum members: these are looked up once per submission on the dashboard,
# and an enum member's hash is a Python-level call.)
OPEN = frozenset({Status.NOT_STARTED.value, Status.IN_PROGRESS.value, Status.RETURNED.value})


def derive_status(state: str, due: date, as_of: date) -> str:
    """The status shown: the workflow state, or "overdue" when work is still owed after ``due``."""
    if state in OPEN and as_of > due:
        return Status.OVERDUE.value
    return state


class Submission(models.Model):
    """One jurisdiction's obligation to submit one requirement. Its status lives in its events."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("工作"))
    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("应报事项")
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("报送单位")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope_fields = ("jurisdiction__path", None)

    class Meta:
        ordering = ["jurisdiction__path", "requirement__order"]
        verbose_name = _("报送事项")
        verbose_name_plural = _("报送事项")
        constraints = [
            models.UniqueConstraint(fields=["requirement", "jurisdiction"], name="campaign_submission_unique"),
        ]
        indexes = [models.Index(fields=["campaign", "jurisdiction"], name="campaign_sub_campaign_jur")]

    def __str__(self) -> str:
        return f"{self.jurisdiction} · {self.requirement}"

    def get_absolute_url(self) -> str:
        return reverse("campaign:submission_detail", args=[self.pk])


class SubmissionEvent(models.Model):
    """One step of a submission's history. Append-only: the status as of a date is the last
    event at or before that date."""

    class Kind(models.TextChoices):
        STARTED = "started", _("开始填报")
        SUBMITTED = "submitted", _("报送")
        RETURNED = "returned", _("退回")
        ACCEPTED = "accepted", _("审核通过")

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="events", verbose_name=_("报送事项")
    )
    kind = models.CharField(_("事件"), max_length=10, choices=Kind.choices)
    # When it happened. Normally now; a paper report received earlier is recorded at its date.
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_label = models.CharField(_("操作人"), max_length=150)
    comment = models.TextField(_("说明"), blank=True)
    document = models.CharField(_("文号"), max_length=100, blank=True)
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    scope_fields = ("submission__jurisdiction__path", None)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("报送记录")
        verbose_name_plural = _("报送记录")
        indexes = [models.Index(fields=["submission", "at"], name="campaign_event_sub_at")]

    def __str__(self) -> str:
        return f"{self.submission} · {self.get_kind_display()}"


STATE_AFTER = {
    SubmissionEvent.Kind.STARTED.value: Status.IN_PROGRESS.value,
    SubmissionEvent.Kind.SUBMITTED.value: Status.SUBMITTED.value,
    SubmissionEvent.Kind.RETURNED.value: Status.RETURNED.value,
    SubmissionEvent.Kind.ACCEPTED.value: Status.ACCEPTED.value,
}


def state_after(kind: str | None) -> str:
    """The workflow state left by the last event (no event: not started)."""
    return STATE_AFTER[kind] if kind else Status.NOT_STARTED.value


class TaskForce(models.Model):
    """工作专班 (三(一), 四(一)): what a jurisdiction reports for the task_force requirement."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="task_force", verbose_name=_("报送事项")
    )
    lead_name = models.CharField(_("专班负责人"), max_length=50)
    lead_post = models.CharField(_("负责人职务"), max_length=100)
    members = models.TextField(_("专班成员"), help_text=_("每行一人：姓名、单位及职务。"))
    contact_name = models.CharField(_("联络员"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=50)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    document = models.CharField(_("成立文件文号"), max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = ("submission__jurisdiction__path", None)

    class Meta:
        verbose_name = _("工作专班")
        verbose_name_plural = _("工作专班")

    def __str__(self) -> str:
        return f"{self.submission.jurisdiction} · {_('工作专班')}"

    def member_lines(self) -> list[str]:
        return [line.strip() for line in self.members.splitlines() if line.strip()]
