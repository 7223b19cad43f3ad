"""Small helpers every page view shares."""

from __future__ import annotations

from django.core.exceptions import ValidationError


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
