"""The reception pages as the office's staff and head, the city bureau and an outsider use them."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhuban.oversight.tests.builders import CHANGSHA, retained
from zhuban.reception.models import Reception, Standard
from zhuban.reception.tests import builders as b

pytestmark = pytest.mark.django_db


def test_the_staff_records_a_letter_and_is_taken_to_the_approval_request(as_persona):
    office = retained()
    client = as_persona("liaison_staff")
    response = client.post(
        reverse("reception:letter_add", args=[office.pk]),
        {
            "sending_unit": b.UNIT,
            "origin": "in_province",
            "content": "汇报项目",
            "itinerary": "当日往返",
            "date_from": "2016-03-08",
            "date_to": "2016-03-08",
            "people": "王志军，副主任，厅局级\n李华 科长 县处级及以下",
            "file": b.pdf(),
        },
    )
    assert response.status_code == 302 and "/request/" in response.url
    page = client.get(response.url).content.decode()
    assert f"公函：{b.UNIT}" in page and "2人" in page  # the letter's summary heads the request


@pytest.mark.parametrize(
    ("people", "fragment"),
    [
        ("王志军，副主任", "须写明姓名、职务和级别"),
        ("王志军，副主任，处级", "级别“处级”无法识别"),
    ],
)
def test_a_person_line_that_cannot_be_read_is_refused_naming_the_line(as_persona, people, fragment):
    office = retained()
    response = as_persona("liaison_staff").post(
        reverse("reception:letter_add", args=[office.pk]),
        {
            "sending_unit": b.UNIT,
            "origin": "in_province",
            "content": "汇报",
            "itinerary": "当日往返",
            "date_from": "2016-03-08",
            "date_to": "2016-03-08",
            "people": people,
            "file": b.pdf(),
        },
    )
    assert response.status_code == 422
    assert "第1行" in response.content.decode() and fragment in response.content.decode()


def test_the_reception_page_shows_letter_approval_list_settlement_differences_and_warnings(as_persona):
    reception = b.settled(
        b.signed_off(
            b.listed(
                visitors=[*b.PEOPLE[:2], {"name": "赵六", "post": "科员", "rank": "county"}],
                companions=[{"name": f"陪同{n}"} for n in range(4)],
            )
        ),
        payment="cash",
    )
    page = as_persona("liaison_head").get(reception.get_absolute_url()).content.decode()
    for text in ("咸发改函〔2016〕12号", "汇报项目前期工作", "公函未列的人员：赵六", "现金", "湖北饭店", "示例"):
        assert text in page, text
    assert 'data-warning="companions"' in page and 'data-warning="cash"' in page
    assert "规定第十条" in page and "规定第十五条" in page
    assert reverse("reception:explain", args=[reception.warnings.first().pk]) in page


def test_the_staff_sees_no_approve_button_and_the_head_does(as_persona):
    reception = b.requested()
    approve = reverse("reception:approve", args=[reception.pk])
    assert approve not in as_persona("liaison_staff").get(reception.get_absolute_url()).content.decode()
    assert approve in as_persona("liaison_head").get(reception.get_absolute_url()).content.decode()
    assert as_persona("liaison_staff").get(approve).status_code == 403


def test_another_office_of_the_same_sponsor_does_not_see_the_wuhan_offices_receptions(as_persona):
    changsha = retained(CHANGSHA)
    reception = b.requested()
    b.requested(changsha)
    assert as_persona("liaison_staff").get(reception.get_absolute_url()).status_code == 200
    assert as_persona("liaison_staff").get(reverse("reception:office", args=[changsha.pk])).status_code == 404
    assert as_persona("chongyang_clerk").get(reception.get_absolute_url()).status_code == 404


def test_the_list_filters_by_year_state_and_warnings_and_pages_by_keyset(as_persona):
    office = retained()
    quiet = b.requested()
    noisy = b.listed(
        b.approved(date_from=date(2017, 5, 2), date_to=date(2017, 5, 2)),
        started_on=date(2017, 5, 2),
        ended_on=date(2017, 5, 2),
        costs=[b.cost(amount="990", day=date(2017, 5, 2))],
    )
    client = as_persona("liaison_staff")
    url = reverse("reception:office", args=[office.pk])

    def shown(query: str) -> list[int]:
        page = client.get(url + query).context["page"]
        return [r.pk for r in page.items]

    assert shown("") == [noisy.pk, quiet.pk]
    assert shown("?year=2016") == [quiet.pk]
    assert shown("?state=requested") == [quiet.pk]
    assert shown("?warned=1") == [noisy.pk]
    assert shown(f"?before={noisy.pk}") == [quiet.pk]
    assert shown("?year=abc&state=nonsense") == [noisy.pk, quiet.pk]
    partial = client.get(url + "?year=2016", HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and b'id="reception-rows"' in partial.content


def test_the_list_settles_with_the_four_elements_and_names_what_is_missing(as_persona):
    reception = b.listed()
    response = as_persona("liaison_staff").post(
        reverse("reception:settle", args=[reception.pk]),
        {"invoice": b.pdf("发票.pdf"), "payment": "card", "paid_on": "2016-03-15"},
    )
    assert response.status_code == 422 and "经审签的接待清单" in response.content.decode()
    reception.refresh_from_db()
    assert reception.state == "listed"


def test_the_city_bureau_replaces_an_example_standard_and_the_old_row_stays_visible(as_persona):
    city = retained().jurisdiction
    client = as_persona("city_officer")
    response = client.post(
        reverse("reception:standard_add", args=[city.pk]),
        {
            "kind": "lodging",
            "rank": "county",
            "amount": "300",
            "valid_from": "2017-01-01",
            "source": "咸办发〔2017〕3号",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("reception:standards", args=[city.pk])).content.decode()
    assert "咸办发〔2017〕3号" in page and "示例" in page
    assert as_persona("liaison_head").get(reverse("reception:standard_add", args=[city.pk])).status_code == 404


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_the_pages_make_no_more_queries_when_there_are_more_receptions(as_persona):
    office = retained()
    first = b.settled()
    client = as_persona("liaison_head")
    urls = {
        "office list": reverse("reception:office", args=[office.pk]),
        "office list, warned": reverse("reception:office", args=[office.pk]) + "?warned=1&year=2016",
        "reception": first.get_absolute_url(),
    }
    client.get(urls["office list"])
    small = {name: count(client, url) for name, url in urls.items()}
    for n in range(6):
        day = date(2016, 4, 1 + n * 3)
        b.settled(
            b.signed_off(
                b.listed(
                    b.approved(date_from=day, date_to=day),
                    started_on=day,
                    ended_on=day,
                    costs=[b.cost(day=day, amount="990"), b.cost("transport", "50", day=day)],
                    companions=[{"name": f"陪同{i}"} for i in range(5)],
                )
            ),
            payment="cash",
        )
    assert Reception.objects.filter(office=office).count() == 7
    large = {name: count(client, url) for name, url in urls.items()}
    assert large == small


def test_a_letter_waiting_for_its_approval_request_is_listed_on_the_office_page(as_persona):
    letter = b.letter()
    page = as_persona("liaison_staff").get(reverse("reception:office", args=[letter.office_id])).content.decode()
    assert reverse("reception:request", args=[letter.pk]) in page
    b.requested()
    response = as_persona("liaison_staff").get(reverse("reception:request", args=[letter.pk]))
    assert response.status_code == 200


def test_a_standard_is_saved_only_after_an_authenticator_code(as_persona):
    city = retained().jurisdiction
    client = as_persona("city_officer", second_factor=False)
    response = client.post(
        reverse("reception:standard_add", args=[city.pk]),
        {"kind": "meal", "rank": "county", "amount": "90", "valid_from": "2017-01-01", "source": "x"},
    )
    assert response.status_code == 302 and reverse("org:otp_verify") in response.url
    assert not Standard.objects.filter(jurisdiction=city).exists()
