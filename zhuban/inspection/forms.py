"""Forms of inspection. They validate input; the services write and enforce the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhuban.inspection.models import Body, CaseKind, CheckItem, Kind, Severity, Verdict

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FILE_HELP = _("PDF、OFD、Office 文档或图片，每个20MB以内，可选多个；按文件内容核验，并记录 SHA-256。")


def date_field(label) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_INPUT)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Ids beyond a 64-bit integer are refused as invalid before they reach the database (SQLite
    raises on them inside ``pk__in`` rather than finding nothing)."""

    def _check_values(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else [value]:
            text = str(pk)
            if not (text.isascii() and text.isdigit() and int(text) < 2**63):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)  # type: ignore[misc]  # private in the stubs


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.ofd,.docx,.xlsx,.png,.jpg,.jpeg"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class MemberForm(forms.Form):
    body = forms.ChoiceField(label=_("成员单位"), choices=Body.choices)
    user: forms.ModelChoiceField = forms.ModelChoiceField(label=_("人员"), queryset=None)
    post = forms.CharField(label=_("职务"), max_length=60, required=False)

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.get_username()  # type: ignore[attr-defined]


class PlanForm(forms.Form):
    name = forms.CharField(label=_("检查名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=Kind.choices)
    starts_on = date_field(_("开始日期"))
    ends_on = date_field(_("结束日期"))
    leader: forms.ModelChoiceField = forms.ModelChoiceField(label=_("组长"), queryset=None)
    members: forms.ModelMultipleChoiceField = ModelMultipleChoiceField(
        label=_("检查组成员"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    offices: forms.ModelMultipleChoiceField = ModelMultipleChoiceField(
        label=_("检查对象"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, members: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = members  # type: ignore[attr-defined]
        self.fields["members"].queryset = members  # type: ignore[attr-defined]
        self.fields["offices"].queryset = offices  # type: ignore[attr-defined]


class PlanEditForm(PlanForm):
    """The plan once made: its kind stays (a patrol does not become the campaign's inspection)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


class MemberRemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("退出原因"),
        max_length=300,
        required=False,
        help_text=_("其录入的检查发现仍记在其本人和所代表单位名下。"),
    )


class EntryForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("检查结论"),
        choices=[(Verdict.COMPLIANT, Verdict.COMPLIANT.label), (Verdict.PROBLEM, Verdict.PROBLEM.label)],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("改判理由"), max_length=300, required=False, help_text=_("与系统预判不同时必填。"))


class FindingForm(forms.Form):
    item: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("检查项目"), queryset=CheckItem.objects.all(), required=False
    )
    clause = forms.CharField(
        label=_("依据条款"), max_length=20, required=False, help_text=_("不属于检查清单项目时填写，如 四(二)。")
    )
    severity = forms.ChoiceField(label=_("严重程度"), choices=Severity.choices)
    description = forms.CharField(label=_("问题描述"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    responsible_unit: forms.ModelChoiceField = forms.ModelChoiceField(label=_("整改责任单位"), queryset=None)
    deadline_days = forms.IntegerField(label=_("整改时限（工作日）"), min_value=1, max_value=60, initial=15)
    recorded_on = date_field(_("发现日期"))
    attachments = MultipleFileField(label=_("检查取证材料"), required=False, help_text=FILE_HELP)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = units  # type: ignore[attr-defined]


class RectifyForm(forms.Form):
    text = forms.CharField(label=_("整改情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    answered_on = date_field(_("报送日期"))
    attachments = MultipleFileField(label=_("整改证明材料"), required=False, help_text=FILE_HELP)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("验收结果"), choices=[("accept", _("验收通过")), ("return", _("退回重改"))], widget=forms.RadioSelect
    )
    on = date_field(_("验收日期"))
    comment = forms.CharField(label=_("验收意见"), max_length=500, required=False, help_text=_("退回时必填。"))


class CaseProposeForm(forms.Form):
    kind = forms.ChoiceField(label=_("违规类型"), choices=CaseKind.choices)
    office: forms.ModelChoiceField = forms.ModelChoiceField(label=_("涉及机构"), queryset=None, required=False)
    facts = forms.CharField(label=_("基本事实"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]


class CaseInvolveForm(forms.Form):
    """The offices of the case's jurisdiction, and the assets and people of its own office."""

    offices: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("涉案机构"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    assets: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("涉案资产"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    staff: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("涉案人员"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, offices: Any, assets: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offices"].queryset = offices  # type: ignore[attr-defined]
        self.fields["assets"].queryset = assets  # type: ignore[attr-defined]
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]
        self.fields["staff"].label_from_instance = lambda p: f"{p.name}（{p.post}）" if p.post else p.name  # type: ignore[attr-defined]


class CaseOpenForm(forms.Form):
    handling_body = forms.CharField(label=_("办理单位"), max_length=80, initial=_("市监察局"))
    opened_on = date_field(_("立案日期"))


class CaseDismissForm(forms.Form):
    reason = forms.CharField(label=_("不予立案理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class CaseNoteForm(forms.Form):
    text = forms.CharField(label=_("调查记录"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("证据材料"), required=False)


class CaseDecideForm(forms.Form):
    measure = forms.CharField(label=_("处理措施"), max_length=300)
    document = forms.CharField(label=_("处理决定文号"), max_length=100)
    decided_on = date_field(_("处理决定日期"))


class CaseFollowUpForm(forms.Form):
    text = forms.CharField(label=_("落实情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class CaseDiscloseForm(forms.Form):
    text = forms.CharField(
        label=_("通报内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("有关地方只能看到通报内容，看不到案件材料。"),
    )


class ScheduleForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"), choices=[(Kind.PATROL, Kind.PATROL.label), (Kind.FOLLOW_UP, Kind.FOLLOW_UP.label)]
    )
    name = forms.CharField(label=_("名称"), max_length=100)
    every_months = forms.IntegerField(label=_("周期（月）"), min_value=1, max_value=36, initial=12)
    next_on = date_field(_("下次开始日期"))
    leader: forms.ModelChoiceField = forms.ModelChoiceField(label=_("组长"), queryset=None)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = members  # type: ignore[attr-defined]
