"""Every main page the browser checks walk answers its persona: the list itself stays true."""

import re

import pytest
from django.urls import reverse

from zhuban.testing.main_pages import build_records, main_pages

pytestmark = pytest.mark.django_db


def test_every_main_page_opens_for_the_persona_who_works_on_it(as_persona):
    build_records()
    pages = main_pages()
    assert {p.slug for p in pages} >= {"office", "decision", "dossier", "finding", "dashboard", "retained-office"}
    answers = {p.slug: as_persona(p.persona or None).get(p.path).status_code for p in pages}
    assert answers == dict.fromkeys(answers, 200)


def test_a_dossier_with_open_sub_tasks_shows_its_close_act_disabled_and_says_why(as_persona):
    from zhuban.consolidation.tests.builders import dossier_for

    dossier = dossier_for()
    page = as_persona("city_officer").get(reverse("consolidation:dossier_detail", args=[dossier.pk])).content.decode()
    button = re.search(r'<a class="button" id="close-dossier"[^>]*>', page).group(0)
    assert 'aria-disabled="true"' in button
    assert 'aria-describedby="blockers"' in button
    assert "href" not in button


def test_the_screenshot_command_says_what_is_missing_when_the_demo_is_not_loaded(tmp_path):
    from django.core.management import CommandError, call_command

    # The test world has the personas, not the demo's accounts (city_admin).
    with pytest.raises(CommandError, match="city_admin"):
        call_command("screenshots", "--out", str(tmp_path))
    assert not any(tmp_path.iterdir())
