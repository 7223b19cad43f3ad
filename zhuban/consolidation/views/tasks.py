"""A sub-task's pages: its owner and deadline, its evidence, deregistration and quota recovery."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhuban.consolidation import forms, services
from zhuban.consolidation.models import Dossier, Evidence, TaskKind
from zhuban.consolidation.report import related
from zhuban.consolidation.views._common import _form_page, _run, _writable_dossier
from zhuban.org.access import get_in_scope
from zhuban.pages import posted, posted_files, stored_file


def _task_kind(dossier: Dossier, kind: str) -> str:
    if kind not in dossier.task_kinds:
        raise Http404
    return kind


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk, kind):
    dossier = _writable_dossier(request, pk)
    kind = _task_kind(dossier, kind)
    task = dossier.tasks.get(kind=kind)
    form = forms.TaskForm(
        posted(request), initial={"owner": task.owner, "due_on": task.due_on, "version": task.version}
    )
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            form,
            lambda d: services.task_assign(
                actor=request.user, task=task, owner=d["owner"], due_on=d["due_on"], expected_version=d["version"]
            ),
            dossier.get_absolute_url() + f"#task-{kind}",
            _("已保存。"),
        )
        if done:
            return done
    return _form_page(
        request,
        form,
        title=_("责任单位和完成时限：%(task)s") % {"task": TaskKind(kind).label},
        dossier=dossier,
    )


@login_required
@require_http_methods(["GET", "POST"])
def evidence_upload(request, pk, kind):
    dossier = _writable_dossier(request, pk)
    kind = _task_kind(dossier, kind)
    form = forms.EvidenceForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            form,
            lambda d: services.evidence_add(
                actor=request.user, dossier=dossier, task=kind, file=d["file"], description=d["description"]
            ),
            dossier.get_absolute_url() + f"#task-{kind}",
            _("证明材料已上传。"),
        )
        if done:
            return done
    return _form_page(
        request, form, title=_("上传证明材料：%(task)s") % {"task": TaskKind(kind).label}, dossier=dossier
    )


CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg", "zip": "application/zip"}


@login_required
def evidence_file(request, pk):
    """An evidence file, served only through the access chokepoint, always as a download."""
    evidence = get_in_scope(request.user, Evidence.objects.select_related("dossier__office__jurisdiction"), pk=pk)
    return stored_file(
        request,
        evidence.file,
        filename=evidence.name or f"evidence-{evidence.pk}",
        content_type=CONTENT_TYPES.get(evidence.content_kind, "application/octet-stream"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def deregistration_record(request, pk):
    dossier = _writable_dossier(request, pk)
    record = related(dossier, "deregistration")
    initial = {}
    if record is not None:
        initial = {
            "authority": record.authority,
            "document_number": record.document_number,
            "deregistered_on": record.deregistered_on,
        }
    form = forms.DeregistrationForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            form,
            lambda d: services.deregistration_record(actor=request.user, dossier=dossier, **d),
            dossier.get_absolute_url() + "#task-deregistration",
            _("注销机构已录入。"),
        )
        if done:
            return done
    return _form_page(request, form, title=_("注销机构"), dossier=dossier)


@login_required
@require_http_methods(["GET", "POST"])
def quota_record(request, pk):
    dossier = _writable_dossier(request, pk)
    record = related(dossier, "quota_recovery")
    initial = {
        "posts_recovered": dossier.office.staffing_quota,
        "confirmed_by": services.default_owner(dossier.office, TaskKind.QUOTA),
    }
    if record is not None:
        initial = {
            "posts_recovered": record.posts_recovered,
            "confirmed_by": record.confirmed_by,
            "document_number": record.document_number,
            "confirmed_on": record.confirmed_on,
            "difference_reason": record.difference_reason,
        }
    form = forms.QuotaForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            form,
            lambda d: services.quota_recovery_record(actor=request.user, dossier=dossier, **d),
            dossier.get_absolute_url() + "#task-quota",
            _("收回编制已录入。"),
        )
        if done:
            return done
    intro = _("核定编制数：%(quota)s名。") % {"quota": dossier.office.staffing_quota}
    return _form_page(request, form, title=_("收回编制"), dossier=dossier, intro=intro)
