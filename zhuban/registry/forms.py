"""Forms for the registry. They only validate input; the services do the writing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhuban.geo.models import City
from zhuban.org.access import scoped
from zhuban.org.capabilities import Capability
from zhuban.org.models import Unit
from zhuban.registry import queries
from zhuban.registry.models import Asset, BusinessEntity, Office, StaffMember
from zhuban.registry.services import ASSET_FIELDS, ENTITY_FIELDS, OFFICE_FIELDS, STAFF_FIELDS
from zhuban.versioning import VersionedForm

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: City) -> str:
        return f"{obj.province.name} · {obj.name}"


class OfficeForm(VersionedForm):
    document_fields = ("approval_document",)

    host_city = CityChoiceField(
        queryset=City.objects.select_related("province"), label=_("驻在城市"), help_text=_("驻在省份随城市确定。")
    )

    class Meta:
        model = Office
        fields = [f for f in OFFICE_FIELDS if f not in {"host_province", "status", "established_precision"}]
        widgets = {
            "established_on": DATE_INPUT,
            "main_functions": forms.Textarea(attrs={"rows": 3}),
            "remarks": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A clerk may only register offices for units they act for.
        self.fields["sponsor"].queryset = scoped(  # type: ignore[attr-defined]
            user, Unit.objects.select_related("jurisdiction"), action=Capability.REGISTRY_EDIT
        )

    def values(self) -> dict[str, Any]:
        values = super().values()
        values["host_province"] = values["host_city"].province
        return values

    def _post_clean(self) -> None:
        # The province follows the city, so the model's cross-field check sees a whole office.
        city = self.cleaned_data.get("host_city")
        if city is not None:
            self.instance.host_province = city.province
        super()._post_clean()  # type: ignore[misc]  # a ModelForm hook the stubs leave out


class AssetForm(VersionedForm):
    class Meta:
        model = Asset
        fields = list(ASSET_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "Disposed" is reached only through a recorded disposal, never typed in.
        # The stubs type self.fields' values as Field; this is a ChoiceField.
        self.fields["status"].choices = [c for c in Asset.Status.choices if c[0] != Asset.Status.DISPOSED]  # type: ignore[attr-defined]


class StaffForm(VersionedForm):
    class Meta:
        model = StaffMember
        fields = [f for f in STAFF_FIELDS if f != "status"]
        widgets = {"posted_on": DATE_INPUT}


class EntityForm(VersionedForm):
    class Meta:
        model = BusinessEntity
        fields = list(ENTITY_FIELDS)
        widgets = {"decoupled_on": DATE_INPUT}


class OfficeFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    host_city = forms.ModelChoiceField(queryset=City.objects.none(), label=_("驻在城市"), required=False)
    # Typed, with suggestions as the clerk types (a country has tens of thousands of units).
    sponsor = forms.CharField(
        label=_("设立单位"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"list": "sponsor-options", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(choices=[("", _("全部状态")), *Office.Status.choices], label=_("状态"), required=False)

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = scoped(user, Office.objects.all())
        # The stubs type self.fields' values as Field; this is a ModelChoiceField.
        self.fields["host_city"].queryset = City.objects.filter(pk__in=offices.values("host_city_id")).select_related(  # type: ignore[attr-defined]
            "province"
        )
        self.user = user
        self.fields["sponsor"].widget.attrs.update(
            {
                # Suggestions as the clerk types, into the page's datalist; the list's own URL stays.
                "hx-get": reverse("registry:sponsor_options"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#sponsor-options",
                "hx-swap": "outerHTML",
                "hx-push-url": "false",
            }
        )

    def clean_sponsor(self) -> tuple[int, ...]:
        name = self.cleaned_data["sponsor"].strip()
        if not name:
            return ()
        units = queries.sponsors_named(self.user, name)
        if not units:
            raise forms.ValidationError(_("没有名为“%(name)s”的设立单位。") % {"name": name})
        return tuple(units)
