"""Reference geography: provinces, their capitals and borders, and the cities offices sit in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("省")
        AUTONOMOUS_REGION = "autonomous_region", _("自治区")
        MUNICIPALITY = "municipality", _("直辖市")
        SAR = "sar", _("特别行政区")

    # First two digits of the GB/T 2260 division code, e.g. "42" for 湖北省.
    code = models.CharField(_("代码"), max_length=2, unique=True)
    name = models.CharField(_("名称"), max_length=20, unique=True)
    short_name = models.CharField(_("简称"), max_length=10, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=40)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    # Shared land borders; 二(二)2 groups offices in provinces adjacent to each other.
    neighbours = models.ManyToManyField("self", symmetrical=True, blank=True, verbose_name=_("相邻省区"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("省级行政区")
        verbose_name_plural = _("省级行政区")

    def __str__(self) -> str:
        return self.name


class City(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="cities", verbose_name=_("省份"))
    name = models.CharField(_("名称"), max_length=30)
    short_name = models.CharField(_("简称"), max_length=20)
    name_en = models.CharField(_("英文名称"), max_length=40)
    is_capital = models.BooleanField(_("省会城市"), default=False)
    is_separate_plan = models.BooleanField(_("计划单列市"), default=False)
    is_sez = models.BooleanField(_("经济特区"), default=False)

    class Meta:
        ordering = ["province__code", "-is_capital", "name"]
        verbose_name = _("城市")
        verbose_name_plural = _("城市")
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="geo_city_unique_name")]

    def __str__(self) -> str:
        return self.name
