"""No page shows a link its reader would meet as 403: every link to an act is asked of the
chokepoint first, so following each link on a persona's pages never ends on 无权操作."""

import re

import pytest
from django.urls import reverse

from zhuban.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

PAGES = [
    ("registry:office_list", lambda o: []),
    ("registry:office_detail", lambda o: [o.pk]),
    ("decision:board", lambda o: []),
    ("decision:office_panel", lambda o: [o.pk]),
    ("consolidation:results", lambda o: []),
    ("consolidation:window_list", lambda o: []),
    ("campaign:dashboard", lambda o: []),
]
LINK = re.compile(r'href="(/[^"#?]*)')


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_no_link_on_a_personas_pages_ends_on_a_refusal(persona, as_persona, office_of):
    client = as_persona(persona)
    office = office_of("通城县人民政府驻武汉办事处")
    refused = []
    for name, args in PAGES:
        page = client.get(reverse(name, args=args(office)))
        for href in sorted(set(LINK.findall(page.content.decode()))):
            if href.startswith(("/static/", "/logout/", "/i18n/")) or href.endswith((".docx", ".xlsx", "/file/")):
                continue
            if client.get(href).status_code == 403:
                refused.append((name, href))
    assert refused == []
