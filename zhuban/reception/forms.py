"""Forms of the reception pages: what a person types; the services decide what is allowed.

People are typed one per line, as they stand in a letter ("王志军，副主任，厅局级"): quicker than
a row of boxes per person, and a line that cannot be read is refused naming the line."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhuban.inputs import NormalisedInput
from zhuban.reception.models import CostKind, Origin, Payment, Rank, Standard

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FILE_HELP = _("PDF、OFD 或图片，20MB 以内。")
SEPARATORS = re.compile(r"[，,、\t]+|\s{1,}")
RANK_BY_WORD = {**{str(r.label): r.value for r in Rank}, **{r.value: r.value for r in Rank}}


def rank_words() -> dict[str, str]:
    """Rank names as typed, in Chinese and in the reader's language, to their codes."""
    out = dict(RANK_BY_WORD)
    for r in Rank:
        out[str(r.label)] = r.value
        out[gettext(str(r.label))] = r.value
    return out


def parse_people(text: str, *, ranked: bool) -> list[dict[str, str]]:
    """One person a line: name, post and (for visitors) rank, separated by commas or spaces."""
    people = []
    words = rank_words()
    for n, line in enumerate(text.splitlines(), start=1):
        parts = [p for p in SEPARATORS.split(line.strip()) if p]
        if not parts:
            continue
        person = {"name": parts[0], "post": parts[1] if len(parts) > 1 else ""}
        if ranked:
            if len(parts) < 3:
                raise ValidationError(
                    _("第%(n)s行“%(line)s”：须写明姓名、职务和级别（如：王志军，副主任，厅局级）。"),
                    params={"n": n, "line": line.strip()[:40]},
                )
            rank = words.get(parts[2])
            if rank is None:
                raise ValidationError(
                    _("第%(n)s行：级别“%(rank)s”无法识别，应为省部级、厅局级或县处级及以下。"),
                    params={"n": n, "rank": parts[2][:20]},
                )
            person["rank"] = rank
        people.append(person)
    return people


def people_text(people: list[dict[str, Any]], *, ranked: bool) -> str:
    lines = []
    for p in people or ():
        parts = [p.get("name", ""), p.get("post", "")]
        if ranked:
            parts.append(str(Rank(p["rank"]).label) if p.get("rank") in Rank.values else "")
        lines.append("，".join(parts))
    return "\n".join(lines)


class PeopleField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *args: Any, ranked: bool = True, **kwargs: Any) -> None:
        self.ranked = ranked
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> list[dict[str, str]]:
        text = super().clean(value)
        return parse_people(text or "", ranked=self.ranked)


class LetterForm(NormalisedInput, forms.Form):
    document_fields = ("number",)

    sending_unit = forms.CharField(label=_("派出单位"), max_length=100)
    origin = forms.ChoiceField(label=_("来访地"), choices=Origin.choices, initial=Origin.IN_PROVINCE)
    number = forms.CharField(label=_("公函文号"), max_length=100, required=False)
    content = forms.CharField(label=_("公务内容"), widget=forms.Textarea(attrs={"rows": 2}))
    itinerary = forms.CharField(label=_("行程"), widget=forms.Textarea(attrs={"rows": 2}))
    date_from = forms.DateField(label=_("来访起始日期"), widget=DATE)
    date_to = forms.DateField(label=_("来访结束日期"), widget=DATE)
    people = PeopleField(
        label=_("来访人员"), help_text=_("每行一人：姓名，职务，级别（省部级、厅局级、县处级及以下）。")
    )
    file = forms.FileField(label=_("公函扫描件"), help_text=FILE_HELP)


class RequestForm(NormalisedInput, forms.Form):
    reason = forms.CharField(label=_("接待事由"), widget=forms.Textarea(attrs={"rows": 2}))
    schedule = forms.CharField(label=_("活动安排"), widget=forms.Textarea(attrs={"rows": 3}))
    budget = forms.DecimalField(label=_("预算（元）"), min_value=0, max_digits=14, decimal_places=2)
    meals = forms.CharField(label=_("拟安排用餐"), max_length=200, required=False)
    lodging = forms.CharField(label=_("拟安排住宿"), max_length=200, required=False)


class ApproveForm(NormalisedInput, forms.Form):
    approved_on = forms.DateField(label=_("批准日期"), widget=DATE)
    comments = forms.CharField(label=_("审批意见"), max_length=300, required=False)


class CostForm(NormalisedInput, forms.Form):
    # A blank first choice, so a row left blank stays blank (and is not saved).
    kind = forms.ChoiceField(label=_("费用类别"), choices=[("", "—"), *CostKind.choices])
    day = forms.DateField(label=_("日期"), widget=DATE)
    venue = forms.CharField(label=_("场所"), max_length=200)
    description = forms.CharField(label=_("内容"), max_length=200, required=False)
    persons = forms.IntegerField(label=_("人数"), min_value=1, max_value=10_000)
    nights = forms.IntegerField(label=_("间夜（住宿）"), min_value=1, max_value=366, required=False)
    amount = forms.DecimalField(label=_("金额（元）"), min_value=0, max_digits=14, decimal_places=2)


CostFormSet = forms.formset_factory(CostForm, extra=4, max_num=100, absolute_max=100, validate_max=True)


class ListForm(NormalisedInput, forms.Form):
    """The reception list, with its costs as a formset (blank cost rows are ignored)."""

    visitor_unit = forms.CharField(label=_("接待对象单位"), max_length=100)
    visitors = PeopleField(label=_("接待对象"), help_text=_("每行一人：姓名，职务，级别。"))
    activity = forms.CharField(label=_("公务活动项目"), widget=forms.Textarea(attrs={"rows": 2}))
    started_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ended_on = forms.DateField(label=_("结束日期"), widget=DATE)
    venue = forms.CharField(label=_("活动场所"), max_length=200)
    companions = PeopleField(label=_("陪同人员"), ranked=False, required=False, help_text=_("每行一人：姓名，职务。"))

    def __init__(self, data: Any = None, *args: Any, initial_costs: list[dict[str, Any]] | None = None, **kwargs: Any):
        super().__init__(data, *args, **kwargs)
        self.costs = CostFormSet(data, prefix="costs", initial=initial_costs or None)

    def is_valid(self) -> bool:
        valid = super().is_valid()
        costs_valid = self.costs.is_valid()
        if valid and not costs_valid:
            self.add_error(None, gettext("费用有误，请按提示修改。"))
        return valid and costs_valid

    def cost_values(self) -> list[dict[str, Any]]:
        return [f.cleaned_data for f in self.costs.forms if f.cleaned_data]

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class SettleForm(NormalisedInput, forms.Form):
    invoice = forms.FileField(label=_("财务票据"), help_text=FILE_HELP)
    invoice_number = forms.CharField(label=_("票据号码"), max_length=60, required=False)
    payment = forms.ChoiceField(
        label=_("支付方式"),
        choices=Payment.choices,
        widget=forms.RadioSelect,
        help_text=_("应以公务卡或银行转账结算（规定第十五条）；现金支付如实登记，并提示负责人和检查组。"),
    )
    paid_on = forms.DateField(label=_("支付日期"), widget=DATE)


class ExplainForm(NormalisedInput, forms.Form):
    explanation = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 3}))


class StandardForm(NormalisedInput, forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=Standard.Kind.choices)
    rank = forms.ChoiceField(label=_("接待对象级别"), choices=[("", _("不分级别")), *Rank.choices], required=False)
    origin = forms.ChoiceField(label=_("来访地"), choices=[("", _("不分来访地")), *Origin.choices], required=False)
    amount = forms.DecimalField(label=_("金额（元）"), min_value=0, max_digits=14, decimal_places=2, required=False)
    limit = forms.IntegerField(label=_("上限"), min_value=0, max_value=1000, required=False)
    group_size = forms.IntegerField(label=_("人数界限"), min_value=1, max_value=1000, required=False)
    divisor = forms.IntegerField(label=_("超过界限时的比例（分之一）"), min_value=1, max_value=100, required=False)
    text = forms.CharField(
        label=_("内容"), max_length=300, required=False, help_text=_("住房标准或禁止事项，以“、”分隔。")
    )
    valid_from = forms.DateField(label=_("起始日期"), widget=DATE)
    source = forms.CharField(label=_("依据文件"), max_length=200)
