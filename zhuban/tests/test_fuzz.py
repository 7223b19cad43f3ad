"""Forms and the JSON API under generated hostile input: never a 500, always a clear message,
stored data unchanged when the input is refused."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhuban.audit.models import AuditEntry
from zhuban.registry.models import Asset, Office

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

# Text that has broken real systems: control characters, lone surrogates are impossible in
# HTTP, so any other code point, long strings, numbers at the edges, SQL and markup.
nasty = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "０",
            "-1",
            "1e309",
            "NaN",
            "9" * 40,
            "2015-02-30",
            "'; DROP TABLE registry_office;--",
            "<script>alert(1)</script>",
            "=cmd|'/c calc'!A1",
            "\x00",
            "１２",
            "１,２００",
            "3辆",
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
OFFICE_FIELDS = [
    "name",
    "additional_plaque",
    "sponsor",
    "host_city",
    "address",
    "established_on",
    "approval_authority",
    "approval_document",
    "nature",
    "rank",
    "funding",
    "staffing_quota",
    "headcount",
    "seconded_count",
    "local_hire_count",
    "building_area",
    "land_area",
    "vehicle_count",
    "total_assets",
    "total_liabilities",
    "counterpart_assistance",
    "main_functions",
    "head_name",
    "contact_phone",
    "remarks",
    "version",
]


def _clean(value: str) -> str:
    # The test client sends form data as multipart, which cannot carry NUL characters.
    return value.replace("\x00", "")


@FUZZ
@given(data=st.fixed_dictionaries({}, optional={f: nasty for f in OFFICE_FIELDS}))
def test_the_office_form_never_fails_on_any_input(as_persona, data):
    client = as_persona("tongcheng_clerk")
    offices, entries = Office.objects.count(), AuditEntry.objects.count()
    response = client.post(reverse("registry:office_create"), {k: _clean(v) for k, v in data.items()})
    assert response.status_code in (302, 422)
    if response.status_code == 422:
        assert response.context["form"].errors
        assert (Office.objects.count(), AuditEntry.objects.count()) == (offices, entries)


@FUZZ
@given(data=st.fixed_dictionaries({}, optional={f: nasty for f in OFFICE_FIELDS}))
def test_the_office_edit_form_never_fails_and_refused_edits_change_nothing(as_persona, office_of, data):
    office = office_of("通城县人民政府驻武汉办事处")
    before = Office.objects.filter(pk=office.pk).values().get()
    response = as_persona("tongcheng_clerk").post(
        reverse("registry:office_edit", args=[office.pk]), {k: _clean(v) for k, v in data.items()}
    )
    assert response.status_code in (302, 422)
    if response.status_code == 422:
        assert Office.objects.filter(pk=office.pk).values().get() == before


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            f: nasty
            for f in ["category", "description", "area", "plate_number", "certificate_number", "book_value", "status"]
        },
    )
)
def test_the_asset_form_never_fails_on_any_input(as_persona, office_of, data):
    office = office_of("通城县人民政府驻武汉办事处")
    count = Asset.objects.count()
    response = as_persona("tongcheng_clerk").post(
        reverse("registry:asset_create", args=[office.pk]), {k: _clean(v) for k, v in data.items()}
    )
    assert response.status_code in (302, 422)
    if response.status_code == 422:
        assert Asset.objects.count() == count


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=20), children, max_size=6),
    max_leaves=30,
)
office_like = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "name": json_values,
        "sponsor": st.fixed_dictionaries(
            {}, optional={"level": json_values, "kind": json_values, "government": json_values}
        ),
        "host_city": json_values,
        "host_province": json_values,
        "counterpart_assistance": json_values,
        "established_on": json_values,
        "headcount": json_values,
    },
)


@FUZZ
@given(payload=st.one_of(json_values, st.fixed_dictionaries({"offices": st.lists(office_like, max_size=4)})))
def test_the_assess_api_answers_every_json_with_a_result_or_a_message(as_persona, payload):
    response = as_persona("tongcheng_clerk").post(
        reverse("policy:assess"), json.dumps(payload), content_type="application/json"
    )
    assert response.status_code in (200, 400)
    body = response.json()
    assert ("results" in body) if response.status_code == 200 else body["errors"]


@FUZZ
@given(raw=st.binary(max_size=200))
def test_the_assess_api_answers_bytes_that_are_not_json_with_a_message(as_persona, raw):
    response = as_persona("tongcheng_clerk").post(reverse("policy:assess"), raw, content_type="application/json")
    assert response.status_code in (200, 400) and response.json()


def _form_pages() -> list[str]:
    """Every URL whose page the city bureau opens with a form in it (the access matrix knows them)."""
    from zhuban.tests.test_access_matrix import city_bureau_pages

    return [name for name in city_bureau_pages() if not name.endswith(("_file", "_docx", "_xlsx"))]


@pytest.mark.parametrize("name", _form_pages())
def test_every_form_page_survives_generated_input(as_persona, name):
    """Whatever is posted to any form of the product, the answer is a page, never a server error."""
    from zhuban.tests.test_access_matrix import tongcheng_args

    client = as_persona("city_officer")
    url = reverse(name, args=tongcheng_args(name))
    form = (client.get(url).context or {}).get("form")
    if form is None:
        pytest.skip("no form on this page")
    fields = list(form.fields)

    @FUZZ
    @given(data=st.fixed_dictionaries({}, optional={f: nasty for f in fields}))
    def post(data):
        response = client.post(url, {k: _clean(v) for k, v in data.items()})
        assert response.status_code < 500

    post()
