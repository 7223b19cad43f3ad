"""In-app notifications and the record of their e-mail, one row per recipient and event key."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    """What a notification is about: one code and one label each. The wording of each event's
    subject and summary is in ``messages.py``."""

    PROPOSAL_RETURNED = "proposal_returned", _("精简整合意见被退回")
    PROPOSAL_APPROVED = "proposal_approved", _("精简整合意见获批准")
    WINDOW_APPLIED = "window_applied", _("申请设立工作窗口")
    WINDOW_DECIDED = "window_decided", _("工作窗口审批结果")
    SUBMISSION_DUE = "submission_due", _("报送事项即将截止")
    SUBMISSION_OVERDUE = "submission_overdue", _("报送事项已逾期")
    SUBMISSION_ESCALATED = "submission_escalated", _("逾期督办")
    SUBMISSION_RETURNED = "submission_returned", _("报送事项被退回")
    FINDING_RECORDED = "finding_recorded", _("检查发现问题")
    FINDING_DUE = "finding_due", _("整改即将到期")
    FINDING_OVERDUE = "finding_overdue", _("整改已逾期")
    FINDING_RETURNED = "finding_returned", _("整改被退回")
    CASE_DISCLOSED = "case_disclosed", _("违规违纪案件通报")
    ROTATION_DUE = "rotation_due", _("干部轮换即将到期")
    ROTATION_OVERDUE = "rotation_overdue", _("干部轮换已逾期")
    JOB_DONE = "job_done", _("后台任务已完成")
    JOB_FAILED = "job_failed", _("后台任务失败")
    RECEPTION_WARNING = "reception_warning", _("公务接待检查提示")
    # Rows written before the events had codes (the campaign's own notifications).
    LEGACY = "legacy", _("通知")


class Notification(models.Model):
    """One message to one user. Only its recipient reads it; ``key`` makes sending the same event
    twice create nothing twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("收件人")
    )
    event = models.CharField(_("事件"), max_length=32, choices=Event.choices)
    # Stable per event and object, e.g. "submission:12:due:2015-07-31" (the sender chooses it).
    key = models.CharField(_("幂等键"), max_length=200)
    subject = models.CharField(_("标题"), max_length=200)
    summary = models.CharField(_("内容"), max_length=500)
    # What the sentence was made of, so the inbox can say it again in the reader's language.
    params = models.JSONField(_("参数"), default=dict, blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    # The object the event is about, named the way audit entries name it.
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    # The object's scope, as in audit entries: its jurisdiction's path and its unit.
    jurisdiction_path = models.CharField(_("行政区划路径"), max_length=255, blank=True, db_index=True)
    unit_id = models.IntegerField(_("单位"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    # Set once the e-mail went out: it is never sent twice for the same key.
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    scope_fields = ("jurisdiction_path", "unit_id")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.subject
