"""Small helpers every page view shares."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render


def posted(request):
    """The form data of a POST (even an empty one, which must fail validation), else None."""
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None


def attach_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on the form, beside the field it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def form_page(request, form, write, *, template: str, context: dict, success_url, message: str):
    """The tail every edit view shares: on a valid POST call the service (``write(form)``) and
    redirect to ``success_url(result)`` with ``message``; a refusal is shown on the form, beside
    the field it names, with status 422."""
    if request.method == "POST" and form.is_valid():
        try:
            result = write(form)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(success_url(result))
    return render(request, template, {**context, "form": form}, status=422 if form.errors else 200)
