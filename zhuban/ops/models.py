"""Background jobs: what was asked, by whom, how far it has got, and what it produced.

A job is run by ``zhuban/ops/jobs.py`` on a worker (``manage.py db_worker``) through Django's
task interface; this row is what people see (a progress bar, a download, the error), and it
makes a job idempotent: a job with a ``key`` is created once, and a finished job is never run
again however many times its task is delivered.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Kind(models.TextChoices):
        REGISTRATION_EXPORT = "registration_export", _("导出附表一")
        AUDIT_ANCHOR = "audit_anchor", _("锚定审计链")
        CAMPAIGN_REMINDERS = "campaign_reminders", _("发送报送事项提醒")
        ROTATION_REMINDERS = "rotation_reminders", _("发送干部轮换提醒")
        INSPECTION_DAILY = "inspection_daily", _("发送整改期限提醒")
        RECEPTION_CHECK = "reception_check", _("复查公务接待")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("任务"), max_length=40, choices=Kind.choices)
    # The same key is one job: the scheduler's "audit_anchor:2026-12-01" is enqueued once a day.
    key = models.CharField(_("任务标识"), max_length=120, unique=True, null=True, blank=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发起人"),
    )
    title = models.CharField(_("名称"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    total = models.PositiveIntegerField(_("总数"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    error = models.TextField(_("错误"), blank=True)
    result = models.FileField(_("结果文件"), upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(_("结果文件名"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="ops_job_requester")]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int | None:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)

    @property
    def owner(self):
        """Whose the job is: the one who asked (the only reader of it and of what it made)."""
        return self.requested_by

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
