"""Forms of the oversight pages: what a person types; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhuban.oversight.models import (
    KINDS_OF,
    Assessment,
    Function,
    Heading,
    Kind,
    Mandate,
    Posting,
    SpendingCategory,
    WorkLog,
)
from zhuban.versioning import VersionedForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MandateForm(VersionedForm):
    """The mandate's parts, one text box per function of 二(三) in the office's own words."""

    class Meta:
        model = Mandate
        fields = [
            "conditions",
            "internal_units",
            "staffing_quota",
            "leadership_posts",
            "management_responsibility",
            "approving_document",
        ]
        widgets = {
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "internal_units": forms.Textarea(attrs={"rows": 3}),
            "leadership_posts": forms.Textarea(attrs={"rows": 2}),
            "management_responsibility": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"approving_document": _("设立或保留所依据的批准文件（如鄂政函〔2015〕号）。")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.functions if self.instance.pk else {}
        for code, label in Function.choices:
            self.fields[f"function_{code}"] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.get(code, ""),
                help_text=_("用本机构的表述写明；不承担此项职能的留空。"),
            )

    def values(self) -> dict[str, Any]:
        out = {name: self.cleaned_data[name] for name in self._meta.fields or () if name in self.cleaned_data}
        out["functions"] = {code: self.cleaned_data.get(f"function_{code}", "") for code in Function.values}
        return out


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("accept", _("审核通过")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.CharField(label=_("编办意见文号"), required=False, max_length=100)


class ApproveForm(forms.Form):
    document = forms.CharField(label=_("批准文件文号"), max_length=100)
    approved_on = forms.DateField(label=_("批准日期"), widget=DATE)


class PostingForm(forms.ModelForm):
    class Meta:
        model = Posting
        fields = ["name", "post", "is_leader", "employment", "posted_on"]
        widgets = {"posted_on": DATE}


class PostingEndForm(forms.Form):
    left_on = forms.DateField(label=_("离岗日期"), widget=DATE)
    leaving = forms.ChoiceField(label=_("离岗原因"), choices=Posting.Leaving.choices)
    note = forms.CharField(label=_("说明"), required=False, max_length=200)


class WorkLogForm(forms.ModelForm):
    """The kind names its heading (二(三)); the fields a kind needs are checked by the service."""

    kind = forms.ChoiceField(
        label=_("事项类别"),
        choices=[
            (str(Heading(heading).label), [(k, Kind(k).label) for k in kinds]) for heading, kinds in KINDS_OF.items()
        ],
    )
    window = forms.TypedChoiceField(label=_("县级工作窗口"), required=False, coerce=int, empty_value=None)

    class Meta:
        model = WorkLog
        fields = [
            "occurred_on",
            "kind",
            "summary",
            "people_served",
            "person_helped",
            "matter",
            "outcome",
            "members_count",
            "project",
            "partner",
            "value",
        ]
        widgets = {"occurred_on": DATE}

    def __init__(self, *args: Any, windows: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if windows:
            self.fields["window"].choices = [("", _("本机构")), *((w.id, w.county) for w in windows)]  # type: ignore[attr-defined]
        else:
            del self.fields["window"]

    def values(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self._meta.fields or () if name in self.cleaned_data}
        data["heading"] = next(h for h, kinds in KINDS_OF.items() if data["kind"] in kinds)
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由"), max_length=200)


class BudgetForm(forms.Form):
    """One line of a year's budget, or of its final accounts."""

    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    category = forms.ChoiceField(label=_("支出科目"), choices=SpendingCategory.choices)
    stage = forms.ChoiceField(
        label=_("录入"), choices=[("budget", _("预算数")), ("final", _("决算数"))], widget=forms.RadioSelect
    )
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=18, decimal_places=2, min_value=0)
    explanation = forms.CharField(label=_("超支说明"), required=False, max_length=300)


class RuleForm(forms.Form):
    title = forms.CharField(label=_("制度名称"), max_length=100)
    text = forms.CharField(label=_("制度正文"), widget=forms.Textarea(attrs={"rows": 10}))
    adopted_on = forms.DateField(label=_("印发日期"), widget=DATE)


class RotationTermForm(forms.Form):
    years = forms.IntegerField(label=_("轮换年限"), min_value=1, max_value=10, help_text=_("在岗至多年数。"))
    valid_from = forms.DateField(label=_("起始日期"))
    document = forms.CharField(label=_("依据文件"), max_length=100)


class CriterionForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    text = forms.CharField(label=_("考核内容"), max_length=200)
    max_score = forms.IntegerField(label=_("分值"), min_value=1, max_value=100)


class AssessmentForm(forms.Form):
    """A score per criterion of the year, the evidence, the result; for the office or one cadre."""

    posting = forms.TypedChoiceField(label=_("考核对象"), required=False, coerce=int, empty_value=None)
    evidence = forms.CharField(label=_("考核依据"), widget=forms.Textarea(attrs={"rows": 3}))
    result = forms.ChoiceField(label=_("考核结果"), choices=Assessment.Result.choices)

    def __init__(self, *args: Any, criteria: list[Any], postings: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.fields["posting"].choices = [("", _("本机构")), *((p.pk, f"{p.name}（{p.post}）") for p in postings)]  # type: ignore[attr-defined]
        for c in criteria:
            self.fields[f"score_{c.pk}"] = forms.IntegerField(
                label=f"{c.text}（{c.max_score}）", min_value=0, max_value=c.max_score
            )

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria if f"score_{c.pk}" in self.cleaned_data}
