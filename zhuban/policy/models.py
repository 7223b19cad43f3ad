"""The policy app's records: each city's policy settings, and API tokens for the policy endpoint
(only a SHA-256 of the key is stored)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhuban.org.models import Jurisdiction


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("用户")
    )
    # Hex SHA-256 of the key. The key is 256 random bits, so a fast hash is enough (no salt or
    # stretching needed, unlike a password), and it lets a request find its token by index.
    key_hash = models.CharField(_("密钥哈希"), max_length=64, unique=True, editable=False)
    name = models.CharField(_("名称"), max_length=100)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True, editable=False)
    # What the token may read, never more than its user may: a subtree of the user's scope (None:
    # all of it), some of the read API's resources (empty: all), and how often.
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("限定行政区划")
    )
    resources = models.JSONField(_("可读资源"), default=list, blank=True)
    rate_per_minute = models.PositiveIntegerField(_("每分钟调用上限"), default=120)

    class Meta:
        ordering = ["user", "-created_at"]
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"

    def allows(self, resource: str) -> bool:
        return not self.resources or resource in self.resources


class ApiCall(models.Model):
    """One call of the read API: who, what, the answer's status and size. Every call is kept;
    the token's rate limit counts these rows, so it holds across application servers."""

    token = models.ForeignKey(
        ApiToken, on_delete=models.CASCADE, null=True, related_name="calls", verbose_name=_("令牌")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("用户")
    )
    at = models.DateTimeField(_("时间"))
    resource = models.CharField(_("资源"), max_length=40)
    query = models.CharField(_("查询参数"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("状态码"))
    rows = models.PositiveIntegerField(_("返回条数"), default=0)
    duration_ms = models.PositiveIntegerField(_("用时（毫秒）"), default=0)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("API 调用")
        verbose_name_plural = _("API 调用")
        indexes = [models.Index(fields=["token", "at"], name="policy_apicall_token_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.resource} {self.status}"


class PolicySettingsRecord(models.Model):
    """The settings of one city's campaign (overrides of the default readings), as data."""

    jurisdiction = models.OneToOneField(
        Jurisdiction, on_delete=models.PROTECT, related_name="policy_settings", verbose_name=_("行政区划")
    )
    values = models.JSONField(_("设置"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = ("jurisdiction__path", None)

    class Meta:
        # The table kept its name when the model moved here from the decision app: no row moved.
        db_table = "decision_policysettingsrecord"
        verbose_name = _("政策设置")
        verbose_name_plural = _("政策设置")

    def __str__(self) -> str:
        return f"{self.jurisdiction} · {_('政策设置')}"
