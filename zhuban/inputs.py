"""Form input read the way the import reads a cell (``zhuban.lib.normalise``), in one place.

Every form that stores what a person types mixes in ``NormalisedInput``: its text fields drop
invisible and bidirectional control characters and trim (a text area keeps the full-width
spaces between words, as the import does for running text), the fields it names in
``document_fields`` also get their year in 〔〕, and its dates stay within the years the import
accepts. So an office typed into the form, exported and imported again, shows no change.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhuban.lib import normalise


class TextField(forms.CharField):
    """A name or any typed text: what is left after invisible characters go is what is checked
    (a name of only zero-width spaces is missing; the length counts what is stored)."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if isinstance(value, str) and value:
            value = normalise.text(value) or self.empty_value
        return value


class ParagraphField(forms.CharField):
    """Running text typed in a text area: the spaces between words are kept."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if isinstance(value, str) and value:
            value = normalise.paragraph(value) or self.empty_value
        return value


class DocumentNumberField(TextField):
    """A document number (文号): 咸政函[2003]12号 is stored as 咸政函〔2003〕12号, as the import stores it."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return normalise.document_number(value) if isinstance(value, str) and value else value


class DateField(forms.DateField):
    """A date within the years the import accepts (no year 1 or 9999)."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and not normalise.date_in_bounds(value):
            raise ValidationError(
                _("日期须在 %(earliest)s 年至 %(latest)s 年之间，请核对年份。"),
                code="date_range",
                params={"earliest": normalise.EARLIEST.year, "latest": normalise.LATEST.year},
            )


class NormalisedInput:
    """Mix into a form (before ``forms.Form`` or ``forms.ModelForm``): its plain text and date
    fields, declared or generated from the model, become the fields above.

    The field instances are the form's own copies, so changing their class touches no other form;
    the subclasses add no state, only how a value is read."""

    document_fields: ClassVar[tuple[str, ...]] = ()
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if type(field) is forms.CharField and name in self.document_fields:
                field.__class__ = DocumentNumberField
            elif type(field) is forms.CharField:
                field.__class__ = ParagraphField if isinstance(field.widget, forms.Textarea) else TextField
            elif type(field) is forms.DateField:
                field.__class__ = DateField
