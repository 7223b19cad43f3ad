"""Jurisdictions (a tree stored as data), the units in them, and who may act where."""

from __future__ import annotations

from binascii import unhexlify

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhuban.org.totp_keys import UnreadableKey, is_sealed, seal, unseal


class Level(models.TextChoices):
    # The plan's two levels are 市级 and 县级; the national tree adds the two above them.
    NATION = "nation", _("全国")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


class Jurisdiction(models.Model):
    class Kind(models.TextChoices):
        NATION = "nation", _("全国")
        PROVINCE = "province", _("省")
        AUTONOMOUS_REGION = "autonomous_region", _("自治区")
        MUNICIPALITY = "municipality", _("直辖市")
        SAR = "sar", _("特别行政区")
        PREFECTURE_CITY = "prefecture_city", _("地级市")
        PREFECTURE = "prefecture", _("地区")
        AUTONOMOUS_PREFECTURE = "autonomous_prefecture", _("自治州")
        LEAGUE = "league", _("盟")
        DISTRICT = "district", _("市辖区")
        COUNTY = "county", _("县")
        COUNTY_CITY = "county_city", _("县级市")
        AUTONOMOUS_COUNTY = "autonomous_county", _("自治县")
        BANNER = "banner", _("旗")
        AUTONOMOUS_BANNER = "autonomous_banner", _("自治旗")
        DEVELOPMENT_ZONE = "development_zone", _("开发区")
        OTHER_COUNTY = "other_county", _("其他县级单位")

    # GB/T 2260 code, the stable key (a zone without one carries its parent's code and a suffix).
    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    # Unique within its parent only: several provinces have a 城关区 or a 新华区.
    name = models.CharField(_("名称"), max_length=40)
    name_en = models.CharField(_("英文名称"), max_length=60, blank=True)
    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级")
    )
    # Materialised path of codes below the national root ("/" is 全国, "/420000/421200/421222/" is
    # 通城县): a subtree is one indexed prefix filter in SQL, and depth is never assumed (a county
    # may hang from a province, as 仙桃市 does). Records point at a jurisdiction, never copy its
    # path, except audit entries, whose path is frozen in their hash: see ScopeAlias.
    path = models.CharField(_("路径"), max_length=255, unique=True, editable=False)

    scope_fields = ("path", None)

    class Meta:
        ordering = ["path"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="org_jurisdiction_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class ScopeAlias(models.Model):
    """A scope key that stored records still carry after the tree above them changed.

    Audit entries keep the path their jurisdiction had when they were written (it is part of
    their hash). When the tree gained levels above a former root (the city-rooted tree of the
    first campaign became part of the national one), the old prefix is recorded here with its
    current equivalent, and the chokepoint matches stored paths under either form.
    """

    old_prefix = models.CharField(_("原路径前缀"), max_length=255, unique=True)
    new_prefix = models.CharField(_("现路径前缀"), max_length=255)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("路径别名")
        verbose_name_plural = _("路径别名")

    def __str__(self) -> str:
        return f"{self.old_prefix} → {self.new_prefix}"


class Unit(models.Model):
    """A people's government (or a zone's management committee) or one of its departments."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("政府")
        DEPARTMENT = "department", _("部门")

    class Function(models.TextChoices):
        # The units the plan gives a part in the campaign (三(三)); most have none.
        NONE = "", _("无")
        OFFICES_ADMINISTRATION = "offices_administration", _("机关事务管理局")
        STAFFING_OFFICE = "staffing_office", _("编办")
        FINANCE_BUREAU = "finance_bureau", _("财政局")
        AUDIT_BUREAU = "audit_bureau", _("审计局")
        SUPERVISION_BUREAU = "supervision_bureau", _("监察局")
        GENERAL_OFFICE = "general_office", _("政府办公室")

    name = models.CharField(_("名称"), max_length=80)
    name_en = models.CharField(_("英文名称"), max_length=120, blank=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="units", verbose_name=_("所属政府")
    )
    function = models.CharField(_("清理规范职责"), max_length=30, choices=Function.choices, blank=True, default="")

    scope_fields = ("jurisdiction__path", "id")

    class Meta:
        ordering = ["jurisdiction__path", "kind", "name"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="org_unit_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> str:
        return self.jurisdiction.level


class Role(models.TextChoices):
    OFFICES_ADMIN = "offices_admin", _("市机关事务管理局")
    COUNTY_CLERK = "county_clerk", _("县级填报员")
    DEPARTMENT_CLERK = "department_clerk", _("部门填报员")
    INSPECTOR = "inspector", _("检查人员")
    AUDITOR = "auditor", _("审计人员")
    WUHAN_OFFICE = "wuhan_office", _("驻汉办工作人员")
    # 二(四)3: a retained office's own staff record their office's work, and its head approves
    # and signs off what the office does (二(四)2); both act for their one office, never for the
    # other offices of the same sponsor nor for a whole jurisdiction.
    OFFICE_STAFF = "office_staff", _("驻外机构工作人员")
    OFFICE_HEAD = "office_head", _("驻外机构负责人")
    # 三(三): a person of the joint team's other bodies (市编办, 市财政局, 市审计局, 市政府驻汉办,
    # 市机关事务管理局): inspects with the team and reads no case file (四(二) is the discipline side's).
    TEAM_MEMBER = "team_member", _("联合检查组成员")
    # 二(四)1: the staffing office (编办) reviews a retained office's mandate after the offices
    # administration, and records its own opinion.
    STAFFING_OFFICER = "staffing_officer", _("编办工作人员")


# Roles whose grant covers one unit, not a jurisdiction's subtree.
UNIT_ROLES = frozenset({Role.DEPARTMENT_CLERK})
# Roles whose grant covers one office (and what hangs from it), not its sponsor's other offices.
OFFICE_ROLES = frozenset({Role.OFFICE_STAFF, Role.OFFICE_HEAD})


class RoleAssignment(models.Model):
    """A role held over a subtree of the jurisdiction tree (for a department clerk, one unit; for
    a retained office's staff and head, one office)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("用户")
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="role_assignments", verbose_name=_("行政区划")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="role_assignments", verbose_name=_("单位")
    )
    # Named by label: org stands below the registry, which holds the offices.
    office = models.ForeignKey(
        "registry.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("办事机构"),
    )

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "jurisdiction", "unit", "office"], name="org_role_unique"),
            models.CheckConstraint(
                condition=models.Q(role="department_clerk", unit__isnull=False) | ~models.Q(role="department_clerk"),
                name="org_department_clerk_has_unit",
            ),
            # An office's staff and head hold their grant on that office, and only they do.
            models.CheckConstraint(
                condition=models.Q(role__in=["office_staff", "office_head"], office__isnull=False, unit__isnull=True)
                | (~models.Q(role__in=["office_staff", "office_head"]) & models.Q(office__isnull=True)),
                name="org_office_roles_have_office",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.office or self.unit or self.jurisdiction}"


class SealedTOTPDevice(TOTPDevice):
    """django-otp's TOTP device with its secret sealed in the database (zhuban/org/totp_keys.py).
    Every device of the product is read and written through this class."""

    class Meta:
        proxy = True
        verbose_name = _("认证器")

    @property
    def bin_key(self) -> bytes:
        try:
            return unseal(self.key)
        except UnreadableKey:
            # A plain or forged secret in the database is no secret: it matches no code.
            return b""

    def verify_token(self, token) -> bool:
        if not self.bin_key:
            return False
        return super().verify_token(token)

    def save(self, *args, **kwargs):
        # Storage encoding, like a field's conversion: a new device's generated secret (hex, as
        # django-otp makes it) is sealed before it is first written.
        if not is_sealed(self.key):
            self.key = seal(unhexlify(self.key))
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = [*kwargs["update_fields"], "key"]
        super().save(*args, **kwargs)
