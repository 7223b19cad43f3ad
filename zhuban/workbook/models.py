"""An uploaded 附表一 workbook between its preview and its commit."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhuban.org.models import Jurisdiction


def upload_storage() -> FileSystemStorage:
    """MEDIA_ROOT (outside the web root; no view serves it), files readable by the server's user only.
    The location is left to follow settings.MEDIA_ROOT, so tests that change it are followed."""
    return FileSystemStorage(file_permissions_mode=0o600, directory_permissions_mode=0o700)


def _upload_name(instance: RegistrationUpload, filename: str) -> str:
    # Never the user's file name on disk: a random name, so paths can be neither guessed nor abused.
    return f"workbook/uploads/{instance.pk}.xlsx"


class RegistrationUpload(models.Model):
    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("待确认")
        COMMITTED = "committed", _("已导入")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Only the uploader ever sees the file or its preview (zhuban.workbook.queries.upload_for).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("上传人")
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name=_("导入范围")
    )
    file = models.FileField(_("文件"), storage=upload_storage, upload_to=_upload_name, blank=True)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    # The preview the user confirms: counts, rows, errors and notices (codes, formatted when shown)
    # and the digest of the plan, which the commit must reproduce exactly.
    preview = models.JSONField(_("预览"), default=dict)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("附表一上传")
        verbose_name_plural = _("附表一上传")

    def __str__(self) -> str:
        return self.original_name
