"""Every main page the browser checks walk answers its persona: the list itself stays true."""

import pytest

from zhuban.testing.main_pages import build_records, main_pages

pytestmark = pytest.mark.django_db


def test_every_main_page_opens_for_the_persona_who_works_on_it(as_persona):
    build_records()
    pages = main_pages()
    assert {p.slug for p in pages} >= {"office", "decision", "dossier", "finding", "dashboard", "retained-office"}
    answers = {p.slug: as_persona(p.persona or None).get(p.path).status_code for p in pages}
    assert answers == dict.fromkeys(answers, 200)
