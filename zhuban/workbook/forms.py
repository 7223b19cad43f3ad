"""Forms for the workbook pages. They only validate input; the services do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhuban.workbook.queries import export_jurisdictions_for, import_jurisdictions_for


class UploadForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(queryset=None, label=_("导入到"), empty_label=None)
    file = forms.FileField(
        label=_("附表一工作簿"),
        help_text=_("Excel 工作簿（.xlsx），20MB 以内。上传后先预览，确认后才写入。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A clerk may import into their own jurisdiction only; the city bureau into any.
        self.fields["jurisdiction"].queryset = import_jurisdictions_for(user)


class ExportForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(queryset=None, label=_("导出范围"), required=False, empty_label=None)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = export_jurisdictions_for(user)
