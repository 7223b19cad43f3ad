"""Consolidation (精简整合, 三(二)2): carrying out each approved revocation or merger.

An approved ``revoke`` or ``merge`` decision opens one dossier for its office. The dossier's
sub-tasks (deregistration, quota recovery, assets, money, staff, and for a merger the carry-over
to the surviving office) are finished by recording what happened, with evidence; their status is
computed from those records (``zhuban.consolidation.progress``), never typed in. Closing the
dossier marks the office revoked or merged. County windows (工作窗口) and the consolidation
report's narrative live here too, because both rest on the same clause.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhuban.decision.models import Decision
from zhuban.lib.money import MoneyField
from zhuban.org.models import Jurisdiction, Unit
from zhuban.registry.models import Asset, BusinessEntity, Office, StaffMember

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class _Money(TypedDict):
    max_digits: int
    decimal_places: int


# Exact on every engine (zhuban.lib.money): an integer of fen underneath, Decimal in Python.
MONEY: _Money = {"max_digits": 16, "decimal_places": 2}
CLAUSE = "三(二)2"


class TaskKind(models.TextChoices):
    DEREGISTRATION = "deregistration", _("注销机构")
    QUOTA = "quota", _("收回编制")
    ASSETS = "assets", _("资产处置")
    MONEY = "money", _("资金与债权债务")
    STAFF = "staff", _("人员安置")
    MERGE = "merge", _("整合移交")
    DECOUPLING = "decoupling", _("经营性实体脱钩")


class Dossier(models.Model):
    """One office's consolidation, opened from its approved decision."""

    class Kind(models.TextChoices):
        REVOKE = "revoke", _("撤销")
        MERGE = "merge", _("整合")

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已办结")

    office = models.OneToOneField(Office, on_delete=models.PROTECT, related_name="dossier", verbose_name=_("办事机构"))
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+", verbose_name=_("处置决定"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    survivor = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("并入机构")
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("开立时间"))
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结录入时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = ("office__jurisdiction__path", "office__sponsor_id", "office")

    class Meta:
        ordering = ["office__jurisdiction__path", "office__name"]
        verbose_name = _("整合档案")
        verbose_name_plural = _("整合档案")

    def __str__(self) -> str:
        return f"{self.office} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("consolidation:dossier_detail", args=[self.pk])

    @property
    def task_kinds(self) -> list[str]:
        kinds = [TaskKind.DEREGISTRATION, TaskKind.QUOTA, TaskKind.ASSETS, TaskKind.MONEY, TaskKind.STAFF]
        if self.kind == self.Kind.MERGE:
            kinds.append(TaskKind.MERGE)
        # Hotels, guesthouses and other business entities are decoupled (脱钩) before the office
        # goes; an office with none has the sub-task done by having nothing to decouple.
        kinds.append(TaskKind.DECOUPLING)
        return [str(k) for k in kinds]


class Task(models.Model):
    """A sub-task's owner and due date. Its status is computed from the records, not stored."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("整合档案"))
    kind = models.CharField(_("子任务"), max_length=20, choices=TaskKind.choices)
    owner = models.CharField(_("责任单位或责任人"), max_length=100)
    due_on = models.DateField(_("完成时限"))
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = ("dossier__office__jurisdiction__path", "dossier__office__sponsor_id", "dossier__office")

    class Meta:
        ordering = ["dossier", "id"]
        verbose_name = _("子任务")
        verbose_name_plural = _("子任务")
        constraints = [models.UniqueConstraint(fields=["dossier", "kind"], name="consolidation_task_unique")]

    def __str__(self) -> str:
        return f"{self.dossier.office} · {self.get_kind_display()}"


class Evidence(models.Model):
    """A file that proves a sub-task: sniffed by content, fingerprinted, never deleted."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("整合档案"))
    task = models.CharField(_("子任务"), max_length=20, choices=TaskKind.choices)
    file = models.FileField(_("文件"), upload_to="consolidation/%Y/")
    name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("大小（字节）"))
    content_kind = models.CharField(_("文件类型"), max_length=10)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"))
    uploaded_by = models.CharField(_("上传人"), max_length=150)

    scope_fields = ("dossier__office__jurisdiction__path", "dossier__office__sponsor_id", "dossier__office")

    class Meta:
        ordering = ["dossier", "task", "id"]
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")

    def __str__(self) -> str:
        return self.name


class Deregistration(models.Model):
    dossier = models.OneToOneField(
        Dossier, on_delete=models.PROTECT, related_name="deregistration", verbose_name=_("整合档案")
    )
    authority = models.CharField(_("注销机关"), max_length=100)
    document_number = models.CharField(_("注销文号"), max_length=100)
    deregistered_on = models.DateField(_("注销日期"))

    scope_fields = ("dossier__office__jurisdiction__path", "dossier__office__sponsor_id", "dossier__office")

    class Meta:
        verbose_name = _("注销机构")
        verbose_name_plural = _("注销机构")

    def __str__(self) -> str:
        return self.document_number


class QuotaRecovery(models.Model):
    dossier = models.OneToOneField(
        Dossier, on_delete=models.PROTECT, related_name="quota_recovery", verbose_name=_("整合档案")
    )
    posts_recovered = models.PositiveIntegerField(_("收回编制数"))
    # The office's approved quota when the recovery was confirmed, so a later edit cannot hide a gap.
    approved_quota = models.PositiveIntegerField(_("核定编制数"))
    confirmed_by = models.CharField(_("确认单位（编办）"), max_length=100)
    document_number = models.CharField(_("确认文号"), max_length=100)
    confirmed_on = models.DateField(_("确认日期"))
    difference_reason = models.TextField(_("差异说明"), blank=True)

    scope_fields = ("dossier__office__jurisdiction__path", "dossier__office__sponsor_id", "dossier__office")

    class Meta:
        verbose_name = _("收回编制")
        verbose_name_plural = _("收回编制")

    def __str__(self) -> str:
        return f"{self.posts_recovered}"


class Disposal(models.Model):
    """The one lawful disposal of an asset. An asset is never deleted, only disposed of."""

    class Type(models.TextChoices):
        FREE_TRANSFER = "free_transfer", _("无偿划转")
        PAID_TRANSFER = "paid_transfer", _("有偿转让")
        SWAP = "swap", _("置换")
        SCRAP = "scrap", _("报废")
        WRITE_OFF = "write_off", _("核销")

    class Channel(models.TextChoices):
        AUCTION = "auction", _("拍卖")
        TENDER = "tender", _("招标")
        NEGOTIATED = "negotiated", _("协议转让")

    asset = models.OneToOneField(Asset, on_delete=models.PROTECT, related_name="disposal", verbose_name=_("资产"))
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="disposals", verbose_name=_("整合档案"))
    disposal_type = models.CharField(_("处置方式"), max_length=20, choices=Type.choices)
    channel = models.CharField(_("转让方式"), max_length=20, choices=Channel.choices, blank=True)
    receiver = models.CharField(_("接收单位或买受人"), max_length=100, blank=True)
    certificate_or_plate = models.CharField(_("权属证书编号或车牌号"), max_length=100, blank=True)
    book_value = MoneyField(_("账面价值（元）"), validators=NON_NEGATIVE, **MONEY)
    appraisal_value = MoneyField(_("评估价值（元）"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY)
    price = MoneyField(_("成交价格（元）"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY)
    below_appraisal_approval = models.CharField(_("低于评估价成交的批准文号"), max_length=100, blank=True)
    approval_document = models.CharField(_("处置批准文号"), max_length=100)
    disposed_on = models.DateField(_("处置日期"))
    evidence = models.ForeignKey(
        Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("证明材料")
    )
    # Set when a merger carried the asset to the surviving office's books.
    carried_to = models.ForeignKey(
        Asset,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_from",
        verbose_name=_("移交后资产"),
    )
    recorded_at = models.DateTimeField(_("录入时间"))

    scope_fields = ("dossier__office__jurisdiction__path", "dossier__office__sponsor_id", "dossier__office")

    class Meta:
        ordering = ["dossier", "asset__category", "asset_id"]
        verbose_name = _("资产处置")
        verbose_name_plural = _("资产处置")

    def __str__(self) -> str:
        return f"{self.asset} · {self.get_disposal_type_display()}"

    @property
    def realised_value(self) -> Decimal:
        """What the disposal brought in: the price, nothing for a free transfer or write-off."""
        return self.price or Decimal("0")

    def clean(self) -> None:
        """The lawful shape of each disposal type (三(二)2; state-asset rules)."""
        errors: dict[str, StrOrPromise] = {}
        t = self.disposal_type
        if t == self.Type.PAID_TRANSFER:
            if not self.channel:
                errors["channel"] = _("有偿转让须选择拍卖、招标或协议转让。")
            if self.price is None:
                errors["price"] = _("有偿转让须填写成交价格。")
            if self.appraisal_value is None:
                errors["appraisal_value"] = _("有偿转让须先评估，填写评估价值。")
        elif self.channel:
            errors["channel"] = _("只有有偿转让才选择转让方式。")
        if t == self.Type.SWAP and self.appraisal_value is None:
            errors["appraisal_value"] = _("置换须先评估，填写评估价值。")
        if t in (self.Type.FREE_TRANSFER, self.Type.PAID_TRANSFER, self.Type.SWAP) and not self.receiver.strip():
            errors["receiver"] = _("须填写接收单位或买受人。")
        if t in (self.Type.FREE_TRANSFER, self.Type.WRITE_OFF) and self.price:
            errors["price"] = _("无偿划转和核销没有成交价格。")
        if (
            self.price is not None
            and self.appraisal_value is not None
            and self.price < self.appraisal_value
            and not self.below_appraisal_approval.strip()
        ):
            errors["below_appraisal_approval"] = _(
                "成交价格（%(price)s元）低于评估价值（%(appraisal)s元），须录入批准低价成交的文号。"
            ) % {"price": self.price, "appraisal": self.appraisal_value}
        if self.asset_id and not self.certificate_or_plate.strip():
            category = self.asset.category
            if category == Asset.Category.VEHICLE:
                errors["certificate_or_plate"] = _("车辆须填写车牌号。")
            elif category in (Asset.Category.LAND, Asset.Category.BUILDING):
                errors["certificate_or_plate"] = _("土地和房屋须填写权属证书编号。")
        if errors:
            raise ValidationError(errors)


class Decoupling(models.Model):
    """A business entity (hotel, guesthouse, company) of the office decoupled from it (脱钩):
    handed to a named unit or closed, with the document that did it."""

    entity = models.OneToOneField(
        BusinessEntity, on_delete=models.PROTECT, related_name="decoupling_record", verbose_name=_("经营性实体")
    )
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="decouplings", verbose_name=_("整合档案")
    )
    receiver = models.CharField(_("接收单位"), max_length=100, blank=True)
    document = models.CharField(_("脱钩文号"), max_length=100)
    decoupled_on = models.DateField(_("脱钩日期"))
    recorded_at = models.DateTimeField(_("录入时间"))

    scope_fields = ("dossier__office__jurisdiction__path", "dossier__office__sponsor_id", "dossier__office")

    class Meta:
        ordering = ["dossier", "entity_id"]
        verbose_name = _("经营性实体脱钩")
        verbose_name_plural = _("经营性实体脱钩")

    def __str__(self) -> str:
        return f"{self.entity} · {self.document}"


class Obligation(models.Model):
    """Money an office holds or owes: a bank account, a receivable, a payable, a claim or a debt."""

    class Kind(models.TextChoices):
        BANK_ACCOUNT = "bank_account", _("银行账户")
        RECEIVABLE = "receivable", _("应收款项")
        PAYABLE = "payable", _("应付款项")
        CLAIM = "claim", _("债权")
        DEBT = "debt", _("债务")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="obligations", verbose_name=_("办事机构"))
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    counterparty = models.CharField(_("对方单位或开户行及账号"), max_length=150)
    amount = MoneyField(_("账面余额（元）"), validators=NON_NEGATIVE, **MONEY)
    description = models.CharField(_("摘要"), max_length=200, blank=True)
    carried_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("移交自")
    )
    created_at = models.DateTimeField(_("登记时间"))

    scope_fields = ("office__jurisdiction__path", "office__sponsor_id", "office")

    class Meta:
        ordering = ["office", "kind", "id"]
        verbose_name = _("资金与往来款项")
        verbose_name_plural = _("资金与往来款项")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.counterparty}"


class Settlement(models.Model):
    """Part or all of an obligation settled, transferred to a named unit, or the account closed."""

    class Method(models.TextChoices):
        SETTLED = "settled", _("已结清")
        TRANSFERRED = "transferred", _("转由指定单位承接")
        ACCOUNT_CLOSED = "account_closed", _("销户")

    obligation = models.ForeignKey(
        Obligation, on_delete=models.PROTECT, related_name="settlements", verbose_name=_("款项")
    )
    method = models.CharField(_("清理方式"), max_length=20, choices=Method.choices)
    amount = MoneyField(_("金额（元）"), validators=NON_NEGATIVE, **MONEY)
    transferred_to = models.CharField(_("承接单位"), max_length=100, blank=True)
    settled_on = models.DateField(_("日期"))
    document = models.CharField(_("凭证或文号"), max_length=100, blank=True)
    carried_to = models.ForeignKey(
        Obligation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("移交后款项")
    )
    recorded_at = models.DateTimeField(_("录入时间"))

    scope_fields = ("obligation__office__jurisdiction__path", "obligation__office__sponsor_id", "obligation__office")

    class Meta:
        ordering = ["obligation", "id"]
        verbose_name = _("款项清理")
        verbose_name_plural = _("款项清理")

    def __str__(self) -> str:
        return f"{self.obligation} · {self.get_method_display()} {self.amount}"


class Placement(models.Model):
    """Where one staff member of the office went (分流安置)."""

    class Destination(models.TextChoices):
        BACK_TO_SPONSOR = "back_to_sponsor", _("回派出单位")
        TRANSFERRED = "transferred", _("调往其他单位")
        COUNTY_WINDOW = "county_window", _("到县级工作窗口")
        RETIRED = "retired", _("退休")
        CONTRACT_ENDED = "contract_ended", _("解除聘用合同")

    staff = models.OneToOneField(
        StaffMember, on_delete=models.PROTECT, related_name="placement", verbose_name=_("工作人员")
    )
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="placements", verbose_name=_("整合档案")
    )
    destination = models.CharField(_("安置去向"), max_length=20, choices=Destination.choices)
    unit_name = models.CharField(_("接收单位"), max_length=100, blank=True)
    window = models.ForeignKey(
        "CountyWindow",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("工作窗口"),
    )
    placed_on = models.DateField(_("安置日期"))
    document = models.CharField(_("文号"), max_length=100, blank=True)
    carried_to = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_from",
        verbose_name=_("移交后人员"),
    )
    recorded_at = models.DateTimeField(_("录入时间"))

    scope_fields = ("dossier__office__jurisdiction__path", "dossier__office__sponsor_id", "dossier__office")

    class Meta:
        ordering = ["dossier", "staff_id"]
        verbose_name = _("人员安置")
        verbose_name_plural = _("人员安置")

    def __str__(self) -> str:
        return f"{self.staff} · {self.get_destination_display()}"


class CarryOver(models.Model):
    """A merger's one-step hand-over of what is still open to the surviving office."""

    dossier = models.OneToOneField(
        Dossier, on_delete=models.PROTECT, related_name="carry_over", verbose_name=_("整合档案")
    )
    survivor = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("并入机构"))
    carried_on = models.DateField(_("移交日期"))
    document = models.CharField(_("移交文号"), max_length=100)
    recorded_at = models.DateTimeField(_("录入时间"))

    scope_fields = ("dossier__office__jurisdiction__path", "dossier__office__sponsor_id", "dossier__office")

    class Meta:
        verbose_name = _("整合移交")
        verbose_name_plural = _("整合移交")

    def __str__(self) -> str:
        return f"{self.dossier.office} → {self.survivor}"


class CarriedItem(models.Model):
    class Item(models.TextChoices):
        ASSET = "asset", _("资产")
        STAFF = "staff", _("人员")
        OBLIGATION = "obligation", _("款项")

    carry_over = models.ForeignKey(
        CarryOver, on_delete=models.PROTECT, related_name="items", verbose_name=_("整合移交")
    )
    item = models.CharField(_("类别"), max_length=20, choices=Item.choices)
    label = models.CharField(_("名称"), max_length=200)
    source_id = models.PositiveBigIntegerField(_("原记录编号"))
    target_id = models.PositiveBigIntegerField(_("移交后记录编号"))
    value = MoneyField(_("金额（元）"), null=True, blank=True, **MONEY)

    scope_fields = (
        "carry_over__dossier__office__jurisdiction__path",
        "carry_over__dossier__office__sponsor_id",
        "carry_over__dossier__office",
    )

    class Meta:
        ordering = ["carry_over", "item", "id"]
        verbose_name = _("移交事项")
        verbose_name_plural = _("移交事项")

    def __str__(self) -> str:
        return self.label


class CountyWindow(models.Model):
    """A county's window in the city's public liaison office (三(二)2): at most a few people
    (a setting, 3 by default), its head also deputy director of the county government office,
    its posts belonging to that office."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("已申请")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="county_windows", verbose_name=_("县（市、区）")
    )
    general_office = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="county_windows", verbose_name=_("编制隶属单位")
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    applied_on = models.DateField(_("申请日期"))
    application_document = models.CharField(_("申请文号"), max_length=100, blank=True)
    approval_document = models.CharField(_("市政府批准文号"), max_length=100, blank=True)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    approval_file = models.FileField(_("批准文件"), upload_to="windows/%Y/", blank=True)
    approval_file_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    rejection_reason = models.TextField(_("未批准理由"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = ("jurisdiction__path", "general_office_id")

    class Meta:
        ordering = ["jurisdiction__path", "-id"]
        verbose_name = _("县级工作窗口")
        verbose_name_plural = _("县级工作窗口")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction"],
                condition=models.Q(status__in=["applied", "approved"]),
                name="consolidation_one_live_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} · {_('驻汉工作窗口')}"

    def get_absolute_url(self) -> str:
        return reverse("consolidation:window_detail", args=[self.pk])


class WindowMember(models.Model):
    window = models.ForeignKey(
        CountyWindow, on_delete=models.PROTECT, related_name="members", verbose_name=_("工作窗口")
    )
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=100, blank=True)
    is_head = models.BooleanField(_("负责人"), default=False)
    # The head is, by the plan, also deputy director of the county government office.
    concurrent_post = models.CharField(_("兼任职务"), max_length=100, blank=True)
    staff = models.OneToOneField(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="window_membership",
        verbose_name=_("原机构工作人员"),
    )
    added_at = models.DateTimeField(_("登记时间"))

    scope_fields = ("window__jurisdiction__path", "window__general_office_id")

    class Meta:
        ordering = ["window", "-is_head", "id"]
        verbose_name = _("窗口人员")
        verbose_name_plural = _("窗口人员")
        constraints = [
            models.UniqueConstraint(fields=["window"], condition=models.Q(is_head=True), name="consolidation_one_head"),
        ]

    def __str__(self) -> str:
        return self.name


class ReportNarrative(models.Model):
    """The editable prose of a jurisdiction's consolidation report (专项工作报告)."""

    jurisdiction = models.OneToOneField(
        Jurisdiction, on_delete=models.PROTECT, related_name="consolidation_narrative", verbose_name=_("行政区划")
    )
    text = models.TextField(_("报告正文（工作情况）"), blank=True)
    issuing_unit = models.CharField(_("发文单位"), max_length=100, blank=True)
    # 发文字号 and 签发人 of the report sent up (GB/T 9704: both in the masthead, over the red line).
    document_number = models.CharField(_("发文字号"), max_length=100, blank=True)
    signer = models.CharField(_("签发人"), max_length=50, blank=True)
    report_date = models.DateField(_("成文日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope_fields = ("jurisdiction__path", None)

    class Meta:
        verbose_name = _("专项工作报告正文")
        verbose_name_plural = _("专项工作报告正文")

    def __str__(self) -> str:
        return f"{self.jurisdiction} · {_('专项工作报告')}"
