"""A stored file whose record exists but whose bytes are gone (a restore without the files, a
disk mishap) is a 404 page that says so, never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from zhuban.consolidation.tests import builders
from zhuban.decision.models import Decision

pytestmark = pytest.mark.django_db

SAYS_SO = "文件本身已不在服务器上"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def evidence_url():
    evidence = builders.evidence(builders.dossier_for())
    return evidence.file, reverse("consolidation:evidence_file", args=[evidence.pk])


def window_url():
    window = builders.approved_window()
    return window.approval_file, reverse("consolidation:window_file", args=[window.pk])


def decision_url():
    decision = builders.approved_decision(builders.office(builders.TONGCHENG_WUHAN))
    Decision.objects.filter(pk=decision.pk).update(city_file="decisions/2015/批复.pdf")
    decision.refresh_from_db()
    return decision.city_file, reverse("decision:city_file", args=[decision.pk])


@pytest.mark.parametrize("make", [evidence_url, window_url, decision_url])
@pytest.mark.parametrize("how", ["deleted", "a directory in its place"])
def test_a_missing_file_is_a_404_page_that_says_so(as_persona, media, make, how):
    field, url = make()
    path = Path(media) / field.name
    if path.exists():
        path.unlink()
    if how == "a directory in its place":
        path.mkdir(parents=True)
    response = as_persona("city_officer").get(url)
    assert response.status_code == 404
    body = response.content.decode()
    assert SAYS_SO in body and field.name.rsplit("/", 1)[-1] in body


def test_a_present_file_still_downloads(as_persona, media):
    field, url = evidence_url()
    response = as_persona("city_officer").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == builders.PDF
