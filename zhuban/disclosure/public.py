"""The public pages (二(四)2: 接受社会监督): no login, the same for everyone, cacheable.

They read published versions only, from their stored figures, in a fixed number of queries
whatever the number of offices or years. Every answer carries ``Cache-Control: public`` with a
max-age, and an ETag and Last-Modified taken from the latest publication, so a visitor's browser
or a proxy asks again cheaply (304). No session is read and no cookie is set
(``zhuban.middleware.PublicPagesMiddleware``), and the pages carry no CSRF token: their one form,
the language switch, posts to a view that needs none (it changes nothing but the visitor's own
language cookie).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_GET, require_POST
from django.views.i18n import set_language

from zhuban.audit.services import jsonable
from zhuban.disclosure import queries
from zhuban.disclosure.models import Disclosure
from zhuban.lib.spreadsheet import XLSX_TYPE, Column, Sheet, looks_like_formula, write_workbook

ECHARTS = "vendor/echarts/echarts.min.js"
INDEX_PAGE_SIZE = 200
# A rendered public page is kept this long at most; a publication changes its key before that.
PAGE_CACHE_SECONDS = 24 * 3600
FORMATS = ("xlsx", "csv", "json")


def _latest(request, *args: Any, **kwargs: Any):
    # Asked by both the ETag and the Last-Modified function: one query per request.
    if not hasattr(request, "_disclosure_latest"):
        request._disclosure_latest = queries.last_published()
    return request._disclosure_latest


def _etag(request, *args: Any, **kwargs: Any) -> str:
    latest = _latest(request)
    stamp = int(latest.timestamp() * 1_000_000) if latest else 0
    return f"{translation.get_language()}-{stamp}"


def _kept_until_next_publication(view):
    """The rendered answer, kept in the cache under the latest publication's stamp (in the ETag):
    what a page shows changes only when something is published, and then its key changes. So a
    page is rendered, and the index's grouping of a year's published rows done, once per
    publication and worker; every other request costs the one query that reads the stamp."""

    @wraps(view)
    def inner(request, *args: Any, **kwargs: Any):
        key = "disclosure:page:" + hashlib.sha256(f"{_etag(request)}|{request.get_full_path()}".encode()).hexdigest()
        kept = cache.get(key)
        if kept is not None:
            status, content_type, disposition, content = kept
            response = HttpResponse(content, content_type=content_type, status=status)
            if disposition:
                response["Content-Disposition"] = disposition
            return response
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 404):
            kept = (
                response.status_code,
                response["Content-Type"],
                response.get("Content-Disposition"),
                response.content,
            )
            cache.set(key, kept, PAGE_CACHE_SECONDS)
        return response

    return inner


def public_page(view):
    """GET only; conditional on the latest publication; public, cacheable, varying only by the
    language cookie."""

    conditional = condition(etag_func=_etag, last_modified_func=_latest)(_kept_until_next_publication(view))

    @wraps(view)
    def wrapped(request, *args: Any, **kwargs: Any):
        response = conditional(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE_SECONDS)
        else:
            patch_cache_control(response, public=True, max_age=60)
        patch_vary_headers(response, ("Cookie",))
        return response

    return require_GET(wrapped)


def _missing(request):
    return render(request, "disclosure/public/missing.html", status=404)


def echarts_available() -> bool:
    return finders.find(ECHARTS) is not None


def _year(raw: Any) -> int | None:
    return int(raw) if str(raw).isdigit() and 2000 <= int(raw) <= 2100 else None


@public_page
def index(request):
    years = queries.public_years()
    year = _year(request.GET.get("year", ""))
    if year not in years:
        year = years[0] if years else None
    page = None
    if year is not None:
        page = Paginator(queries.public_index(year), INDEX_PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = queries.index_rows(page.object_list)
    return render(request, "disclosure/public/index.html", {"years": years, "year": year, "page": page})


@public_page
def year_page(request, code: str, year: int):
    jurisdiction = queries.public_jurisdiction(code)
    if jurisdiction is None:
        return _missing(request)
    rollup, offices = queries.public_year(jurisdiction, year)
    if rollup is None and not offices:
        return _missing(request)
    versions = queries.public_versions(jurisdiction, year, None) if rollup else []
    return render(
        request,
        "disclosure/public/year.html",
        {
            "jurisdiction": jurisdiction,
            "year": year,
            "rollup": rollup,
            "offices": offices,
            "versions": versions,
            "chart_data": queries.chart_data(offices),
            "echarts": echarts_available(),
        },
    )


def _version_page(request, code: str, year: int, office: int | None, number: int | None):
    jurisdiction = queries.public_jurisdiction(code)
    if jurisdiction is None:
        return _missing(request)
    versions = queries.public_versions(jurisdiction, year, office)
    shown = next((v for v in versions if v.number == number), None) if number else None
    if number is None:
        shown = next((v for v in versions if v.status == Disclosure.Status.PUBLISHED), None)
    if shown is None:
        return _missing(request)
    # The version that replaced this one says why.
    corrected_by = next((v for v in reversed(versions) if v.number > shown.number), None)
    return render(
        request,
        "disclosure/public/disclosure.html",
        {
            "jurisdiction": jurisdiction,
            "year": year,
            "d": shown,
            "versions": versions,
            "corrected_by": corrected_by,
            "chart_data": queries.chart_data([shown]),
            "echarts": echarts_available(),
        },
    )


@public_page
def office_page(request, code: str, year: int, office: int):
    return _version_page(request, code, year, office, None)


@public_page
def office_version(request, code: str, year: int, office: int, number: int):
    return _version_page(request, code, year, office, number)


@public_page
def rollup_version(request, code: str, year: int, number: int):
    return _version_page(request, code, year, None, number)


# ---- Open data --------------------------------------------------------------------------------


def _columns() -> list[tuple[str, str, str]]:
    """(JSON key, header, spreadsheet kind) of every column of the open data."""
    return [
        ("year", _("年度"), "int"),
        ("jurisdiction_code", _("行政区划代码"), "code"),
        ("jurisdiction", _("行政区划"), "text"),
        ("office", _("办事机构"), "text"),
        ("version", _("版本号"), "int"),
        ("published_at", _("公开日期"), "date"),
        ("receptions", _("接待批次"), "int"),
        ("visitors", _("接待人次"), "int"),
        ("meals", _("用餐费（元）"), "money"),
        ("lodging", _("住宿费（元）"), "money"),
        ("transport", _("交通费（元）"), "money"),
        ("other", _("其他费用（元）"), "money"),
        ("total", _("接待费用合计（元）"), "money"),
        ("budget", _("公务接待费预算（元）"), "money"),
        ("final", _("公务接待费决算（元）"), "money"),
        ("venues", _("接待场所"), "text"),
        ("notes", _("公开说明"), "text"),
        ("change_reason", _("更正原因"), "text"),
    ]


def _record(d: Disclosure) -> dict[str, Any]:
    return {
        "year": d.year,
        "jurisdiction_code": d.jurisdiction.code,
        "jurisdiction": d.jurisdiction.name,
        "office": d.office.name if d.office_id and d.office else _("（汇总）"),
        "version": d.number,
        "published_at": timezone.localdate(d.published_at) if d.published_at else None,
        "receptions": d.receptions,
        "visitors": d.visitors,
        **{name: getattr(d, name) for name in ("meals", "lodging", "transport", "other", "total", "budget", "final")},
        "venues": list(d.venues),
        "notes": d.notes,
        "change_reason": d.change_reason,
    }


def _rows(code: str, year: int) -> tuple[Any, list[Disclosure]] | None:
    jurisdiction = queries.public_jurisdiction(code)
    if jurisdiction is None:
        return None
    rollup, offices = queries.public_year(jurisdiction, year)
    if rollup is None and not offices:
        return None
    return jurisdiction, ([rollup] if rollup else []) + offices


def _csv_text(value: Any) -> Any:
    if isinstance(value, list):
        value = "、".join(value)
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value  # read as text by a spreadsheet, never run as a formula
    return "" if value is None else value


@public_page
def download(request, code: str, year: int, fmt: str):
    found = _rows(code, year) if fmt in FORMATS else None
    if found is None:
        return _missing(request)
    jurisdiction, rows = found
    columns = _columns()
    records = [_record(d) for d in rows]
    name = f"reception-disclosure-{jurisdiction.code}-{year}"
    if fmt == "json":
        payload = {
            "jurisdiction": {"code": jurisdiction.code, "name": jurisdiction.name},
            "year": year,
            "currency": "CNY",
            "fields": {key: header for key, header, _kind in columns},
            # Amounts as exact decimal text ("86500.00"), dates as ISO 8601.
            "disclosures": [{key: jsonable(value) for key, value in r.items()} for r in records],
        }
        response = HttpResponse(
            json.dumps(payload, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
    elif fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # so a spreadsheet opens the Chinese text as UTF-8
        writer = csv.writer(out)
        writer.writerow([header for _key, header, _kind in columns])
        for r in records:
            writer.writerow([_csv_text(r[key]) for key, _header, _kind in columns])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        sheet = Sheet(
            name=str(year),
            columns=[Column(header, kind=kind) for _key, header, kind in columns],  # type: ignore[arg-type]
            rows=[["、".join(r[k]) if k == "venues" else r[k] for k, _header, _kind in columns] for r in records],
            title=_("%(name)s%(year)s年公务接待情况公开") % {"name": jurisdiction.name, "year": year},
        )
        response = HttpResponse(write_workbook([sheet]), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@csrf_exempt
@require_POST
def language(request):
    """The language switch of the public pages: it sets only the visitor's language cookie, so
    it needs no CSRF token (and the pages carry none)."""
    return set_language(request)
