"""附表一 pages: the blank template, exports, and upload → preview → commit.

Each view: access helper, bound form, service call, redirect or fragment. Exports go through
the access chokepoint (``scoped``); an upload and its preview are visible to the uploader only.
"""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zhuban.inputs import jurisdiction_suggestions
from zhuban.lib.xlsx_guard import WorkbookRejected
from zhuban.org.access import can, require
from zhuban.org.capabilities import Capability
from zhuban.workbook import queries, services
from zhuban.workbook.exporting import user_export, write_registration
from zhuban.workbook.forms import ExportForm, UploadForm
from zhuban.workbook.messages import file_message
from zhuban.workbook.models import RegistrationUpload

ROWS_PER_PAGE = 200
ERRORS_PER_PAGE = 500
STATUSES = ("new", "changed", "unchanged", "error")


@login_required
@require_GET
def index(request):
    return _index(request, UploadForm(user=request.user))


def _index(request, upload_form: UploadForm, status: int = 200):
    may_import = can(request.user, Capability.WORKBOOK_IMPORT)
    pending = RegistrationUpload.objects.filter(owner=request.user, status=RegistrationUpload.Status.PREVIEWED)
    context = {
        "upload_form": upload_form if may_import else None,
        "export_form": ExportForm(user=request.user),
        "pending": pending.select_related("jurisdiction")[:5],
    }
    return render(request, "workbook/index.html", context, status=status)


@login_required
@require_GET
def jurisdiction_options(request):
    """The datalist of a typed jurisdiction, as the clerk types: where they may import, or export."""
    importing = request.GET.get("for") == "import"
    allowed = (
        queries.import_jurisdictions_for(request.user) if importing else queries.export_jurisdictions_for(request.user)
    )
    return render(
        request,
        "workbook/_jurisdiction_options.html",
        {
            "datalist": "import-jurisdictions" if importing else "export-jurisdictions",
            "options": jurisdiction_suggestions(allowed, request.GET.get("jurisdiction", "")[:40]),
        },
    )


@login_required
@require_GET
def template_download(request):
    governments, provinces = queries.drop_down_lists(queries.export_jurisdictions_for(request.user).first())
    return _xlsx_response(
        lambda target: write_registration(target, governments=governments, provinces=provinces),
        _("附表一模板.xlsx"),
    )


@login_required
@require_GET
def export(request):
    jurisdiction = None
    if request.GET.get("jurisdiction"):
        form = ExportForm(request.GET, user=request.user)
        # Out of scope (or not a jurisdiction at all) is indistinguishable from missing.
        if not form.is_valid():
            raise Http404
        jurisdiction = form.cleaned_data["jurisdiction"]
    export = user_export(request.user, jurisdiction)
    return _xlsx_response(export.write, export.filename)


def _xlsx_response(write, filename: str) -> FileResponse:
    # A temporary file rather than memory: the writer streams rows out, and so does the response.
    target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it, which deletes it
    write(target)
    target.seek(0)
    return FileResponse(
        target,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_POST
def upload(request):
    require(request.user, Capability.WORKBOOK_IMPORT)
    form = UploadForm(request.POST, request.FILES, user=request.user)
    if form.is_valid():
        jurisdiction = form.cleaned_data["jurisdiction"]
        try:
            stored = services.upload_store(user=request.user, jurisdiction=jurisdiction, file=form.cleaned_data["file"])
            services.upload_preview(
                user=request.user, upload=stored, scope=queries.import_scope_for(request.user, jurisdiction)
            )
        except WorkbookRejected as exc:
            form.add_error("file", file_message(exc.code, exc.params))
        else:
            return redirect("workbook:preview", pk=stored.pk)
    return _index(request, form, status=422)


@login_required
@require_GET
def preview(request, pk):
    upload = queries.upload_for(request.user, pk)
    result = services.ImportResult.from_stored(upload.preview) if "rows" in upload.preview else None
    status = request.GET.get("status", "")
    status = status if status in STATUSES else ""
    context = {"upload": upload, "result": result, "status": status, "statuses": STATUSES}
    if result is not None:
        rows = [r for r in result.rows if r.status == status] if status else result.rows
        context["page"] = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        context["errors"] = Paginator(result.errors, ERRORS_PER_PAGE).get_page(request.GET.get("errors_page"))
        context["counts"] = {s: sum(1 for r in result.rows if r.status == s) for s in STATUSES}
    if request.htmx and result is not None:
        return render(request, "workbook/_preview_rows.html", context)
    return render(request, "workbook/preview.html", context)


@login_required
@require_POST
def commit(request, pk):
    require(request.user, Capability.WORKBOOK_IMPORT)
    upload = queries.upload_for(request.user, pk)
    preview_url = reverse("workbook:preview", args=[upload.pk])
    if upload.status != RegistrationUpload.Status.PREVIEWED:
        messages.info(request, _("这份工作簿已经导入。"))
        return redirect(preview_url)
    jurisdiction = queries.import_jurisdictions_for(request.user).filter(pk=upload.jurisdiction_id).first()
    if jurisdiction is None:
        raise Http404
    try:
        result = services.upload_commit(
            user=request.user, upload=upload, scope=queries.import_scope_for(request.user, jurisdiction)
        )
    except WorkbookRejected as exc:
        messages.error(request, file_message(exc.code, exc.params))
        return redirect("workbook:index")
    except services.AlreadyCommitted:
        messages.info(request, _("这份工作簿已经导入。"))
        return redirect(preview_url)
    if result.written:
        messages.success(
            request,
            _("已导入：新增 %(created)s，修改 %(updated)s，未变 %(unchanged)s。")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
        return redirect("registry:office_list")
    if result.stale:
        messages.error(request, _("预览之后登记数据已有变化，请查看新的预览后再确认导入。"))
    else:
        messages.error(request, _("表中有错误，未写入任何数据。"))
    return redirect(preview_url)
