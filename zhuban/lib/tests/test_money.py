"""MoneyField: Decimal in Python, whole hundredths in the database, nothing rounded on the way."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from zhuban.lib.money import MoneyField, from_units, to_units


@pytest.mark.parametrize(
    ("typed", "units"),
    [("12345678901234.56", 1234567890123456), ("99999999999999.99", 9999999999999999), ("0.01", 1), ("100", 10000)],
)
def test_an_amount_goes_to_whole_fen_and_back_unchanged(typed, units):
    field = MoneyField()
    assert field.get_prep_value(Decimal(typed)) == units
    assert field.get_prep_value(typed) == units
    back = field.from_db_value(units, None, None)
    assert back == Decimal(typed) and back.as_tuple().exponent == -2


def test_text_and_floats_read_as_the_amount_they_show():
    field = MoneyField()
    assert field.to_python("100") == Decimal("100.00") and str(field.to_python("100")) == "100.00"
    assert field.to_python(0.1) == Decimal("0.10")
    assert field.to_python("") is None and field.get_prep_value(None) is None


@pytest.mark.parametrize("bad", ["1.005", "123456789012345.67", "abc", "NaN", "Infinity"])
def test_what_the_field_cannot_hold_exactly_is_refused(bad):
    with pytest.raises(ValidationError):
        MoneyField().clean(bad, None)


def test_more_places_than_the_field_keeps_never_reach_the_database_rounded():
    with pytest.raises(ValueError, match="decimal places"):
        to_units(Decimal("1.005"), 2)
    assert from_units(Decimal("1234567890123456"), 2) == Decimal("12345678901234.56")


def test_a_wanyuan_field_keeps_its_own_digits():
    field = MoneyField(max_digits=14)
    assert field.clean("123456789012.34", None) == Decimal("123456789012.34")
    with pytest.raises(ValidationError):
        field.clean("1234567890123.45", None)
