"""Violation cases: the discipline side's files, and the notices the jurisdiction concerned sees."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zhuban.inspection import forms, queries, services
from zhuban.inspection.views._common import form, page
from zhuban.inspection.views.findings import CONTENT_TYPES
from zhuban.org.access import can, scoped, widest_paths
from zhuban.org.capabilities import Capability
from zhuban.org.models import Jurisdiction
from zhuban.pages import posted, posted_files
from zhuban.registry.models import Asset, Office, StaffMember


@login_required
def case_list(request):
    user = request.user
    return page(
        request,
        "case_list.html",
        {
            "cases": queries.cases_for(user) if can(user, Capability.INSPECTION_CASE_READ) else None,
            "notices": queries.notices_for(user),
            "may_handle": can(user, Capability.INSPECTION_CASE_HANDLE),
        },
    )


def _handling_jurisdiction(request) -> Jurisdiction:
    """The widest jurisdiction over which the user handles cases."""
    paths = widest_paths(request.user)
    for j in Jurisdiction.objects.filter(path__in=paths).order_by("path"):
        if can(request.user, Capability.INSPECTION_CASE_HANDLE, j):
            return j
    raise PermissionDenied


@login_required
@require_POST
def case_detect(request):
    jurisdiction = _handling_jurisdiction(request)
    made = services.case_detect(actor=request.user, jurisdiction=jurisdiction, as_of=timezone.localdate())
    messages.success(request, _("已根据现有数据提出%(n)s条新线索，待研判。") % {"n": len(made)})
    return redirect("inspection:case_list")


@login_required
@require_http_methods(["GET", "POST"])
def case_propose(request):
    jurisdiction = _handling_jurisdiction(request)
    offices = scoped(request.user, Office.objects.filter(jurisdiction__path__startswith=jurisdiction.path))
    f = forms.CaseProposeForm(posted(request), offices=offices.select_related("jurisdiction"))

    def write(f):
        d = f.cleaned_data
        office = d["office"]
        return services.case_propose(
            actor=request.user,
            jurisdiction=office.jurisdiction if office else jurisdiction,
            office=office,
            kind=d["kind"],
            facts=d["facts"],
        )

    return form(
        request,
        f,
        write,
        title=_("提出违规违纪线索"),
        success_url=lambda c: c.get_absolute_url(),
        message=_("线索已登记，待研判。"),
        back=reverse("inspection:case_list"),
    )


@login_required
def case_detail(request, pk):
    case = queries.case_for(request.user, pk)
    return page(
        request,
        "case_detail.html",
        {
            "case": case,
            "notes": case.notes.order_by("id"),
            "notices": case.notices.order_by("sent_at", "id"),
            "may_handle": can(request.user, Capability.INSPECTION_CASE_HANDLE, case),
        },
    )


def _case_form(request, pk, form_class, call, *, title: str, message: str, files: bool = False, initial=None):
    case = queries.case_for(request.user, pk, action=Capability.INSPECTION_CASE_HANDLE)
    f = (
        form_class(posted(request), posted_files(request), initial=initial)
        if files
        else form_class(posted(request), initial=initial)
    )
    return form(
        request,
        f,
        lambda f: call(case, f.cleaned_data),
        title=title,
        success_url=lambda _x: case.get_absolute_url(),
        message=message,
        back=case.get_absolute_url(),
        context={"case": case},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_open(request, pk):
    return _case_form(
        request,
        pk,
        forms.CaseOpenForm,
        lambda c, d: services.case_open(actor=request.user, case=c, **d),
        title=_("立案"),
        message=_("已立案。"),
        initial={"opened_on": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_dismiss(request, pk):
    return _case_form(
        request,
        pk,
        forms.CaseDismissForm,
        lambda c, d: services.case_dismiss(actor=request.user, case=c, **d),
        title=_("不予立案"),
        message=_("已不予立案。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_note(request, pk):
    return _case_form(
        request,
        pk,
        forms.CaseNoteForm,
        lambda c, d: services.case_note_add(actor=request.user, case=c, **d),
        title=_("录入调查记录"),
        message=_("调查记录已录入。"),
        files=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_involve(request, pk):
    case = queries.case_for(request.user, pk, action=Capability.INSPECTION_CASE_HANDLE)
    offices = scoped(request.user, Office.objects.filter(jurisdiction__path__startswith=case.jurisdiction.path))
    own = case.office_id
    f = forms.CaseInvolveForm(
        posted(request),
        offices=offices.order_by("name", "id"),
        assets=scoped(request.user, Asset.objects.filter(office_id=own)).order_by("id"),
        staff=scoped(request.user, StaffMember.objects.filter(office_id=own)).select_related("office").order_by("id"),
    )
    return form(
        request,
        f,
        lambda f: services.case_involve(actor=request.user, case=case, **f.cleaned_data),
        title=_("登记涉案机构、资产和人员"),
        success_url=lambda _x: case.get_absolute_url(),
        message=_("涉案对象已登记。"),
        back=case.get_absolute_url(),
        context={"case": case},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_decide(request, pk):
    return _case_form(
        request,
        pk,
        forms.CaseDecideForm,
        lambda c, d: services.case_decide(actor=request.user, case=c, **d),
        title=_("录入处理决定"),
        message=_("处理决定已录入。"),
        initial={"decided_on": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_follow_up(request, pk):
    return _case_form(
        request,
        pk,
        forms.CaseFollowUpForm,
        lambda c, d: services.case_follow_up(actor=request.user, case=c, **d),
        title=_("录入处理决定落实情况"),
        message=_("落实情况已录入。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_disclose(request, pk):
    return _case_form(
        request,
        pk,
        forms.CaseDiscloseForm,
        lambda c, d: services.case_disclose(actor=request.user, case=c, **d),
        title=_("向有关地方通报"),
        message=_("已通报有关地方。"),
    )


@login_required
def case_note_file(request, pk):
    note = queries.case_note_for(request.user, pk)
    if not note.file:
        raise Http404
    return FileResponse(
        note.file.open("rb"),
        as_attachment=True,
        filename=note.file_name or f"case-note-{note.pk}",
        content_type=CONTENT_TYPES.get(note.content_kind, "application/octet-stream"),
    )
