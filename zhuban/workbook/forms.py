"""Forms for the workbook pages. They only validate input; the services do the work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from zhuban.inputs import JurisdictionField
from zhuban.workbook.queries import export_jurisdictions_for, import_jurisdictions_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


class UploadForm(forms.Form):
    jurisdiction = JurisdictionField(
        queryset=None,
        label=_("导入到"),
        empty_label=None,
        suggestions_url=format_lazy("{}?for=import", reverse_lazy("workbook:jurisdiction_options")),
        datalist="import-jurisdictions",
    )
    file = forms.FileField(
        label=_("附表一工作簿"),
        help_text=_("Excel 或 WPS 表格工作簿（.xlsx，或旧版 .xls），20MB 以内。上传后先预览，确认后才写入。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls"}),
    )

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A clerk may import into their own jurisdiction only; the city bureau into any.
        # The stubs type self.fields' values as Field; this is a JurisdictionField.
        self.fields["jurisdiction"].limit_to(import_jurisdictions_for(user))  # type: ignore[attr-defined]


class ExportForm(forms.Form):
    jurisdiction = JurisdictionField(
        queryset=None,
        label=_("导出范围"),
        required=False,
        empty_label=None,
        suggestions_url=format_lazy("{}?for=export", reverse_lazy("workbook:jurisdiction_options")),
        datalist="export-jurisdictions",
    )

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The stubs type self.fields' values as Field; this is a JurisdictionField.
        self.fields["jurisdiction"].limit_to(export_jurisdictions_for(user))  # type: ignore[attr-defined]
