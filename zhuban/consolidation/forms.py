"""Forms of consolidation. They validate input; the services write and enforce the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhuban.consolidation.models import CountyWindow, Disposal, Obligation, Placement, Settlement
from zhuban.inputs import NormalisedInput
from zhuban.registry.models import StaffMember
from zhuban.versioning import version_field

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FILE_HELP = _("PDF、OFD、Office 文档或图片，20MB 以内；按文件内容核验，并记录 SHA-256。")


def money(label, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=16, decimal_places=2, min_value=Decimal("0"), required=required, help_text=help_text
    )


def date_field(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_INPUT, required=required)


class TaskForm(NormalisedInput, forms.Form):
    owner = forms.CharField(label=_("责任单位或责任人"), max_length=100)
    due_on = date_field(_("完成时限"))
    version = version_field()


class EvidenceForm(NormalisedInput, forms.Form):
    file = forms.FileField(label=_("证明材料"), help_text=FILE_HELP)
    description = forms.CharField(label=_("说明"), max_length=200, required=False)


class DeregistrationForm(NormalisedInput, forms.Form):
    document_fields = ("document_number",)

    authority = forms.CharField(label=_("注销机关"), max_length=100, help_text=_("例如：通城县事业单位登记管理局"))
    document_number = forms.CharField(label=_("注销文号"), max_length=100)
    deregistered_on = date_field(_("注销日期"))


class QuotaForm(NormalisedInput, forms.Form):
    document_fields = ("document_number",)

    posts_recovered = forms.IntegerField(label=_("收回编制数"), min_value=0, max_value=10_000)
    confirmed_by = forms.CharField(label=_("确认单位（编办）"), max_length=100)
    document_number = forms.CharField(label=_("确认文号"), max_length=100)
    confirmed_on = date_field(_("确认日期"))
    difference_reason = forms.CharField(
        label=_("差异说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("收回编制数与核定编制数不一致时必须填写。"),
    )


class DisposalForm(NormalisedInput, forms.Form):
    document_fields = ("below_appraisal_approval", "approval_document")

    disposal_type = forms.ChoiceField(label=_("处置方式"), choices=Disposal.Type.choices, widget=forms.RadioSelect)
    channel = forms.ChoiceField(
        label=_("转让方式"),
        choices=[("", _("（不适用）")), *Disposal.Channel.choices],
        required=False,
        help_text=_("仅有偿转让填写。"),
    )
    receiver = forms.CharField(label=_("接收单位或买受人"), max_length=100, required=False)
    certificate_or_plate = forms.CharField(
        label=_("权属证书编号或车牌号"), max_length=100, required=False, help_text=_("土地、房屋、车辆必填。")
    )
    appraisal_value = money(_("评估价值（元）"), required=False)
    price = money(_("成交价格（元）"), required=False)
    below_appraisal_approval = forms.CharField(
        label=_("低于评估价成交的批准文号"), max_length=100, required=False, help_text=_("成交价低于评估价时必填。")
    )
    approval_document = forms.CharField(label=_("处置批准文号"), max_length=100)
    disposed_on = date_field(_("处置日期"))
    file = forms.FileField(label=_("证明材料"), required=False, help_text=FILE_HELP)


class ObligationForm(NormalisedInput, forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=Obligation.Kind.choices)
    counterparty = forms.CharField(label=_("对方单位或开户行及账号"), max_length=150)
    amount = money(_("账面余额（元）"))
    description = forms.CharField(label=_("摘要"), max_length=200, required=False)


class SettlementForm(NormalisedInput, forms.Form):
    document_fields = ("document",)

    method = forms.ChoiceField(label=_("清理方式"), choices=Settlement.Method.choices, widget=forms.RadioSelect)
    amount = money(_("金额（元）"))
    transferred_to = forms.CharField(
        label=_("承接单位"), max_length=100, required=False, help_text=_("转由其他单位承接或销户转出余额时必填。")
    )
    settled_on = date_field(_("日期"))
    document = forms.CharField(label=_("凭证或文号"), max_length=100, required=False)


class PlacementForm(NormalisedInput, forms.Form):
    document_fields = ("document",)

    destination = forms.ChoiceField(
        label=_("安置去向"), choices=Placement.Destination.choices, widget=forms.RadioSelect
    )
    unit_name = forms.CharField(
        label=_("接收单位"), max_length=100, required=False, help_text=_("调往其他单位时必填；回派出单位可不填。")
    )
    window = forms.ModelChoiceField(label=_("工作窗口"), queryset=CountyWindow.objects.none(), required=False)
    placed_on = date_field(_("安置日期"))
    document = forms.CharField(label=_("文号"), max_length=100, required=False)

    def __init__(self, *args: Any, windows, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The stubs type self.fields' values as Field; this is a ModelChoiceField.
        self.fields["window"].queryset = windows  # type: ignore[attr-defined]


class DecouplingForm(NormalisedInput, forms.Form):
    document_fields = ("document",)

    receiver = forms.CharField(
        label=_("接收单位"), max_length=100, required=False, help_text=_("移交给哪个单位管理；注销的可不填。")
    )
    document = forms.CharField(label=_("脱钩文号"), max_length=100)
    decoupled_on = date_field(_("脱钩日期"))


class CarryOverForm(NormalisedInput, forms.Form):
    document_fields = ("document",)

    carried_on = date_field(_("移交日期"))
    document = forms.CharField(label=_("移交文号"), max_length=100)


class CloseForm(NormalisedInput, forms.Form):
    closed_on = date_field(_("办结日期"))


class WindowApplyForm(NormalisedInput, forms.Form):
    document_fields = ("application_document",)

    applied_on = date_field(_("申请日期"))
    application_document = forms.CharField(label=_("申请文号"), max_length=100, required=False)


class WindowMemberForm(NormalisedInput, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    post = forms.CharField(label=_("职务"), max_length=100, required=False)
    is_head = forms.BooleanField(
        label=_("负责人"), required=False, help_text=_("负责人同时兼任县（市、区）政府办公室副主任。")
    )
    staff = forms.ModelChoiceField(label=_("原驻汉机构工作人员"), queryset=StaffMember.objects.none(), required=False)

    def __init__(self, *args: Any, staff=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff is not None:
            # The stubs type self.fields' values as Field; this is a ModelChoiceField.
            self.fields["staff"].queryset = staff  # type: ignore[attr-defined]


WindowMemberFormSet = forms.formset_factory(WindowMemberForm, extra=0, max_num=20, validate_max=True)


class WindowDecisionForm(NormalisedInput, forms.Form):
    document_fields = ("document",)

    decision = forms.ChoiceField(
        label=_("市政府意见"), choices=[("approve", _("批准")), ("reject", _("不批准"))], widget=forms.RadioSelect
    )
    document = forms.CharField(label=_("批准文号"), max_length=100, required=False)
    approved_on = date_field(_("批准日期"), required=False)
    file = forms.FileField(label=_("批准文件"), required=False, help_text=FILE_HELP)
    reason = forms.CharField(label=_("不批准理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == "approve":
            if not data.get("document"):
                self.add_error("document", _("批准须填写批准文号。"))
            if not data.get("approved_on"):
                self.add_error("approved_on", _("批准须填写批准日期。"))
        return data


class NarrativeForm(NormalisedInput, forms.Form):
    document_fields = ("document_number",)

    text = forms.CharField(
        label=_("工作情况（报告正文）"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("每段一行。数据部分由系统按实际记录生成，无需在此填写。"),
    )
    issuing_unit = forms.CharField(label=_("发文单位"), max_length=100, required=False)
    document_number = forms.CharField(
        label=_("发文字号"), max_length=100, required=False, help_text=_("例如：通政文〔2015〕12号")
    )
    signer = forms.CharField(label=_("签发人"), max_length=50, required=False)
    report_date = date_field(_("成文日期"), required=False)
    version = version_field()
