"""Signed-in pages and downloads are never kept by a browser's or a proxy's cache.

A registry export or an approval file opened on a shared office computer must not be readable
from its cache after the officer signs out: every answer to a signed-in request carries
``Cache-Control: no-store``. Static files need not.
"""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from zhuban.middleware import SecurityHeadersMiddleware
from zhuban.tests.test_access_matrix import tongcheng_args

pytestmark = pytest.mark.django_db

PAGES_AND_DOWNLOADS = [
    "registry:office_list",  # HTML
    "registry:office_detail",
    "audit:entry_list",
    "campaign:dashboard",
    "decision:board",
    "workbook:export",  # xlsx
    "workbook:template",
    "consolidation:report_xlsx",
    "consolidation:report_docx",  # docx
    "consolidation:evidence_file",  # an uploaded evidence file
    "decision:city_file",  # an approval's scanned file
]


@pytest.mark.parametrize("name", PAGES_AND_DOWNLOADS)
def test_the_city_officer_gets_every_page_and_download_marked_no_store(name, as_persona):
    response = as_persona("city_officer").get(reverse(name, args=tongcheng_args(name)))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_a_county_clerk_gets_the_registry_export_marked_no_store(as_persona):
    response = as_persona("tongcheng_clerk").get(reverse("workbook:export"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_a_redirect_to_the_second_factor_is_marked_no_store_too(as_persona):
    response = as_persona("city_officer", second_factor=False).get(reverse("decision:board"))
    assert response["Cache-Control"] == "no-store"


def test_the_assess_api_answer_is_marked_no_store(as_persona):
    client = as_persona("city_officer")
    response = client.post(reverse("policy:assess"), b'{"offices": []}', content_type="application/json")
    assert response["Cache-Control"] == "no-store"


def test_a_static_file_served_to_a_signed_in_user_keeps_its_own_caching(city_officer):
    request = RequestFactory().get("/static/zhuban/site.css")
    request.user = city_officer

    def static(_request):
        response = HttpResponse("body {}")
        response["Cache-Control"] = "max-age=3600"
        return response

    assert SecurityHeadersMiddleware(static)(request)["Cache-Control"] == "max-age=3600"
