"""Forms read what people type the way the import reads a cell: names without invisible or
bidirectional control characters, document numbers with 〔〕, dates within the import's years.
So an office typed into a form, exported to 附表一 and imported again shows no change."""

from __future__ import annotations

import inspect
from types import ModuleType

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhuban.audit.services import Actor
from zhuban.campaign import forms as campaign_forms
from zhuban.consolidation import forms as consolidation_forms
from zhuban.decision import forms as decision_forms
from zhuban.geo.models import City
from zhuban.inputs import NormalisedInput
from zhuban.lib import normalise
from zhuban.org.models import Jurisdiction, Unit
from zhuban.registry import forms as registry_forms
from zhuban.registry.models import BusinessEntity, Office
from zhuban.workbook.exporting import write_registration
from zhuban.workbook.queries import export_rows, offices_in
from zhuban.workbook.reading import read_registration
from zhuban.workbook.services import registration_import

pytestmark = pytest.mark.django_db

FORM_MODULES = [registry_forms, decision_forms, consolidation_forms, campaign_forms]
# Forms that only filter or choose what a page shows: nothing they carry is stored.
NOT_STORED = {"OfficeFilterForm", "AsOfForm"}

ZWSP, RLO, PDF_, LRI, PDI, BOM, IDEO_SPACE = "\u200b", "\u202e", "\u202c", "\u2066", "\u2069", "\ufeff", "\u3000"
HOSTILE_NAMES = [
    f"{BOM}通城县人民政府驻岳阳联络处{ZWSP}",
    f"通城县{RLO}人民政府{PDF_}驻岳阳联络处",
    f"{IDEO_SPACE}通城县人民政府{IDEO_SPACE}驻岳阳联络处{IDEO_SPACE}",
    f"{LRI}通城县人民政府驻岳阳联络处{PDI}\u200e\u200f",
    " \u00a0通城县人民政府驻岳阳\u2060联络处\u200d ",
]
SHAPES = ["bom-zwsp", "rlo-pdf", "ideographic-spaces", "isolates-marks", "nbsp-joiners"]


def _forms_of(module: ModuleType) -> list[type[forms.BaseForm]]:
    return [
        cls
        for name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__ and name not in NOT_STORED
    ]


STORED_FORMS = [cls for module in FORM_MODULES for cls in _forms_of(module)]


@pytest.mark.parametrize("form_class", STORED_FORMS, ids=lambda c: c.__name__)
def test_every_form_that_stores_typed_text_or_dates_reads_them_as_the_import_does(form_class):
    typed = [f for f in form_class.base_fields.values() if isinstance(f, (forms.CharField, forms.DateField))]
    if typed or form_class is decision_forms.PolicySettingsForm:
        assert issubclass(form_class, NormalisedInput)


@pytest.mark.parametrize("form_class", STORED_FORMS, ids=lambda c: c.__name__)
def test_every_document_number_field_of_a_form_is_read_as_a_document_number(form_class):
    numbers = {
        name
        for name, f in form_class.base_fields.items()
        if isinstance(f, forms.CharField) and ("文号" in str(f.label) or name.endswith("document"))
    }
    assert numbers <= set(getattr(form_class, "document_fields", ()))


def _office_data(**overrides):
    data = {
        "name": "通城县人民政府驻岳阳联络处",
        "sponsor": Unit.objects.get(name="通城县人民政府").pk,
        "host_city": City.objects.get(name="岳阳市").pk,
        "established_on": "2012-05-01",
        "staffing_quota": "2",
        "headcount": "2",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=SHAPES)
def test_a_name_typed_with_invisible_characters_is_stored_as_the_import_stores_it(as_persona, name):
    response = as_persona("tongcheng_clerk").post(reverse("registry:office_create"), _office_data(name=name))
    assert response.status_code == 302
    assert Office.objects.filter(name="通城县人民政府驻岳阳联络处").count() == 1


def test_a_name_of_only_invisible_characters_is_missing(as_persona):
    response = as_persona("tongcheng_clerk").post(
        reverse("registry:office_create"), _office_data(name=f"{ZWSP}{IDEO_SPACE}{RLO}{BOM}")
    )
    assert response.status_code == 422 and "name" in response.context["form"].errors


def test_the_same_name_with_hidden_characters_is_the_same_office_not_a_look_alike(as_persona):
    clerk = as_persona("tongcheng_clerk")
    assert clerk.post(reverse("registry:office_create"), _office_data()).status_code == 302
    again = clerk.post(reverse("registry:office_create"), _office_data(name=f"通城县人民政府驻岳阳{ZWSP}联络处"))
    assert again.status_code == 422 and "已经存在" in again.content.decode()


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "1899-12-31", "2100-01-01"])
def test_a_date_outside_the_imports_years_is_refused_with_a_message_in_the_users_language(as_persona, typed):
    client = as_persona("tongcheng_clerk")
    response = client.post(reverse("registry:office_create"), _office_data(established_on=typed))
    assert response.status_code == 422
    assert "日期须在 1900 年至 2099 年之间" in str(response.context["form"].errors["established_on"])
    with translation.override("en"):
        form = registry_forms.StaffForm({"name": "张三", "employment": "establishment", "posted_on": typed})
        assert not form.is_valid()
        assert "between 1900 and 2099" in str(form.errors["posted_on"])
    assert not Office.objects.filter(name="通城县人民政府驻岳阳联络处").exists()


@pytest.mark.parametrize(
    ("form_class", "data", "field"),
    [
        (decision_forms.ApprovalForm, {"approved_on": "2015-08-10"}, "document"),
        (
            consolidation_forms.DeregistrationForm,
            {"authority": "编办", "deregistered_on": "2015-08-10"},
            "document_number",
        ),  # noqa: E501
        (consolidation_forms.CarryOverForm, {"carried_on": "2015-08-10"}, "document"),
        (consolidation_forms.WindowApplyForm, {"applied_on": "2015-08-10"}, "application_document"),
        (campaign_forms.SubmitForm, {}, "document"),
    ],
    ids=lambda v: v.__name__ if isinstance(v, type) else None,
)
@pytest.mark.parametrize("typed", ["咸政函[2015]45号", "咸政函（２０１５）45号", f"{RLO}咸政函【2015】45号{ZWSP}"])
def test_a_document_number_typed_in_any_bracket_is_stored_with_the_official_ones(form_class, data, field, typed):
    form = form_class({**data, field: typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data[field] == "咸政函〔2015〕45号"


texts = st.lists(
    st.one_of(st.text(max_size=10), st.sampled_from(sorted(normalise.INVISIBLE))), min_size=1, max_size=10
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=texts, post=texts)
def test_any_text_a_form_accepts_is_what_the_import_would_store(name, post):
    form = consolidation_forms.WindowMemberForm({"name": name.replace("\x00", ""), "post": post.replace("\x00", "")})
    if form.is_valid():
        for field, typed in (("name", name), ("post", post)):
            assert form.cleaned_data[field] == normalise.text(typed.replace("\x00", ""))
            assert not normalise.INVISIBLE & set(form.cleaned_data[field])


def test_running_text_keeps_the_full_width_spaces_between_words_and_loses_only_what_hides(as_persona):
    form = campaign_forms.TaskForceForm(
        {
            "lead_name": f"吴{IDEO_SPACE}海波{ZWSP}",
            "lead_post": "县人民政府办公室主任",
            "members": f"{IDEO_SPACE}吴海波{IDEO_SPACE}县政府办主任{RLO}\n张伟{IDEO_SPACE}县编办副主任{BOM}",
            "contact_name": "李明",
            "contact_phone": "0715-4321234",
            "established_on": "2015-07-18",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["lead_name"] == "吴海波"
    assert form.cleaned_data["members"] == f"吴海波{IDEO_SPACE}县政府办主任\n张伟{IDEO_SPACE}县编办副主任"


# ---- Form, export, re-import: they agree ---------------------------------------------------------


def _reimport(tmp_path, jurisdiction):
    path = tmp_path / "export.xlsx"
    write_registration(path, export_rows(offices_in(jurisdiction)))
    return registration_import(
        actor=Actor.system("test"), jurisdiction=jurisdiction, sheet=read_registration(path), dry_run=True
    )


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=SHAPES)
def test_an_office_typed_with_hostile_strings_exports_and_re_imports_with_no_error_and_no_change(
    as_persona, tmp_path, name
):
    clerk = as_persona("tongcheng_clerk")
    data = _office_data(
        name=name,
        additional_plaque=f"{RLO}通城县驻岳阳招商联络处{ZWSP}",
        address=f"岳阳市{IDEO_SPACE}岳阳楼区{LRI}巴陵中路1号{PDI}",
        approval_authority=f"{BOM}通城县人民政府",
        approval_document=f"通政函[2012]{ZWSP}8号",
        rank=f"{IDEO_SPACE}股级{IDEO_SPACE}",
        head_name=f"张{IDEO_SPACE}伟\u200f",
        contact_phone="\u2066 0730-8888888 \u2069",
        main_functions=f"{IDEO_SPACE}{IDEO_SPACE}招商引资；\n联络{IDEO_SPACE}服务{RLO}",
        remarks=f"备注{BOM}",
    )
    assert clerk.post(reverse("registry:office_create"), data).status_code == 302
    office = Office.objects.get(name="通城县人民政府驻岳阳联络处")
    assert office.approval_document == "通政函〔2012〕8号"
    entity = clerk.post(
        reverse("registry:entity_create", args=[office.pk]),
        {"name": f"{ZWSP}岳阳{IDEO_SPACE}通城宾馆{RLO}", "kind": "hotel", "decoupling": "tied"},
    )
    assert entity.status_code == 302
    assert BusinessEntity.objects.get(office=office).name == "岳阳通城宾馆"

    result = _reimport(tmp_path, Jurisdiction.objects.get(name="通城县"))
    assert result.errors == []
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == Office.objects.filter(jurisdiction__name="通城县").count()
    row = next(r for r in result.rows if r.name == "通城县人民政府驻岳阳联络处")
    assert row.changes == []


@pytest.mark.parametrize("typed", ["0001-01-01", "9999年12月31日", "2100-01"])
def test_an_import_refuses_the_dates_a_form_refuses_naming_row_column_and_value(tmp_path, typed):
    from zhuban.workbook.tests.builders import office, xlsx

    result = registration_import(
        actor=Actor.system("test"),
        jurisdiction=Jurisdiction.objects.get(name="通城县"),
        sheet=read_registration(xlsx(tmp_path, [office(设立时间=typed)])),
    )
    assert [e.code for e in result.errors] == ["date_range"]
    assert result.errors[0].message == f"第 4 行“设立时间”的日期“{typed}”不在 1900 年至 2099 年之间，请核对年份。"
    assert result.created == 0
