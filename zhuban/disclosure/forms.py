"""Forms of the disclosure pages: what a person types; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhuban.disclosure.models import Disclosure
from zhuban.inputs import NormalisedInput
from zhuban.versioning import VersionedForm


class DraftForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


class NotesForm(VersionedForm):
    class Meta:
        model = Disclosure
        fields = ["notes", "change_reason"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 5}),
            "change_reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.number <= 1:
            del self.fields["change_reason"]


class ReviewForm(NormalisedInput, forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("accept", _("审核通过")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CorrectForm(NormalisedInput, forms.Form):
    reason = forms.CharField(
        label=_("更正原因"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("向社会公开：说明更正了什么、为什么更正。"),
    )
