"""The recipe every consolidation page shares: access checks, the form page, the write's tail."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from zhuban.consolidation import queries
from zhuban.consolidation.models import Dossier
from zhuban.org.capabilities import Capability
from zhuban.pages import attach_errors


def _form_page(request, form, *, title: str, dossier: Dossier | None = None, back: str = "", intro: str = ""):
    return render(
        request,
        "consolidation/form.html",
        {"form": form, "title": title, "dossier": dossier, "back": back, "intro": intro},
        status=422 if form.errors else 200,
    )


def _run(request, form, call, success: str, done_message: str):
    """The shared tail of every write: call the service, show a refusal on the form."""
    try:
        call(form.cleaned_data)
    except ValidationError as exc:
        attach_errors(form, exc)
        return None
    messages.success(request, done_message)
    return redirect(success)


def _writable_dossier(request, pk) -> Dossier:
    """A dossier on which the user records consolidation (404 out of scope, 403 otherwise)."""
    return queries.dossier_for(request.user, pk, action=Capability.CONSOLIDATION_RECORD)
