"""Forms of the decision workflow. They validate input; the services write."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhuban import inputs as normalised
from zhuban.decision.models import PROPOSABLE
from zhuban.inputs import NormalisedInput
from zhuban.registry.models import Office

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProposalForm(NormalisedInput, forms.Form):
    disposition = forms.ChoiceField(label=_("处置意见"), choices=PROPOSABLE, widget=forms.RadioSelect)
    merge_into = forms.ModelChoiceField(label=_("并入机构"), queryset=Office.objects.none(), required=False)
    reason = forms.CharField(
        label=_("理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("与系统建议不同时必须填写。"),
    )

    def __init__(self, *args: Any, candidates, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any office of the same city may survive a merger, whoever may see its details.
        # The stubs type self.fields' values as Field; this is a ModelChoiceField.
        self.fields["merge_into"].queryset = candidates  # type: ignore[attr-defined]


class ReviewForm(NormalisedInput, forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"), choices=[("accept", _("审核通过")), ("return", _("退回"))], widget=forms.RadioSelect
    )
    comments = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ApprovalForm(NormalisedInput, forms.Form):
    document_fields = ("document",)

    document = forms.CharField(label=_("批准文号"), max_length=100, help_text=_("例如：咸政函〔2015〕45号"))
    approved_on = forms.DateField(label=_("批准日期"), widget=DATE_INPUT)
    file = forms.FileField(label=_("批准文件"), required=False, help_text=_("PDF、OFD 或图片，20MB 以内。"))


class PolicySettingsForm(NormalisedInput, forms.Form):
    """One field per setting of the plan's ambiguities (docs/reading.md), built from the settings' own data."""

    reason = forms.CharField(label=_("修改理由"), required=False, max_length=500)

    def __init__(self, *args: Any, specs, current, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for spec in specs:
            common = {"label": _(spec.label), "initial": current.get(spec.id, spec.default), "required": False}
            field: forms.Field
            if spec.kind == "date":
                field = normalised.DateField(widget=DATE_INPUT, **common)
            elif spec.kind == "int":
                field = forms.IntegerField(min_value=spec.minimum, max_value=spec.maximum, **common)
            elif spec.kind == "bool":
                field = forms.BooleanField(**common)
            elif spec.kind == "choice":
                labels = [_(label) for label in spec.choice_labels] or list(spec.choices)
                field = forms.ChoiceField(choices=list(zip(spec.choices, labels, strict=True)), **common)
            else:
                field = normalised.TextField(max_length=100, **common)
            self.fields[spec.id] = field
        self.order_fields([s.id for s in specs] + ["reason"])

    def setting_values(self, specs) -> dict[str, Any]:
        out = {}
        for spec in specs:
            value = self.cleaned_data.get(spec.id)
            if value in (None, "") and spec.kind != "bool":
                value = spec.default
            out[spec.id] = value.isoformat() if isinstance(value, date) else value
        return out


class BatchReviewForm(NormalisedInput, forms.Form):
    comments = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BatchApprovalForm(NormalisedInput, forms.Form):
    document_fields = ("document",)

    document = forms.CharField(label=_("批准文号"), max_length=100, help_text=_("例如：咸政函〔2015〕45号"))
    approved_on = forms.DateField(label=_("批准日期"), widget=DATE_INPUT)
