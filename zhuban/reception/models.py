"""Official receptions of retained offices under 《党政机关国内公务接待管理规定》 (2013), as the plan
asks (二(四)2): the sending unit's letter (公函), the prior approval (事前审批), the reception list
(接待清单) filled in afterwards and signed off, and the settlement, one letter, one event, one
settlement (一函一事一结). The standards they are judged by are dated rows (``Standard``); what
the checks find is kept as ``ReceptionWarning`` rows until explained.

Every record hangs from a retained office and takes its scope: the office's jurisdiction, its
sponsoring unit, and the office itself (the office's own staff and head hold grants scoped to
their office).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhuban.lib.money import MoneyField
from zhuban.registry.models import Office

OFFICE_SCOPE = ("office__jurisdiction__path", "office__sponsor_id", "office_id")
RECEPTION_SCOPE = ("reception__office__jurisdiction__path", "reception__office__sponsor_id", "reception__office_id")
AMOUNT: dict[str, Any] = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Rank(models.TextChoices):
    """The visitors' rank, which the meal, lodging and room standards key on (第九条、第十条)."""

    PROVINCIAL = "provincial", _("省部级")
    BUREAU = "bureau", _("厅局级")
    COUNTY = "county", _("县处级及以下")


# Highest first: a party is judged at the rank of its most senior member.
RANK_ORDER = (Rank.PROVINCIAL.value, Rank.BUREAU.value, Rank.COUNTY.value)


class Origin(models.TextChoices):
    """Where the visitors come from: meal standards may differ for guests from outside the province."""

    IN_PROVINCE = "in_province", _("省内")
    OUT_OF_PROVINCE = "out_of_province", _("省外")


class CostKind(models.TextChoices):
    MEAL = "meal", _("工作餐")
    LODGING = "lodging", _("住宿")
    TRANSPORT = "transport", _("交通")
    OTHER = "other", _("其他")


class Payment(models.TextChoices):
    """第十五条: by official card or bank transfer, not cash. Cash is recorded as it happened and
    flagged (a warning to the office head, then the inspection checklist), never refused: a
    refusal would only make the record say something else than what was paid."""

    CARD = "card", _("公务卡")
    TRANSFER = "transfer", _("银行转账")
    CASH = "cash", _("现金")


class Letter(models.Model):
    """The sending unit's official letter (公函, 第六条): unit, content, itinerary, people, dates,
    and its scan. Without one there is no reception (第七条)."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="letters", verbose_name=_("办事机构"))
    sending_unit = models.CharField(_("派出单位"), max_length=100)
    origin = models.CharField(_("来访地"), max_length=20, choices=Origin.choices, default=Origin.IN_PROVINCE)
    number = models.CharField(_("公函文号"), max_length=100, blank=True)
    content = models.TextField(_("公务内容"))
    itinerary = models.TextField(_("行程"))
    date_from = models.DateField(_("来访起始日期"))
    date_to = models.DateField(_("来访结束日期"))
    # [{"name", "post", "rank"}], as the letter lists them.
    people = models.JSONField(_("来访人员"), default=list)
    file = models.FileField(_("公函扫描件"), upload_to="reception/letters/%Y/")
    file_name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("登记人")
    )
    recorded_at = models.DateTimeField(_("登记时间"))
    # Set with the reception the letter opens (in the same transaction): the letters waiting
    # for their approval request are then read from a small partial index, not found by
    # probing every letter of the office for a reception.
    received = models.BooleanField(_("已登记接待"), default=False, editable=False)

    scope_fields = OFFICE_SCOPE

    class Meta:
        ordering = ["-date_from", "-id"]
        verbose_name = _("公函")
        verbose_name_plural = _("公函")
        indexes = [
            models.Index(fields=["office", "sending_unit", "date_from"], name="reception_letter_unit"),
            # The office's letters still waiting for their approval request, newest first.
            models.Index(fields=["office", "-id"], condition=models.Q(received=False), name="reception_letter_waiting"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_to__gte=models.F("date_from")), name="reception_letter_dates"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(unit)s公函（%(day)s）") % {"unit": self.sending_unit, "day": self.date_from.isoformat()}


class Reception(models.Model):
    """One reception, from the approval request to the settlement. The letter is unique to it:
    one letter, one event, one settlement (一函一事一结)."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("待审批")
        APPROVED = "approved", _("已批准")
        LISTED = "listed", _("清单待审签")
        SIGNED_OFF = "signed_off", _("清单已审签")
        SETTLED = "settled", _("已结算")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="receptions", verbose_name=_("办事机构"))
    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="reception", verbose_name=_("公函"))
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.REQUESTED)
    # Kept on the row for the office's list (filtered by year, state and warnings at any size):
    # from the letter, then from the list once it is filled in.
    year = models.PositiveSmallIntegerField(_("年度"))
    starts_on = models.DateField(_("接待开始日期"))
    ends_on = models.DateField(_("接待结束日期"))
    sending_unit = models.CharField(_("派出单位"), max_length=100)
    visitors_count = models.PositiveIntegerField(_("接待人数"), default=0)
    total = MoneyField(_("费用合计（元）"), default=Decimal("0"), **AMOUNT)
    open_warnings = models.PositiveIntegerField(_("未说明的提示"), default=0)
    created_at = models.DateTimeField(_("创建时间"))
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = OFFICE_SCOPE

    class Meta:
        ordering = ["-id"]
        verbose_name = _("公务接待")
        verbose_name_plural = _("公务接待")
        indexes = [
            # The office's list, newest first, keyset on id, filtered by year or state or warnings.
            models.Index(fields=["office", "-id"], name="reception_office_list"),
            models.Index(fields=["office", "year", "-id"], name="reception_office_year"),
            models.Index(fields=["office", "state", "-id"], name="reception_office_state"),
            models.Index(
                fields=["office", "-id"], condition=models.Q(open_warnings__gt=0), name="reception_office_warned"
            ),
            # The patterns across receptions: the same sending unit around the same days.
            models.Index(fields=["office", "starts_on"], name="reception_office_day"),
            # The year's figures (settled receptions of a year, per office).
            models.Index(fields=["year", "state", "office"], name="reception_year_figures"),
        ]

    def __str__(self) -> str:
        return gettext("%(unit)s来访（%(day)s）") % {"unit": self.sending_unit, "day": self.starts_on.isoformat()}

    def get_absolute_url(self) -> str:
        return reverse("reception:detail", args=[self.pk])


class Approval(models.Model):
    """The prior approval (事前审批, 第七条): reason, schedule, budget, meals and lodging to arrange;
    approved by the office's head before the reception."""

    reception = models.OneToOneField(
        Reception, on_delete=models.PROTECT, related_name="approval", verbose_name=_("公务接待")
    )
    reason = models.TextField(_("接待事由"))
    schedule = models.TextField(_("活动安排"))
    budget = MoneyField(_("预算（元）"), **AMOUNT)
    meals = models.CharField(_("拟安排用餐"), max_length=200, blank=True)
    lodging = models.CharField(_("拟安排住宿"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("申请人")
    )
    requested_at = models.DateTimeField(_("申请时间"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("批准人"),
    )
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    comments = models.CharField(_("审批意见"), max_length=300, blank=True)

    scope_fields = RECEPTION_SCOPE

    class Meta:
        verbose_name = _("事前审批")
        verbose_name_plural = _("事前审批")

    def __str__(self) -> str:
        return gettext("%(reception)s的事前审批") % {"reception": self.reception}


class ReceptionList(models.Model):
    """The reception list (接待清单, 第七条), filled in after the event: who came, what they did,
    when and where, what it cost, who of the host accompanied them; signed off by the office head."""

    reception = models.OneToOneField(
        Reception, on_delete=models.PROTECT, related_name="listing", verbose_name=_("公务接待")
    )
    visitor_unit = models.CharField(_("接待对象单位"), max_length=100)
    visitors = models.JSONField(_("接待对象"), default=list)  # [{"name", "post", "rank"}]
    activity = models.TextField(_("公务活动项目"))
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"))
    venue = models.CharField(_("活动场所"), max_length=200)
    companions = models.JSONField(_("陪同人员"), default=list)  # [{"name", "post"}]
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("填写人")
    )
    recorded_at = models.DateTimeField(_("填写时间"))
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审签人"),
    )
    signed_off_at = models.DateTimeField(_("审签时间"), null=True, blank=True)

    scope_fields = RECEPTION_SCOPE

    class Meta:
        verbose_name = _("接待清单")
        verbose_name_plural = _("接待清单")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__gte=models.F("started_on")), name="reception_list_dates"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(reception)s的接待清单") % {"reception": self.reception}


class CostLine(models.Model):
    """One cost of a reception list: a working meal, lodging, transport or anything else."""

    reception = models.ForeignKey(Reception, on_delete=models.PROTECT, related_name="costs", verbose_name=_("公务接待"))
    kind = models.CharField(_("费用类别"), max_length=12, choices=CostKind.choices)
    day = models.DateField(_("日期"))
    venue = models.CharField(_("场所"), max_length=200)
    description = models.CharField(_("内容"), max_length=200, blank=True)
    persons = models.PositiveIntegerField(_("人数"), validators=[MinValueValidator(1)])
    nights = models.PositiveIntegerField(_("间夜（住宿）"), default=1, validators=[MinValueValidator(1)])
    amount = MoneyField(_("金额（元）"), **AMOUNT)

    scope_fields = RECEPTION_SCOPE

    class Meta:
        ordering = ["reception", "day", "id"]
        verbose_name = _("接待费用")
        verbose_name_plural = _("接待费用")
        indexes = [models.Index(fields=["reception", "kind"], name="reception_cost_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class Settlement(models.Model):
    """The settlement (第十五条): the invoice, and the other three elements (letter, list,
    approval) present; paid by official card or transfer."""

    reception = models.OneToOneField(
        Reception, on_delete=models.PROTECT, related_name="settlement", verbose_name=_("公务接待")
    )
    invoice = models.FileField(_("财务票据"), upload_to="reception/invoices/%Y/")
    invoice_name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    invoice_number = models.CharField(_("票据号码"), max_length=60, blank=True)
    payment = models.CharField(_("支付方式"), max_length=12, choices=Payment.choices)
    paid_on = models.DateField(_("支付日期"))
    amount = MoneyField(_("结算金额（元）"), **AMOUNT)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("结算人")
    )
    settled_at = models.DateTimeField(_("结算时间"))

    scope_fields = RECEPTION_SCOPE

    class Meta:
        verbose_name = _("接待结算")
        verbose_name_plural = _("接待结算")
        indexes = [models.Index(fields=["payment"], name="reception_settlement_payment")]

    def __str__(self) -> str:
        return gettext("%(reception)s的结算") % {"reception": self.reception}


class ReceptionWarning(models.Model):
    """What a check found on a reception, with the rule it cites (``reception/checks.py``). Sent
    to the office head; unexplained past its due date it goes onto the inspection checklist.
    A warning that a later check no longer finds is kept, marked as no longer applying."""

    class State(models.TextChoices):
        OPEN = "open", _("待说明")
        EXPLAINED = "explained", _("已说明")
        CLEARED = "cleared", _("已不存在")

    reception = models.ForeignKey(
        Reception, on_delete=models.PROTECT, related_name="warnings", verbose_name=_("公务接待")
    )
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("办事机构"))
    code = models.CharField(_("规则"), max_length=30)
    # Stable per reception and finding (e.g. "meal_over:17" for cost line 17): a check run twice
    # finds the same row.
    key = models.CharField(_("键"), max_length=100)
    params = models.JSONField(_("参数"), default=dict)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.OPEN)
    raised_at = models.DateTimeField(_("提示时间"))
    due_on = models.DateField(_("说明期限"))
    explanation = models.TextField(_("情况说明"), blank=True)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("说明人"),
    )
    explained_at = models.DateTimeField(_("说明时间"), null=True, blank=True)

    scope_fields = OFFICE_SCOPE

    class Meta:
        ordering = ["reception", "id"]
        verbose_name = _("接待检查提示")
        verbose_name_plural = _("接待检查提示")
        constraints = [models.UniqueConstraint(fields=["reception", "key"], name="reception_warning_once")]
        indexes = [
            # Unexplained past their date: the inspection checklist's facts for an office.
            models.Index(fields=["office", "due_on"], condition=models.Q(state="open"), name="reception_warning_due")
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def rule(self):
        from zhuban.reception.checks import RULES

        return RULES[self.code]

    @property
    def message(self) -> str:
        return self.rule.render(self.params)


class Standard(models.Model):
    """One dated standard of a jurisdiction: a meal amount per person (by rank and origin), a
    lodging amount per person-night (by rank), the working-meal limit, the companion rule, the room
    type by rank, or forbidden items, with the document it comes from. A reception is judged by
    the rows valid on its first day at the nearest jurisdiction above its office that has them;
    a new row closes the one it replaces, which is kept."""

    class Kind(models.TextChoices):
        MEAL = "meal", _("工作餐标准（元/人）")
        LODGING = "lodging", _("住宿标准（元/人·夜）")
        WORKING_MEALS = "working_meals", _("工作餐次数上限")
        COMPANIONS = "companions", _("陪餐人数")
        ROOM = "room", _("住房标准")
        FORBIDDEN = "forbidden", _("禁止事项")

    jurisdiction = models.ForeignKey(
        "org.Jurisdiction", on_delete=models.PROTECT, related_name="+", verbose_name=_("行政区划")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    rank = models.CharField(_("接待对象级别"), max_length=12, choices=Rank.choices, blank=True)
    origin = models.CharField(_("来访地"), max_length=20, choices=Origin.choices, blank=True)
    amount = MoneyField(_("金额（元）"), null=True, blank=True, **AMOUNT)
    # WORKING_MEALS: the most meals; COMPANIONS: the most companions for a party of up to
    # ``group_size``, and one in ``divisor`` of the visitors beyond it.
    limit = models.PositiveIntegerField(_("上限"), null=True, blank=True)
    group_size = models.PositiveIntegerField(_("人数界限"), null=True, blank=True)
    divisor = models.PositiveIntegerField(_("超过界限时的比例（分之一）"), null=True, blank=True)
    # ROOM: the room type; FORBIDDEN: the words that name forbidden items, separated by 、.
    text = models.CharField(_("内容"), max_length=300, blank=True)
    valid_from = models.DateField(_("起始日期"))
    valid_to = models.DateField(_("截止日期"), null=True, blank=True)
    source = models.CharField(_("依据文件"), max_length=200)
    is_example = models.BooleanField(_("示例数据"), default=False)
    recorded_at = models.DateTimeField(_("录入时间"))

    scope_fields = ("jurisdiction__path", None)

    class Meta:
        ordering = ["jurisdiction", "kind", "rank", "origin", "-valid_from"]
        verbose_name = _("公务接待标准")
        verbose_name_plural = _("公务接待标准")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "kind", "rank", "origin"],
                condition=models.Q(valid_to__isnull=True),
                name="reception_standard_one_open",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="reception_standard_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_rank_display()}".strip()
