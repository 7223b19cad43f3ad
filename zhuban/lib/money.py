"""Money stored exactly on every engine: a whole number of hundredths (fen for 元) in a BIGINT.

SQLite has no exact decimal column: a ``DecimalField`` lands in a REAL, and 12345678901234.56
comes back as 12345678901234.6. A ``MoneyField`` keeps the amount as an integer of its smallest
unit (``decimal_places`` digits after the point) and hands Python a ``Decimal`` with exactly
that many places, so the page, the audit entry and the export read what was typed. Sums over it
(``Sum("amount")``) are integer sums on both engines and come back as ``Decimal`` too, because an
aggregate's converters are its output field's.

Amounts with more places than the field keeps are refused (as ``DecimalField`` refuses them),
never rounded.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Combinable, Expression
from django.utils.translation import gettext_lazy as _


def to_units(value: Decimal, places: int) -> int:
    """The amount as an integer of its smallest unit; refuses a value with more places."""
    scaled = value.scaleb(places)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value} has more than {places} decimal places")
    return int(scaled)


def from_units(units: int | Decimal, places: int) -> Decimal:
    return Decimal(int(units)).scaleb(-places).quantize(Decimal(1).scaleb(-places))


if TYPE_CHECKING:
    # The stubs make Field generic in its set and get types (not subscriptable at run time).
    _BigInteger = models.BigIntegerField[Any, Any]
else:
    _BigInteger = models.BigIntegerField


class MoneyField(_BigInteger):
    """An exact amount of money, ``Decimal`` in Python, an integer of hundredths in the database."""

    # What the django-stubs plugin reads as the model attribute's types.
    _pyi_private_set_type: Decimal | float | int | str | Combinable  # type: ignore[assignment]
    _pyi_private_get_type: Decimal  # type: ignore[assignment]

    description = _("金额")
    default_error_messages = {"invalid": _("“%(value)s”不是有效的金额。")}

    def __init__(self, *args: Any, max_digits: int = 16, decimal_places: int = 2, **kwargs: Any) -> None:
        self.max_digits = max_digits
        self.decimal_places = decimal_places
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_digits"] = self.max_digits
        kwargs["decimal_places"] = self.decimal_places
        return name, path, args, kwargs

    @property
    def validators(self) -> list[Any]:
        # The integer range checks of BigIntegerField are implied by max_digits (16 digits < 2**63).
        own = getattr(self, "_validators", [])  # those passed to the field (not in the stubs)
        return [*self.default_validators, *own, validators.DecimalValidator(self.max_digits, self.decimal_places)]

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or value == "":
            return None
        if isinstance(value, float):
            value = repr(value)
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
        except (InvalidOperation, TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value}) from None
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value})
        places = Decimal(1).scaleb(-self.decimal_places)
        # Exactly the field's places, so "100" and "100.00" are one amount on the trail too; a
        # value with more places is left as it is for the DecimalValidator to refuse.
        return number.quantize(places) if -number.as_tuple().exponent <= self.decimal_places else number  # type: ignore[operator]

    def get_prep_value(self, value: Any) -> Any:
        if value is None or hasattr(value, "resolve_expression"):
            return value
        number = self.to_python(value)
        if number is None:
            return None
        return to_units(number, self.decimal_places)

    def from_db_value(self, value: Any, expression: Expression, connection: BaseDatabaseWrapper) -> Decimal | None:
        if value is None:
            return None
        return from_units(value, self.decimal_places)

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    def formfield(self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any) -> Any:
        defaults: dict[str, Any] = {
            "form_class": form_class or forms.DecimalField,
            "max_digits": self.max_digits,
            "decimal_places": self.decimal_places,
        }
        defaults.update(kwargs)
        if choices_form_class is not None:
            defaults["choices_form_class"] = choices_form_class
        # Skip IntegerField's formfield (an IntegerField with integer bounds); Field's takes form_class.
        return models.Field.formfield(self, **defaults)


def units_migration(app_label: str, model: str, field_name: str, field: MoneyField) -> list[Any]:
    """Migration operations that turn a ``DecimalField`` column into a ``MoneyField`` holding the
    same amounts in hundredths: a new column, one UPDATE (``ROUND(old * 100)``: exact on
    PostgreSQL's numeric, and the nearest integer of SQLite's REAL, which is the typed amount for
    anything a REAL held to the cent), the old column dropped and the new one renamed."""
    from django.db import migrations
    from django.db.models import F
    from django.db.models.functions import Cast, Round

    temporary = f"{field_name}_units"
    scale = 10**field.decimal_places

    def forwards(apps: Any, schema_editor: Any) -> None:
        # PostgreSQL refuses to ALTER a table with pending (deferred) constraint checks from an
        # UPDATE in the same transaction: run them now, so the column swap that follows may go.
        postgres = schema_editor.connection.vendor == "postgresql"
        if postgres:
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        apps.get_model(app_label, model)._default_manager.filter(**{f"{field_name}__isnull": False}).update(
            **{temporary: Cast(Round(F(field_name) * scale), models.BigIntegerField())}
        )
        if postgres:
            schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")

    nullable = MoneyField(null=True, blank=True, max_digits=field.max_digits, decimal_places=field.decimal_places)
    return [
        migrations.AddField(model, temporary, nullable),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model, field_name),
        migrations.RenameField(model, temporary, field_name),
        migrations.AlterField(model, field_name, field),
    ]
