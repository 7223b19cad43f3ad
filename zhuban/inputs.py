"""Form input read the way the import reads a cell (``zhuban.lib.normalise``), in one place.

Every form that stores what a person types mixes in ``NormalisedInput``: its text fields drop
invisible and bidirectional control characters and trim (a text area keeps the full-width
spaces between words, as the import does for running text), the fields it names in
``document_fields`` also get their year in 〔〕, and its dates stay within the years the import
accepts. So an office typed into the form, exported and imported again, shows no change.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhuban.lib import normalise
from zhuban.org.queries import full_names


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


# A drop-down lists its jurisdictions when they are few; more than this, they are typed with
# suggestions (a national administrator reaches 3,000, and a page of 3,000 options is 850 KB).
SELECT_LIMIT = 60
CODED = re.compile(r"^(?P<name>.*?)[（(](?P<code>\d{6,12})[）)]$")


class JurisdictionField(forms.ModelChoiceField):
    """A jurisdiction among those the form's user may use: a drop-down when they are few, else
    typed as a name, a code, or as the suggestions write it (通城县（421222）), the page's
    ``<datalist id="{{ datalist }}">`` filled from ``suggestions_url`` as the clerk types. A name two
    jurisdictions share is refused, naming them, so the clerk adds the code."""

    typed = False

    def __init__(self, *args: Any, suggestions_url: Any = "", datalist: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.suggestions_url, self.datalist = suggestions_url, datalist

    def limit_to(self, queryset: Any) -> None:
        """Set the jurisdictions allowed, and the widget their number calls for."""
        self.queryset = queryset
        if queryset.count() <= SELECT_LIMIT:
            return
        self.typed = True
        self.widget = forms.TextInput(
            attrs={
                "list": self.datalist,
                "autocomplete": "off",
                "hx-get": str(self.suggestions_url),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{self.datalist}",
                "hx-swap": "outerHTML",
                "hx-push-url": "false",
            }
        )

    def prepare_value(self, value: Any) -> Any:
        if self.typed and hasattr(value, "code"):
            return f"{value.name}（{value.code}）"
        return super().prepare_value(value)

    def to_python(self, value: Any) -> Any:
        if not self.typed or value in self.empty_values:
            return super().to_python(value)
        # NUL is no character of a name, and PostgreSQL refuses it in a query: it goes.
        typed = (normalise.text(str(value)) or "").replace("\x00", "")
        allowed: Any = self.queryset
        coded = CODED.match(typed)
        if coded:
            found = list(allowed.filter(code=coded["code"])[:2])
        elif typed.isascii() and typed.isdigit() and len(typed) < 19:
            # A code as typed, or the record's number as a link carries it.
            found = list(allowed.filter(code=typed)[:2]) or list(allowed.filter(pk=int(typed))[:1])
        else:
            found = list(allowed.filter(name=typed)[:3])
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError(
                _("没有您可选的名为“%(value)s”的行政区划。"), code="invalid_choice", params={"value": typed}
            )
        raise ValidationError(
            _("有多个名为“%(value)s”的行政区划，请输入区划代码，如 %(codes)s。"),
            code="ambiguous",
            params={"value": typed, "codes": "、".join(f"{j.name}（{j.code}）" for j in found)},
        )


def jurisdiction_suggestions(queryset: Any, typed: str, limit: int = 20) -> list[tuple[str, str]]:
    """(value to fill in, full name to show) for up to ``limit`` jurisdictions containing what was typed."""
    typed = (normalise.text(typed) or "").replace("\x00", "").strip()
    if not typed:
        return []
    rows = list(queryset.filter(Q(name__icontains=typed) | Q(code__startswith=typed)).order_by("path")[:limit])
    names = full_names(rows)
    return [(f"{j.name}（{j.code}）", names.get(j.pk) or j.name) for j in rows]
