"""The stand-in reception provider: registered for a test, removed after it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from zhuban.disclosure import queries
from zhuban.disclosure.tests.builders import FakeReceptions


@pytest.fixture
def receptions():
    fake = FakeReceptions()
    queries.RECEPTION_FIGURES.append(fake)
    yield fake
    queries.RECEPTION_FIGURES.remove(fake)


@pytest.fixture(autouse=True)
def _chinese_again_after_each_test():
    cache.clear()  # the public pages are kept until the next publication
    # A request in English leaves English active in this thread; the next test reads Chinese.
    yield
    translation.activate(settings.LANGUAGE_CODE)
