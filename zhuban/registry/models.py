"""Offices (the 附表一 record) and what they own: assets, staff and business entities."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhuban.geo.models import City, Province
from zhuban.lib.money import MoneyField
from zhuban.org.models import Jurisdiction, Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NON_NEGATIVE = [MinValueValidator(0)]
NON_NEGATIVE_DECIMAL = [MinValueValidator(Decimal("0"))]


class Office(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("运行中")
        REVOKED = "revoked", _("已撤销")
        MERGED = "merged", _("已整合")

    class Nature(models.TextChoices):
        ADMINISTRATIVE = "administrative", _("行政")
        CIVIL_SERVICE_MANAGED = "civil_service_managed", _("参公")
        PUBLIC_INSTITUTION = "public_institution", _("事业")
        OTHER = "other", _("其他")

    class Funding(models.TextChoices):
        FULL = "full", _("全额拨款")
        PARTIAL = "partial", _("差额拨款")
        SELF = "self", _("自收自支")
        OTHER = "other", _("其他")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("日")
        MONTH = "month", _("月")

    name = models.CharField(_("机构名称"), max_length=100)
    additional_plaque = models.CharField(_("加挂牌子"), max_length=100, blank=True)
    sponsor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="offices", verbose_name=_("设立单位"))
    # The sponsor's jurisdiction, kept on the office so scope is one indexed filter; only the
    # registry services set it (from the sponsor), never a form.
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="offices", editable=False, verbose_name=_("所属政府")
    )
    host_province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("驻在省份"))
    host_city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="offices", verbose_name=_("驻在城市"))
    address = models.CharField(_("详细地址"), max_length=200, blank=True)
    established_on = models.DateField(_("设立时间"))
    # 附表一 accepts "2010年3月": the day is then unknown and shown as a month.
    established_precision = models.CharField(
        _("设立时间精度"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    approval_authority = models.CharField(_("批准机关"), max_length=100, blank=True)
    approval_document = models.CharField(_("批准文号"), max_length=100, blank=True)
    nature = models.CharField(_("机构性质"), max_length=30, choices=Nature.choices, blank=True)
    rank = models.CharField(_("机构规格"), max_length=30, blank=True)
    funding = models.CharField(_("经费形式"), max_length=10, choices=Funding.choices, blank=True)
    staffing_quota = models.PositiveIntegerField(_("核定编制数"))
    headcount = models.PositiveIntegerField(_("实有人数"))
    seconded_count = models.PositiveIntegerField(_("其中借调人员"), null=True, blank=True)
    local_hire_count = models.PositiveIntegerField(_("其中驻地聘用人员"), null=True, blank=True)
    building_area = models.DecimalField(
        _("房产建筑面积（平方米）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE_DECIMAL,
    )
    land_area = models.DecimalField(
        _("土地面积（平方米）"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE_DECIMAL
    )
    vehicle_count = models.PositiveIntegerField(_("车辆数（辆）"), null=True, blank=True)
    total_assets = MoneyField(
        _("资产总额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE_DECIMAL
    )
    total_liabilities = MoneyField(
        _("负债总额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE_DECIMAL
    )
    counterpart_assistance = models.BooleanField(_("是否从事对口援助"), default=False)
    main_functions = models.TextField(_("主要职能"), blank=True)
    head_name = models.CharField(_("负责人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    remarks = models.TextField(_("备注"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # Optimistic locking: every service write bumps it, and a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope_fields = ("jurisdiction__path", "sponsor_id", "id")

    class Meta:
        ordering = ["jurisdiction__path", "name"]
        verbose_name = _("驻外办事机构")
        verbose_name_plural = _("驻外办事机构")
        constraints = [
            # 附表一 identifies an office by 设立单位 + 机构名称.
            models.UniqueConstraint(fields=["sponsor", "name"], name="registry_office_unique_per_sponsor"),
        ]
        indexes = [
            models.Index(fields=["jurisdiction", "name"], name="registry_office_jur_name"),
            models.Index(fields=["host_city", "status"], name="registry_office_city_status"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:office_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.host_city_id and self.host_province_id and self.host_city.province_id != self.host_province_id:
            errors.setdefault("host_city", []).append(
                _("驻在城市“%(city)s”不在驻在省份“%(province)s”内。")
                % {"city": self.host_city, "province": self.host_province}
            )
        for field in ("seconded_count", "local_hire_count"):
            value = getattr(self, field)
            if value is not None and self.headcount is not None and value > self.headcount:
                errors.setdefault(field, []).append(
                    _("%(field)s（%(value)s）不能超过实有人数（%(headcount)s）。")
                    % {
                        # A forward field by name; get_field is typed to return reverse relations too.
                        "field": self._meta.get_field(field).verbose_name,  # type: ignore[union-attr]
                        "value": value,
                        "headcount": self.headcount,
                    }
                )
        if errors:
            raise ValidationError(errors)


class Asset(models.Model):
    class Category(models.TextChoices):
        LAND = "land", _("土地")
        BUILDING = "building", _("房屋")
        VEHICLE = "vehicle", _("车辆")
        OTHER = "other", _("其他资产")

    class Status(models.TextChoices):
        IN_USE = "in_use", _("在用")
        IDLE = "idle", _("闲置")
        LEASED = "leased", _("出租")
        DISPOSED = "disposed", _("已处置")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="assets", verbose_name=_("办事机构"))
    category = models.CharField(_("资产类别"), max_length=10, choices=Category.choices)
    description = models.CharField(_("资产名称"), max_length=200)
    area = models.DecimalField(
        _("面积（平方米）"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE_DECIMAL
    )
    plate_number = models.CharField(_("车牌号"), max_length=20, blank=True)
    certificate_number = models.CharField(_("权属证书编号"), max_length=100, blank=True)
    book_value = MoneyField(_("账面价值（元）"), max_digits=16, decimal_places=2, validators=NON_NEGATIVE_DECIMAL)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.IN_USE)
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = ("office__jurisdiction__path", "office__sponsor_id", "office")

    class Meta:
        ordering = ["office", "category", "id"]
        verbose_name = _("资产")
        verbose_name_plural = _("资产")

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.category == self.Category.VEHICLE and not self.plate_number:
            errors["plate_number"] = _("车辆须填写车牌号。")
        if self.category in (self.Category.LAND, self.Category.BUILDING) and self.area is None:
            errors["area"] = _("土地和房屋须填写面积。")
        if errors:
            raise ValidationError(errors)


class StaffMember(models.Model):
    class Employment(models.TextChoices):
        ESTABLISHMENT = "establishment", _("在编")
        SECONDED = "seconded", _("借调")
        LOCAL_HIRE = "local_hire", _("驻地聘用")

    class Status(models.TextChoices):
        SERVING = "serving", _("在岗")
        PLACED = "placed", _("已安置")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="staff", verbose_name=_("办事机构"))
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=100, blank=True)
    employment = models.CharField(_("人员类别"), max_length=20, choices=Employment.choices)
    posted_on = models.DateField(_("派驻时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SERVING)
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = ("office__jurisdiction__path", "office__sponsor_id", "office")

    class Meta:
        ordering = ["office", "id"]
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")

    def __str__(self) -> str:
        return self.name


class BusinessEntity(models.Model):
    class Kind(models.TextChoices):
        HOTEL = "hotel", _("宾馆")
        GUESTHOUSE = "guesthouse", _("招待所")
        COMPANY = "company", _("公司")
        OTHER = "other", _("其他")

    class Decoupling(models.TextChoices):
        TIED = "tied", _("未脱钩")
        IN_PROGRESS = "in_progress", _("脱钩中")
        DECOUPLED = "decoupled", _("已脱钩")

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="business_entities", verbose_name=_("办事机构")
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    decoupling = models.CharField(_("脱钩状态"), max_length=20, choices=Decoupling.choices, default=Decoupling.TIED)
    decoupled_on = models.DateField(_("脱钩日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = ("office__jurisdiction__path", "office__sponsor_id", "office")

    class Meta:
        ordering = ["office", "name"]
        verbose_name = _("经营性实体")
        verbose_name_plural = _("经营性实体")
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="registry_entity_unique_per_office")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.decoupling == self.Decoupling.DECOUPLED and self.decoupled_on is None:
            raise ValidationError({"decoupled_on": _("已脱钩的须填写脱钩日期。")})
