"""Findings: recorded on site (the page works on a phone), answered, accepted or returned."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhuban.inspection import forms, queries, services
from zhuban.inspection.models import CheckItem
from zhuban.inspection.views._common import form, int_param, page
from zhuban.org.access import can
from zhuban.org.capabilities import Capability
from zhuban.org.models import Unit
from zhuban.pages import posted, posted_files

CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg", "zip": "application/zip"}


def _units_for(office):
    """Who may be made responsible: units of the office's jurisdiction or of the governments above it."""
    parts = [p for p in office.jurisdiction.path.split("/") if p]
    paths = ["/" + "".join(f"{p}/" for p in parts[:n]) for n in range(1, len(parts) + 1)]
    return (
        Unit.objects.filter(jurisdiction__path__in=paths)
        .select_related("jurisdiction")
        .order_by("-jurisdiction__path", "kind", "name")
    )


@login_required
def finding_list(request):
    return page(request, "finding_list.html", {"findings": queries.findings_for(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def finding_create(request, pk):
    target = queries.target_for(request.user, pk, action=Capability.INSPECTION_RECORD)
    item = CheckItem.objects.filter(pk=int_param(request.GET.get("item"))).first()
    f = forms.FindingForm(
        posted(request),
        posted_files(request),
        units=_units_for(target.office),
        initial={"recorded_on": timezone.localdate(), "responsible_unit": target.office.sponsor_id, "item": item},
    )

    def write(f):
        d = dict(f.cleaned_data)
        return services.finding_record(actor=request.user, target=target, files=d.pop("attachments"), **d)

    return form(
        request,
        f,
        write,
        title=_("录入检查发现"),
        success_url=lambda finding: finding.get_absolute_url(),
        message=_("检查发现已录入，已通知整改责任单位。"),
        back=target.get_absolute_url(),
        context={"target": target},
    )


@login_required
def finding_detail(request, pk):
    finding = queries.finding_for(request.user, pk)
    rectifications, evidence = queries.finding_history(finding)
    return page(
        request,
        "finding_detail.html",
        {
            "finding": finding,
            "rectifications": rectifications,
            "evidence": evidence,
            "may_rectify": can(request.user, Capability.INSPECTION_RECTIFY, finding),
            "may_review": can(request.user, Capability.INSPECTION_ACCEPT, finding),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_rectify(request, pk):
    finding = queries.finding_for(request.user, pk, action=Capability.INSPECTION_RECTIFY)
    f = forms.RectifyForm(posted(request), posted_files(request), initial={"answered_on": timezone.localdate()})
    return form(
        request,
        f,
        lambda f: services.finding_rectify(
            actor=request.user,
            finding=finding,
            text=f.cleaned_data["text"],
            answered_on=f.cleaned_data["answered_on"],
            files=f.cleaned_data["attachments"],
        ),
        title=_("报送整改情况"),
        success_url=lambda r: finding.get_absolute_url(),
        message=_("整改情况已报送检查组验收。"),
        back=finding.get_absolute_url(),
        context={"finding": finding},
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_review(request, pk):
    finding = queries.finding_for(request.user, pk, action=Capability.INSPECTION_ACCEPT)
    f = forms.ReviewForm(posted(request), initial={"on": timezone.localdate()})

    def write(f):
        d = f.cleaned_data
        if d["decision"] == "accept":
            return services.finding_accept(actor=request.user, finding=finding, on=d["on"], comment=d["comment"])
        return services.finding_return(actor=request.user, finding=finding, on=d["on"], comment=d["comment"])

    return form(
        request,
        f,
        write,
        title=_("验收整改情况"),
        success_url=lambda x: finding.get_absolute_url(),
        message=_("验收结果已记录。"),
        back=finding.get_absolute_url(),
        context={"finding": finding},
    )


@login_required
def evidence_file(request, pk):
    """A finding's file, only through the chokepoint, always as a download."""
    evidence = queries.evidence_for(request.user, pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name or f"evidence-{evidence.pk}",
        content_type=CONTENT_TYPES.get(evidence.content_kind, "application/octet-stream"),
    )
