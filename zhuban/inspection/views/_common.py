"""The recipe every inspection page shares: the form page and the write's tail."""

from __future__ import annotations

from typing import Any

from django.shortcuts import render

from zhuban.pages import form_page


def form(request, form, write, *, title: str, success_url, message: str, back: str, intro: str = "", context=None):
    """A page with one form: on a valid POST the service runs, a refusal shows beside its field."""
    ctx: dict[str, Any] = {"title": title, "back": back, "intro": intro, **(context or {})}
    return form_page(
        request, form, write, template="inspection/form.html", context=ctx, success_url=success_url, message=message
    )


def page(request, template: str, context: dict[str, Any]):
    return render(request, f"inspection/{template}", context)


def int_param(value: str | None) -> int:
    """An id from the query string; anything else (a NUL, 20 digits, ２０１５) is no id (0)."""
    if value and value.isascii() and value.isdigit() and len(value) <= 9:
        return int(value)
    return 0
