"""The disclosure's internal pages, through the test client as each persona uses them."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from zhuban.disclosure import services
from zhuban.disclosure.models import Disclosure
from zhuban.disclosure.tests import builders
from zhuban.disclosure.tests.builders import retained

pytestmark = pytest.mark.django_db


def test_the_office_staff_drafts_and_submits_and_sees_the_return_reason(as_persona, receptions):
    office = retained()
    receptions.add(office, 2016, ["张三"], meals=48000, venue="咸宁宾馆")
    staff = as_persona("liaison_staff")
    response = staff.post(reverse("disclosure:draft", args=[office.pk]), {"year": "2016"})
    draft = Disclosure.objects.get(office=office, year=2016)
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    page = staff.get(draft.get_absolute_url()).content.decode()
    assert "480.00" in page and "咸宁宾馆" in page and "不会出现在公开页面" in page
    assert staff.post(reverse("disclosure:submit", args=[draft.pk])).status_code == 302
    services.disclosure_review(
        actor=builders.ensure_persona("city_officer"), disclosure=draft, accept=False, comments="请补充说明"
    )
    page = staff.get(draft.get_absolute_url()).content.decode()
    assert "请补充说明" in page and reverse("disclosure:submit", args=[draft.pk]) in page


def test_a_second_draft_of_the_same_year_is_refused_on_the_form_and_nothing_is_written(as_persona):
    office = retained()
    builders.drafted(office, 2016)
    response = as_persona("liaison_staff").post(reverse("disclosure:draft", args=[office.pk]), {"year": "2016"})
    assert response.status_code == 422 and "已起草" in response.content.decode()
    assert Disclosure.objects.filter(office=office).count() == 1


@pytest.mark.parametrize("year", ["", "abc", "1999", "99999999999"])
def test_a_year_that_is_not_one_is_a_form_error_never_a_500(as_persona, year):
    response = as_persona("liaison_staff").post(reverse("disclosure:draft", args=[retained().pk]), {"year": year})
    assert response.status_code == 422 and not Disclosure.objects.exists()


def test_publishing_out_of_turn_shows_the_refusal_on_the_disclosure(as_persona):
    draft = builders.drafted()
    response = as_persona("city_officer").post(reverse("disclosure:publish", args=[draft.pk]), follow=True)
    assert "尚未批准" in response.content.decode()
    assert Disclosure.objects.get(pk=draft.pk).status == "draft"


def test_the_office_staff_never_sees_the_jurisdictions_rollup(as_persona):
    office = retained()
    rollup = services.disclosure_draft(
        actor=builders.ensure_persona("city_officer"), jurisdiction=office.jurisdiction, year=2016
    )
    staff = as_persona("liaison_staff")
    assert staff.get(rollup.get_absolute_url()).status_code == 404
    assert rollup.get_absolute_url() not in staff.get(reverse("disclosure:index")).content.decode()
    assert rollup.get_absolute_url() in as_persona("city_officer").get(reverse("disclosure:index")).content.decode()


def test_only_the_public_prefix_sets_the_session_aside(as_persona):
    officer = as_persona("city_officer")
    signed_in = officer.get(reverse("disclosure:index"))
    assert signed_in["Cache-Control"] == "no-store" and settings.SESSION_COOKIE_NAME in signed_in.cookies
    public = officer.get(reverse("public:index"))
    assert "public" in public["Cache-Control"] and not public.cookies
    # A look-alike path is not the public part: it is an ordinary page (here, missing), signed in.
    lookalike = officer.get("/publicity/")
    assert lookalike.status_code == 404 and lookalike["Cache-Control"] == "no-store"
