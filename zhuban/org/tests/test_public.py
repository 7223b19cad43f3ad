"""Anonymous reading goes through ``published``: only declared models, only their published rows."""

import pytest

from zhuban.org.public import NotPublishable, public_filter, published
from zhuban.registry.models import Office


def test_a_model_that_declares_nothing_is_refused_for_anonymous_reading():
    with pytest.raises(NotPublishable, match="registry.Office"):
        published(Office.objects.all())


def test_a_publication_date_publishes_the_rows_where_it_is_set(monkeypatch):
    monkeypatch.setattr(Office, "public_lookup", "established_on__isnull", raising=False)
    sql = str(published(Office.objects.all()).query)
    assert '"established_on" IS NOT NULL' in sql


def test_a_flag_publishes_the_rows_where_it_is_true(monkeypatch):
    monkeypatch.setattr(Office, "public_lookup", "is_public", raising=False)
    assert public_filter(Office) == {"is_public": True}


def test_an_empty_declaration_is_no_declaration(monkeypatch):
    monkeypatch.setattr(Office, "public_lookup", "", raising=False)
    with pytest.raises(NotPublishable):
        published(Office.objects.all())
