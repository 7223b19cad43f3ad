"""Dates and money shown the same way everywhere, in the language the user chose."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from zhuban.ui.formatting import format_date, format_datetime, format_money

SHANGHAI = ZoneInfo("Asia/Shanghai")
PAGE = Template(
    "{% load zhuban_format %}{{ day|format_date }}|{{ moment|format_datetime }}|{{ moment|format_datetime:'s' }}|"
    "{{ day|format_month }}|{{ day|format_month_day }}|{{ day|format_weekday }}|{{ amount|yuan }}|"
    "{{ missing|yuan }}|{{ assets|wanyuan }}|{{ missing|format_date|default:'—' }}"
)
CONTEXT = {
    "day": date(2015, 8, 1),
    # 06:05 UTC is 14:05 in Asia/Shanghai, the product's time zone.
    "moment": datetime(2015, 8, 1, 6, 5, 9, tzinfo=ZoneInfo("UTC")),
    "amount": Decimal("1234567.8"),
    "missing": None,
    "assets": Decimal("350"),
}


def rendered(language: str) -> list[str]:
    with translation.override(language):
        return PAGE.render(Context(CONTEXT)).split("|")


def test_the_same_template_shows_chinese_dates_in_chinese():
    assert rendered("zh-hans") == [
        "2015年8月1日",
        "2015年8月1日 14:05",
        "2015年8月1日 14:05:09",
        "2015年8月",
        "8月1日",
        "星期六",
        "1,234,567.80",
        "—",
        "350.00",
        "—",
    ]


def test_the_same_template_shows_english_dates_in_english():
    assert rendered("en") == [
        "1 Aug 2015",
        "1 Aug 2015 14:05",
        "1 Aug 2015 14:05:09",
        "Aug 2015",
        "1 Aug",
        "Saturday",
        "1,234,567.80",
        "—",
        "350.00",
        "—",
    ]


def test_a_moment_shows_its_day_in_local_time():
    late = datetime(2015, 8, 31, 17, 30, tzinfo=ZoneInfo("UTC"))  # 1:30 on 1 September in Shanghai
    with translation.override("zh-hans"):
        assert format_date(late) == "2015年9月1日"
        assert format_datetime(late.astimezone(SHANGHAI)) == "2015年9月1日 01:30"


def test_a_date_kept_as_iso_text_is_shown_like_any_date_and_other_text_as_it_is():
    with translation.override("en"):
        assert format_date("2015-10-20") == "20 Oct 2015" and format_date("待定") == "待定"


@pytest.mark.parametrize(("value", "shown"), [(0, "0.00"), ("98000", "98,000.00"), (Decimal("-3.5"), "-3.50")])
def test_money_has_thousands_separators_and_two_decimals(value, shown):
    assert format_money(value) == shown


ROOT = Path(__file__).resolve().parents[2]
LITERAL_DATE = re.compile(r"""\|\s*date\s*:\s*(["'])(?P<format>.*?)\1""")
# Inside a tag, in an attribute a machine reads: <input value="…">, href="…?as_of=…", data-*.
MACHINE_ATTRIBUTE = re.compile(r"""<[^<>]*\s(?:value|href|datetime|data-[\w-]+)\s*=\s*(?:"[^"]*|'[^']*)$""")


def test_no_template_shows_a_date_in_a_literal_format():
    offending = []
    for path in sorted(ROOT.rglob("templates/**/*")):
        if path.suffix not in {".html", ".txt"}:
            continue
        text = path.read_text(encoding="utf-8")
        for match in LITERAL_DATE.finditer(text):
            machine = match["format"] == "Y-m-d" and MACHINE_ATTRIBUTE.search(text[: match.start()][-400:])
            if not machine:
                line = text.count("\n", 0, match.start()) + 1
                offending.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}")
    assert offending == [], "use format_date / format_datetime / format_month from zhuban_format"


def test_the_check_catches_a_literal_format_shown_to_a_user():
    shown = '<td>{{ d|date:"Y-m-d" }}</td>'
    assert LITERAL_DATE.search(shown) and not MACHINE_ATTRIBUTE.search(shown[: shown.index("|")])
    machine = '<input type="date" value="{{ d|date:\'Y-m-d\' }}">'
    assert MACHINE_ATTRIBUTE.search(machine[: machine.index("|")])
