"""Small helpers every page view shares."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render


def stored_file(request, field, *, filename: str | None = None, content_type: str | None = None):
    """A stored upload as a download; a file whose record exists but whose bytes are gone from
    the storage (a restore without the files, a disk mishap) is a 404 page that says so."""
    name = filename or field.name.rsplit("/", 1)[-1]
    try:
        handle = field.open("rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return render(request, "404.html", {"missing_file": name}, status=404)
    kwargs = {"content_type": content_type} if content_type else {}
    return FileResponse(handle, as_attachment=True, filename=name, **kwargs)


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
