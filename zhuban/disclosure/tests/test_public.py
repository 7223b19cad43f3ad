"""The public pages, as a resident reads them: no login, published figures only, nobody's name,
cacheable, and as quick with many offices and years as with one."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from zhuban.disclosure import services
from zhuban.disclosure.tests import builders
from zhuban.disclosure.tests.builders import CHANGSHA, retained
from zhuban.testing.personas import PERSONAS, ensure_persona

pytestmark = pytest.mark.django_db

VISITORS = ["欧阳明哲", "司马晓光", "上官婉清"]
DRAFT_NOTES = "尚未公开的草稿说明甲乙丙"
REVIEW_COMMENTS = "审核意见仅供内部参考丁戊"
RETURN_REASON = "退回理由仅供内部参考己庚"
DRAFT_AMOUNT = ("77,777.77", "77777.77")  # a reception only an unpublished version holds
LINK = re.compile(r'(?:href|src|action)="([^"]+)"')


@pytest.fixture
def world(receptions):
    """2016 published (returned once on the way), corrected once, with a further correction still
    in draft; the city's roll-up for 2016 published and corrected; a 2017 draft, unpublished."""
    office = retained()
    staff, city = ensure_persona("liaison_staff"), ensure_persona("city_officer")
    builders.accounts(office, 2016, budget="80000", final="86500")
    builders.accounts(office, 2017, budget="50000", final="31800")
    receptions.add(office, 2016, VISITORS[:2], meals=48000, lodging=120000, venue="咸宁宾馆")
    first = builders.drafted(office, 2016)
    services.disclosure_update(actor=staff, disclosure=first, values={"notes": "接待均凭公函。"})
    services.disclosure_submit(actor=staff, disclosure=first)
    services.disclosure_review(actor=city, disclosure=first, accept=False, comments=RETURN_REASON)
    services.disclosure_submit(actor=staff, disclosure=first)
    services.disclosure_review(actor=city, disclosure=first, accept=True, comments=REVIEW_COMMENTS)
    first = builders.publish(first)
    rollup = builders.publish(services.disclosure_draft(actor=city, jurisdiction=office.jurisdiction, year=2016))
    receptions.add(office, 2016, VISITORS[2:], meals=16000, transport=5000, venue="市机关食堂")
    second = builders.corrected(first, reason="补录12月漏报的一次接待")
    builders.corrected(rollup, reason="随驻武汉办事处的更正重新汇总")
    receptions.add(office, 2016, ["诸葛未公"], meals=7777777)
    third = services.disclosure_correct(actor=staff, disclosure=second, reason="草稿中的更正")
    services.disclosure_update(actor=staff, disclosure=third, values={"notes": DRAFT_NOTES})
    receptions.add(office, 2017, ["诸葛未公"], meals=7777777)
    draft = builders.drafted(office, 2017)
    services.disclosure_update(actor=staff, disclosure=draft, values={"notes": DRAFT_NOTES})
    return {"office": office, "first": first, "second": second, "third": third, "draft": draft}


def body_text(response) -> str:
    """What a response says, a workbook's every XML part included."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "".join(book.read(n).decode("utf-8", "replace") for n in book.namelist() if n.endswith(".xml"))
    return content.decode("utf-8")


def crawl(client: Client) -> dict[str, tuple[int, int, str, object]]:
    """Every page and download reachable from the public index: url → (status, queries, text, response)."""
    seen: dict[str, tuple[int, int, str, object]] = {}
    queue = deque([reverse("public:index")])
    outside: list[str] = []
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        text = body_text(response)
        seen[url] = (response.status_code, len(ctx.captured_queries), text, response)
        if not response["Content-Type"].startswith("text/html"):
            continue
        for raw in LINK.findall(text):
            link = urljoin(url, raw.replace("&amp;", "&"))
            parts = urlsplit(link)
            if parts.scheme in ("data",) or link.startswith("data:"):
                continue
            if link.startswith("/static/"):
                # Served by the web server from the collected files, never behind a login.
                assert finders.find(link.removeprefix("/static/")), link
                continue
            if not parts.path.startswith("/public/"):
                outside.append(link)
                continue
            if parts.path == reverse("public:language"):
                continue  # the language switch: a POST form
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert outside == [], f"the public pages link outside the public part: {outside}"
    return seen


def forbidden(world) -> list[str]:
    names = [*VISITORS, "诸葛未公", DRAFT_NOTES, REVIEW_COMMENTS, RETURN_REASON, "草稿中的更正", *DRAFT_AMOUNT]
    for persona in PERSONAS.values():
        names += [persona.username, persona.full_name, persona.full_name.split()[-1]]
    return names + ["csrfmiddlewaretoken", "X-CSRFToken", '"/disclosure/', '"/oversight/', '"/offices/']


def test_an_anonymous_crawl_of_the_public_pages_finds_only_published_figures_and_nobodys_name(world):
    pages = crawl(Client())
    assert len(pages) >= 8
    names = {resolve(urlsplit(u).path).url_name for u in pages}
    assert {"index", "year", "office", "office_version", "rollup_version", "download"} <= names
    for url, (status, _queries, text, response) in pages.items():
        assert status == 200, url
        leaked = [word for word in forbidden(world) if word in text]
        assert leaked == [], f"{url} shows {leaked}"
        assert not response.cookies, f"{url} sets {list(response.cookies)}"
        assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"], url
        assert response.has_header("ETag") and response.has_header("Last-Modified"), url
    office_page = pages[reverse("public:office", args=[world["office"].jurisdiction.code, 2016, world["office"].pk])]
    text = office_page[2]
    # The version in force: the corrected one, saying why; the first still there, marked superseded.
    assert "补录12月漏报的一次接待" in text and "第2版" in text and "已被更正版本取代" in text
    assert "1,890.00" in text and "86,500.00" in text and "市机关食堂" in text
    old = pages[reverse("public:office_version", args=[world["office"].jurisdiction.code, 2016, world["office"].pk, 1])]
    assert 'data-superseded="1"' in old[2] and "补录12月漏报的一次接待" in old[2] and "1,680.00" in old[2]
    # 2017 is only a draft: it is nowhere.
    assert not [u for u in pages if "/2017/" in u]


def queries_by_page(client: Client) -> dict[str, int]:
    """The most queries any page of each kind made, after the crawl's every page answered 200."""
    most: dict[str, int] = {}
    for url, (status, queries, _text, _response) in crawl(client).items():
        assert status == 200, url
        name = str(resolve(urlsplit(url).path).url_name)
        most[name] = max(most.get(name, 0), queries)
    return most


def test_the_public_pages_make_the_same_number_of_queries_with_more_offices_and_years(world, receptions):
    before = queries_by_page(Client())
    other = retained(CHANGSHA)
    builders.published(world["office"], 2015)
    for year in (2015, 2016, 2017):
        receptions.add(other, year, ["某某"], meals=10000 * year)
        builders.published(other, year)
    after = queries_by_page(Client())
    assert after == before
    assert max(after.values()) <= 5


def test_a_signed_in_officer_gets_the_same_cacheable_page_and_keeps_no_session_renewal(world, as_persona):
    url = reverse("public:office", args=[world["office"].jurisdiction.code, 2016, world["office"].pk])
    anonymous = Client().get(url)
    officer = as_persona("city_officer").get(url)
    assert officer.status_code == 200 and not officer.cookies
    assert officer["Cache-Control"] == anonymous["Cache-Control"] and "no-store" not in officer["Cache-Control"]
    assert officer.content == anonymous.content
    assert "Cookie" in officer["Vary"]


def test_a_browser_asking_again_with_the_etag_gets_304_until_something_new_is_published(world):
    client = Client()
    url = reverse("public:index")
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and "public" in again["Cache-Control"]
    builders.published(world["office"], 2015)
    fresh = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200 and fresh["ETag"] != first["ETag"]
    assert "?year=2015" in fresh.content.decode() and "?year=2015" not in first.content.decode()


def test_a_page_asked_again_is_served_as_rendered_with_the_one_query_that_reads_the_stamp(world):
    url = reverse("public:office", args=[world["office"].jurisdiction.code, 2016, world["office"].pk])
    first = Client().get(url)
    with CaptureQueriesContext(connection) as ctx:
        again = Client().get(url)
    assert len(ctx.captured_queries) == 1 and again.content == first.content
    assert again["Cache-Control"] == first["Cache-Control"] and again["ETag"] == first["ETag"]


def test_the_open_data_carries_the_published_figures_in_three_formats(world):
    office = world["office"]
    code = office.jurisdiction.code
    client = Client()
    data = json.loads(client.get(reverse("public:download", args=[code, 2016, "json"])).content)
    [rollup, row] = data["disclosures"]
    assert rollup["office"] == "（汇总）"
    assert (row["office"], row["version"], row["total"], row["final"]) == (office.name, 2, "1890.00", "86500.00")
    assert row["venues"] == ["咸宁宾馆", "市机关食堂"] and row["change_reason"] == "补录12月漏报的一次接待"
    response = client.get(reverse("public:download", args=[code, 2016, "csv"]))
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["年度", "行政区划代码", "行政区划", "办事机构"] and rows[2][3] == office.name
    workbook = client.get(reverse("public:download", args=[code, 2016, "xlsx"]))
    assert workbook.content[:2] == b"PK" and office.name in body_text(workbook)


@pytest.mark.parametrize(
    "url",
    [
        "/public/999999/2016/",
        "/public/421200/1999/",
        "/public/421200/2017/",  # only a draft
        "/public/421200/2016/999999/",
        "/public/421200/2016/{office}/versions/3/",  # the correction still in draft
        "/public/421200/2016/reception-disclosure.exe",
    ],
)
def test_what_is_not_published_is_missing_and_the_answer_sets_no_cookie(world, url):
    response = Client().get(url.format(office=world["office"].pk))
    assert response.status_code == 404 and not response.cookies
    text = response.content.decode()
    assert "尚未公开" in text and DRAFT_NOTES not in text and "csrfmiddlewaretoken" not in text


def test_the_public_pages_answer_get_only_and_the_language_switch_needs_no_token(world):
    assert Client().post(reverse("public:index")).status_code == 405
    client = Client(enforce_csrf_checks=True)
    switched = client.post(reverse("public:language"), {"language": "en", "next": "/public/"})
    assert switched.status_code == 302 and switched["Location"] == "/public/"
    english = client.get("/public/")
    assert english.status_code == 200 and english["Content-Language"] == "en"
    assert "Public disclosure" in english.content.decode()
