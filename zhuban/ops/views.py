"""The person's background jobs: start a city-wide export, watch it move, download what it made."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhuban.ops.jobs import job_enqueue
from zhuban.ops.models import Job
from zhuban.workbook.forms import ExportForm

RECENT = 50


def _own(request, pk) -> Job:
    # A job is its requester's alone: anyone else's is missing.
    return get_object_or_404(Job, pk=pk, requested_by=request.user)


@login_required
def jobs(request):
    return render(
        request,
        "ops/jobs.html",
        {
            "jobs": Job.objects.filter(requested_by=request.user).order_by("-created_at")[:RECENT],
            "form": ExportForm(user=request.user),
        },
    )


@login_required
@require_POST
def export_start(request):
    form = ExportForm(request.POST, user=request.user)
    # A jurisdiction out of reach (or none) is missing, as on the export itself.
    jurisdiction = form.cleaned_data["jurisdiction"] if form.is_valid() else None
    if jurisdiction is None:
        raise Http404
    job = job_enqueue(
        kind=Job.Kind.REGISTRATION_EXPORT,
        title=_("导出附表一：%(name)s") % {"name": jurisdiction.name},
        requested_by=request.user,
        params={"jurisdiction": jurisdiction.pk},
    )
    return redirect("ops:job", job.pk)


@login_required
def job(request, pk):
    found = _own(request, pk)
    template = "ops/_job_progress.html" if request.htmx else "ops/job.html"
    return render(request, template, {"job": found})


@login_required
def job_download(request, pk):
    found = _own(request, pk)
    if found.status != Job.Status.DONE or not found.result:
        raise Http404
    try:
        handle = found.result.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=found.result_name)
