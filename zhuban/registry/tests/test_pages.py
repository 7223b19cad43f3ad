"""What a clerk sees and does in the registry, through the real HTTP views."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.geo.models import City
from zhuban.org.models import Unit
from zhuban.registry.models import Asset, Office
from zhuban.tests.test_access_matrix import without_csrf_tokens

pytestmark = pytest.mark.django_db

TONGCHENG_WUHAN = "通城县人民政府驻武汉办事处"
CHONGYANG_WUHAN = "崇阳县人民政府驻武汉联络处"


def office_form_data(**overrides):
    changsha = City.objects.get(name="长沙市")
    data = {
        "name": "通城县人民政府驻岳阳联络处",
        "sponsor": Unit.objects.get(name="通城县人民政府").pk,
        "host_city": City.objects.get(name="岳阳市").pk,
        "established_on": "2012-05-01",
        "staffing_quota": "2",
        "headcount": "2",
        "additional_plaque": "",
        "address": "",
    }
    data.update(overrides)
    del changsha
    return data


def test_tongcheng_clerk_sees_only_tongcheng_offices(as_persona):
    response = as_persona("tongcheng_clerk").get(reverse("registry:office_list"))
    names = {o.name for o in response.context["page"]}
    assert names == {TONGCHENG_WUHAN, "通城县招商局驻武汉联络处", "通城县人民政府驻长沙联络处"}


def test_city_officer_sees_every_office(as_persona):
    response = as_persona("city_officer").get(reverse("registry:office_list"))
    assert response.context["page"].count == Office.objects.count()


def test_department_clerk_sees_only_their_units_offices(as_persona):
    response = as_persona("zhaoshang_clerk").get(reverse("registry:office_list"))
    assert {o.name for o in response.context["page"]} == {"咸宁市招商局驻武汉联络处"}


def test_chongyang_clerk_gets_404_for_a_tongcheng_office_as_for_a_missing_one(as_persona, office_of):
    client = as_persona("chongyang_clerk")
    tongcheng = office_of(TONGCHENG_WUHAN)
    missing = client.get(reverse("registry:office_detail", args=[999999]))
    hidden = client.get(reverse("registry:office_detail", args=[tongcheng.pk]))
    assert hidden.status_code == missing.status_code == 404
    assert without_csrf_tokens(hidden.content, hidden.request["PATH_INFO"]) == without_csrf_tokens(
        missing.content, missing.request["PATH_INFO"]
    )


def test_search_by_name_host_city_sponsor_and_status(as_persona):
    client = as_persona("city_officer")
    url = reverse("registry:office_list")
    by_name = client.get(url, {"q": "拉萨"}).context["page"]
    assert [o.name for o in by_name] == ["咸宁市人民政府驻拉萨工作组"]
    changsha = City.objects.get(name="长沙市")
    by_city = client.get(url, {"host_city": changsha.pk}).context["page"]
    assert {o.host_city_id for o in by_city} == {changsha.pk} and len(by_city) == 2
    sponsor = Unit.objects.get(name="咸宁市商务局")
    assert [o.name for o in client.get(url, {"sponsor": sponsor.name}).context["page"]] == ["咸宁市商务局驻广州联络处"]
    assert len(client.get(url, {"status": "revoked"}).context["page"]) == 0


def test_search_never_reaches_outside_the_clerks_jurisdiction(as_persona):
    page = as_persona("chongyang_clerk").get(reverse("registry:office_list"), {"q": "通城"}).context["page"]
    assert list(page) == []


def test_htmx_filter_returns_only_the_rows_fragment(as_persona):
    response = as_persona("tongcheng_clerk").get(
        reverse("registry:office_list"), {"q": "长沙"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" not in body and "通城县人民政府驻长沙联络处" in body


def test_clerk_registers_an_office_and_the_trail_records_who_and_what(as_persona, tongcheng_clerk):
    response = as_persona("tongcheng_clerk").post(reverse("registry:office_create"), office_form_data())
    office = Office.objects.get(name="通城县人民政府驻岳阳联络处")
    assert response.status_code == 302 and response.url == office.get_absolute_url()
    assert office.host_province.name == "湖南省" and office.jurisdiction.name == "通城县"
    entry = AuditEntry.objects.get(subject_id=str(office.pk), action="office.register")
    assert entry.actor == tongcheng_clerk and entry.before is None
    assert entry.after["name"] == "通城县人民政府驻岳阳联络处" and entry.after["staffing_quota"] == 2


def test_clerk_cannot_register_an_office_for_another_county(as_persona):
    data = office_form_data(sponsor=Unit.objects.get(name="崇阳县人民政府").pk)
    response = as_persona("tongcheng_clerk").post(reverse("registry:office_create"), data)
    assert response.status_code == 422
    assert "sponsor" in response.context["form"].errors
    assert not Office.objects.filter(name="通城县人民政府驻岳阳联络处").exists()


def test_invalid_office_gets_messages_naming_the_field_and_nothing_is_stored(as_persona):
    before = AuditEntry.objects.count()
    data = office_form_data(headcount="2", staffing_quota="-1", local_hire_count="5", established_on="2012-13-45")
    response = as_persona("tongcheng_clerk").post(reverse("registry:office_create"), data)
    errors = response.context["form"].errors
    assert response.status_code == 422
    assert {"staffing_quota", "established_on"} <= set(errors)
    assert not Office.objects.filter(name=data["name"]).exists()
    assert AuditEntry.objects.count() == before


def test_more_local_hires_than_headcount_is_refused_with_the_numbers(as_persona):
    data = office_form_data(headcount="2", local_hire_count="5")
    response = as_persona("tongcheng_clerk").post(reverse("registry:office_create"), data)
    assert response.status_code == 422
    assert "5" in str(response.context["form"].errors["local_hire_count"])


def test_duplicate_name_for_the_same_sponsor_is_refused(as_persona):
    data = office_form_data(name=TONGCHENG_WUHAN, host_city=City.objects.get(name="武汉市").pk)
    response = as_persona("tongcheng_clerk").post(reverse("registry:office_create"), data)
    assert response.status_code == 422 and "__all__" in response.context["form"].errors


def test_editing_an_office_records_before_and_after_and_the_reason(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    client = as_persona("tongcheng_clerk")
    form = client.get(reverse("registry:office_edit", args=[office.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k not in {"id"}}
    data.update(headcount="5", version=office.version, reason="人员调整", established_on="1992-06-18")
    data["host_city"] = office.host_city_id
    data["counterpart_assistance"] = ""
    response = client.post(reverse("registry:office_edit", args=[office.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    entry = AuditEntry.objects.filter(subject_id=str(office.pk), action="office.update").get()
    assert entry.before == {"headcount": 6} and entry.after == {"headcount": 5}
    assert entry.reason == "人员调整"
    history = client.get(reverse("registry:office_history", args=[office.pk])).content.decode()
    assert "人员调整" in history and "实有人数" in history


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    client = as_persona("tongcheng_clerk")
    form = client.get(reverse("registry:office_edit", args=[office.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(host_city=office.host_city_id, established_on="1992-06-18", counterpart_assistance="")
    client.post(reverse("registry:office_edit", args=[office.pk]), {**data, "headcount": "5", "version": 1})
    stale = client.post(reverse("registry:office_edit", args=[office.pk]), {**data, "headcount": "9", "version": 1})
    assert stale.status_code == 422
    message = str(stale.context["form"].non_field_errors())
    assert "已被他人修改" in message
    assert "tongcheng_clerk" in message and "实有人数 6 → 5" in message  # what the other save changed
    assert Office.objects.get(pk=office.pk).headcount == 5


def test_read_only_roles_see_offices_but_cannot_edit_them(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    for persona in ("inspector", "auditor", "wuhan_office"):
        client = as_persona(persona)
        assert client.get(office.get_absolute_url()).status_code == 200
        assert client.get(reverse("registry:office_edit", args=[office.pk])).status_code == 403
        assert client.get(reverse("registry:office_create")).status_code == 403


def test_clerk_adds_an_asset_and_sees_it_with_its_history(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    client = as_persona("tongcheng_clerk")
    response = client.post(
        reverse("registry:asset_create", args=[office.pk]),
        {
            "category": "vehicle",
            "description": "公务用车（别克）",
            "plate_number": "鄂L·C8888",
            "book_value": "180000",
            "status": "in_use",
        },
    )
    assert response.status_code == 302
    detail = client.get(office.get_absolute_url()).content.decode()
    assert "鄂L·C8888" in detail
    history = client.get(reverse("registry:office_history", args=[office.pk])).content.decode()
    assert "添加资产" in history and "公务用车（别克）" in history


def test_a_vehicle_without_a_plate_is_refused_naming_the_field(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    response = as_persona("tongcheng_clerk").post(
        reverse("registry:asset_create", args=[office.pk]),
        {"category": "vehicle", "description": "车", "book_value": "1", "status": "in_use"},
    )
    assert response.status_code == 422 and "plate_number" in response.context["form"].errors


def test_an_asset_cannot_be_marked_disposed_by_editing_its_status(as_persona, office_of):
    asset = Asset.objects.filter(office=office_of(TONGCHENG_WUHAN)).first()
    response = as_persona("tongcheng_clerk").post(
        reverse("registry:asset_edit", args=[asset.pk]),
        {
            "category": asset.category,
            "description": asset.description,
            "area": asset.area or "",
            "plate_number": asset.plate_number,
            "book_value": asset.book_value,
            "status": "disposed",
            "version": asset.version,
        },
    )
    assert response.status_code == 422
    assert Asset.objects.get(pk=asset.pk).status != "disposed"


def test_chongyang_clerk_cannot_add_staff_to_a_tongcheng_office(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    response = as_persona("chongyang_clerk").post(
        reverse("registry:staff_create", args=[office.pk]), {"name": "某人", "employment": "establishment"}
    )
    assert response.status_code == 404


def test_english_is_available(as_persona):
    client = as_persona("tongcheng_clerk")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("registry:office_list")).content.decode()
    assert 'lang="en"' in body


def test_chinese_is_the_default(as_persona):
    body = as_persona("tongcheng_clerk").get(reverse("registry:office_list")).content.decode()
    assert 'lang="zh-hans"' in body and "驻外办事机构" in body


def test_a_disposed_asset_cannot_be_brought_back_by_editing(tongcheng_clerk, office_of):
    from django.core.exceptions import ValidationError

    from zhuban.registry import services

    asset = Asset.objects.filter(office=office_of(TONGCHENG_WUHAN)).first()
    Asset.objects.filter(pk=asset.pk).update(status="disposed")
    asset.refresh_from_db()
    with pytest.raises(ValidationError):
        services.asset_update(actor=tongcheng_clerk, asset=asset, values={"status": "in_use"})
    assert Asset.objects.get(pk=asset.pk).status == "disposed"


def test_an_english_browser_still_gets_chinese_until_the_user_chooses_english(as_persona):
    client = as_persona("tongcheng_clerk")
    body = client.get(reverse("registry:office_list"), headers={"Accept-Language": "en-US,en;q=0.9"}).content
    assert 'lang="zh-hans"' in body.decode()


def test_the_list_pages_forward_and_back_by_keyset_without_gaps_or_repeats(as_persona, monkeypatch):
    from zhuban.registry import views

    monkeypatch.setattr(views, "PAGE_SIZE", 7)
    client = as_persona("city_officer")
    url = reverse("registry:office_list")
    seen, page = [], client.get(url).context["page"]
    pages = [page]
    while True:
        seen += [o.pk for o in page]
        if page.next_after is None:
            break
        page = client.get(url, {"after": page.next_after}).context["page"]
        pages.append(page)
    assert len(seen) == len(set(seen)) == Office.objects.count() == page.count
    assert len(pages) == 3
    back = client.get(url, {"before": pages[2].previous_before}).context["page"]
    assert [o.pk for o in back] == [o.pk for o in pages[1]]
    again = client.get(url, {"after": back.next_after}).context["page"]
    assert [o.pk for o in again] == [o.pk for o in pages[2]]
    first = client.get(url, {"before": back.previous_before}).context["page"]
    assert [o.pk for o in first] == [o.pk for o in pages[0]] and first.previous_before is None


def test_a_strange_page_cursor_shows_the_first_page(as_persona):
    response = as_persona("city_officer").get(reverse("registry:office_list"), {"after": "²", "before": "x"})
    assert response.status_code == 200 and len(response.context["page"]) > 0
