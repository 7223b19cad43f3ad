"""The trail's search form: names and labels only; the action list shows each action's label."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhuban.audit.actions import all_actions
from zhuban.audit.queries import TrailFilter
from zhuban.org.models import Jurisdiction

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TrailFilterForm(forms.Form):
    office = forms.CharField(label=_("办事机构"), required=False, max_length=100)
    actor = forms.CharField(label=_("操作人"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("操作"), required=False)
    jurisdiction = forms.ModelChoiceField(
        label=_("行政区划"), required=False, queryset=Jurisdiction.objects.none(), empty_label=_("全部")
    )
    since = forms.DateField(label=_("起始日期"), required=False, widget=DATE_INPUT)
    until = forms.DateField(label=_("结束日期"), required=False, widget=DATE_INPUT)

    def __init__(self, *args: Any, jurisdictions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = sorted((str(member.label), code) for code, member in all_actions().items())
        self.fields["action"].choices = [("", _("全部"))] + [(code, label) for label, code in labels]  # type: ignore[attr-defined]
        self.fields["jurisdiction"].queryset = jurisdictions  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("结束日期不能早于起始日期。"))
        return data

    def trail_filter(self) -> TrailFilter:
        """The filter from the fields that are valid; a field in error narrows nothing."""
        self.is_valid()
        data = self.cleaned_data
        return TrailFilter(
            office=data.get("office") or "",
            actor=data.get("actor") or "",
            action=data.get("action") or "",
            jurisdiction=data.get("jurisdiction"),
            since=data.get("since"),
            until=data.get("until") if "until" not in self.errors else None,
        )
