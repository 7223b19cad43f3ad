"""Choosing a jurisdiction when one may choose among thousands: a drop-down when they are few,
otherwise typed (a name, a code, or as the suggestions write it) with suggestions from the
user's own scope; a name two jurisdictions share is refused with both named."""

from __future__ import annotations

import pytest
from django import forms
from django.db.models import Count
from django.urls import reverse

from zhuban.inputs import SELECT_LIMIT, JurisdictionField, jurisdiction_suggestions
from zhuban.org.models import Jurisdiction

pytestmark = pytest.mark.django_db


class Choose(forms.Form):
    jurisdiction = JurisdictionField(queryset=None, suggestions_url="/x/", datalist="x-options")

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].limit_to(allowed)


def test_a_few_jurisdictions_are_a_drop_down_and_many_are_typed():
    few = Jurisdiction.objects.filter(name__in=["通城县", "崇阳县"])
    assert not Choose(allowed=few).fields["jurisdiction"].typed
    many = Jurisdiction.objects.all()
    assert many.count() > SELECT_LIMIT
    field = Choose(allowed=many).fields["jurisdiction"]
    assert field.typed and field.widget.attrs["list"] == "x-options"


@pytest.mark.parametrize("typed", ["通城县", "421222", "通城县（421222）", "通城县(421222)", " 通城县\u200b "])
def test_a_typed_jurisdiction_is_found_by_name_code_or_as_suggested(typed):
    form = Choose({"jurisdiction": typed}, allowed=Jurisdiction.objects.all())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["jurisdiction"].name == "通城县"


def test_a_name_two_jurisdictions_share_is_refused_naming_both():
    shared = Jurisdiction.objects.values("name").annotate(n=Count("id")).filter(n__gt=1).order_by("name").first()
    assert shared, "the national tree has names used twice"
    form = Choose({"jurisdiction": shared["name"]}, allowed=Jurisdiction.objects.all())
    assert not form.is_valid()
    message = form.errors["jurisdiction"][0]
    for code in Jurisdiction.objects.filter(name=shared["name"]).values_list("code", flat=True)[:2]:
        assert code in message


@pytest.mark.parametrize("typed", ["崇阳县", "421223", "不存在县"])
def test_a_jurisdiction_out_of_the_users_reach_is_refused_like_a_made_up_one(typed):
    tongcheng = Jurisdiction.objects.get(name="通城县")
    allowed = Jurisdiction.objects.filter(path__startswith=tongcheng.path)
    many = Jurisdiction.objects.filter(pk__in=list(allowed.values_list("pk", flat=True)))
    form = Choose({"jurisdiction": typed}, allowed=many)
    assert not form.is_valid()


def test_suggestions_come_from_the_allowed_jurisdictions_only():
    hubei = Jurisdiction.objects.get(name="湖北省")
    allowed = Jurisdiction.objects.filter(path__startswith=hubei.path)
    options = jurisdiction_suggestions(allowed, "城")
    assert options and all("湖北省" in label for _value, label in options)
    assert len(jurisdiction_suggestions(allowed, "县", limit=5)) == 5
    assert jurisdiction_suggestions(allowed, "  ") == []


def test_the_province_exports_a_county_it_types_and_the_page_lists_no_thousand_options(as_persona):
    province = as_persona("province_officer")
    page = province.get(reverse("workbook:index")).content.decode()
    assert page.count("<option") < SELECT_LIMIT and 'list="export-jurisdictions"' in page
    response = province.get(reverse("workbook:export"), {"jurisdiction": "通城县（421222）"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    options = province.get(reverse("workbook:jurisdiction_options"), {"for": "export", "jurisdiction": "通城"})
    assert "通城县（421222）" in options.content.decode()
    clerk = as_persona("tongcheng_clerk")
    assert clerk.get(reverse("workbook:export"), {"jurisdiction": "崇阳县"}).status_code == 404
    assert "崇阳" not in clerk.get(reverse("workbook:jurisdiction_options"), {"jurisdiction": "崇阳"}).content.decode()
