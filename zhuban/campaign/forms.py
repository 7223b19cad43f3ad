"""Forms for the campaign. They only validate input; the services do the writing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhuban.campaign.models import Campaign, Phase, Requirement, TaskForce
from zhuban.campaign.services import PHASE_FIELDS, REQUIREMENT_FIELDS, TASK_FORCE_FIELDS
from zhuban.inputs import NormalisedInput
from zhuban.versioning import VersionedForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("查看日期"), required=False, widget=DATE_INPUT)


class TaskForceForm(VersionedForm):
    document_fields = ("document",)

    class Meta:
        model = TaskForce
        fields = list(TASK_FORCE_FIELDS)
        widgets = {"members": forms.Textarea(attrs={"rows": 5}), "established_on": DATE_INPUT}


class PhaseForm(VersionedForm):
    class Meta:
        model = Phase
        fields = list(PHASE_FIELDS)
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 3})}


class RequirementForm(VersionedForm):
    class Meta:
        model = Requirement
        fields = list(REQUIREMENT_FIELDS)
        widgets = {
            "due_on": DATE_INPUT,
            "plan_due_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_note": forms.Textarea(attrs={"rows": 3}),
        }


class CampaignSettingsForm(VersionedForm):
    """Local days off are typed one a line: ``2015-10-20 本地防汛``."""

    local_days_off_text = forms.CharField(
        label=_("本地休息日"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("在全国节假日之外本地放假的日子，每行一天：日期（YYYY-MM-DD）和原因，如“2015-10-20 本地防汛”。"),
    )

    class Meta:
        model = Campaign
        fields = ["reminder_working_days", "roll_forward", "is_default", "opens_on"]
        widgets = {"opens_on": DATE_INPUT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["local_days_off_text"].initial = "\n".join(
            f"{item['date']} {item.get('reason', '')}".strip() for item in self.instance.local_days_off or []
        )
        self.order_fields(["local_days_off_text", "reminder_working_days", "roll_forward", "is_default", "opens_on"])

    def clean_local_days_off_text(self) -> list[dict[str, str]]:
        days, bad = {}, []
        for line in self.cleaned_data["local_days_off_text"].splitlines():
            if not line.strip():
                continue
            raw, _sep, reason = line.strip().partition(" ")
            try:
                days[date.fromisoformat(raw).isoformat()] = reason.strip()
            except ValueError:
                bad.append(line.strip())
        if bad:
            raise forms.ValidationError(_("无法识别的日期：%(lines)s") % {"lines": "；".join(bad)})
        return [{"date": d, "reason": r} for d, r in sorted(days.items())]

    def values(self) -> dict[str, Any]:
        values = super().values()
        values["local_days_off"] = self.cleaned_data["local_days_off_text"]
        return values


class CampaignCopyForm(NormalisedInput, forms.Form):
    document_fields = ("document",)

    name = forms.CharField(label=_("名称"), max_length=120)
    document = forms.CharField(label=_("文件"), max_length=100, required=False)
    issued_on = forms.DateField(
        label=_("印发日期"), widget=DATE_INPUT, help_text=_("各阶段和截止日期随印发日期平移相同天数。")
    )


class SubmitForm(NormalisedInput, forms.Form):
    document_fields = ("document",)

    document = forms.CharField(label=_("文号"), max_length=100, required=False)
    comment = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(NormalisedInput, forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("accept", _("审核通过")), ("return", _("退回"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("退回时必填。")
    )
