"""The stand-in reception provider: registered for a test, removed after it."""

from __future__ import annotations

import pytest

from zhuban.disclosure import queries
from zhuban.disclosure.tests.builders import FakeReceptions


@pytest.fixture
def receptions():
    fake = FakeReceptions()
    queries.RECEPTION_FIGURES.append(fake)
    yield fake
    queries.RECEPTION_FIGURES.remove(fake)
