"""The team, inspection plans, checklists, reports and the supervision schedules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zhuban.inspection import forms, queries, report, services
from zhuban.inspection.models import Entry, Inspection, Kind, TeamBody, TeamMember
from zhuban.inspection.views._common import form, int_param, page
from zhuban.lib.official_doc import DOCX_TYPE
from zhuban.lib.spreadsheet import XLSX_TYPE
from zhuban.org.access import can, covers_subtree, get_in_scope, scoped, subtree_in_scope
from zhuban.org.capabilities import Capability
from zhuban.org.models import Jurisdiction
from zhuban.pages import posted
from zhuban.registry.models import Office


@login_required
def index(request):
    user = request.user
    findings = queries.findings_for(user).exclude(status="closed")
    return page(
        request,
        "index.html",
        {
            "inspections": queries.inspections_for(user)[:50],
            "findings": findings[:100],
            "planning": scoped(user, Jurisdiction.objects.filter(level="city"), action=Capability.INSPECTION_PLAN),
        },
    )


def _city(request, pk, action: str) -> Jurisdiction:
    """A jurisdiction whose whole subtree the user acts on with ``action`` (404 out of scope)."""
    return subtree_in_scope(request.user, pk, action=action)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, pk):
    jurisdiction = _city(request, pk, Capability.INSPECTION_PLAN)
    members = queries.members_of(jurisdiction)
    offices = Office.objects.filter(jurisdiction__path__startswith=jurisdiction.path).select_related("jurisdiction")
    today = timezone.localdate()
    f = forms.PlanForm(
        posted(request),
        members=members,
        offices=offices,
        initial={"kind": Kind.CAMPAIGN, "starts_on": today, "ends_on": today},
    )

    def write(f):
        d = f.cleaned_data
        return services.inspection_plan(
            actor=request.user,
            jurisdiction=jurisdiction,
            name=d["name"],
            kind=d["kind"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            offices=d["offices"],
            leader=d["leader"],
            members=d["members"],
        )

    intro = "" if members.exists() else _("%(j)s的联合检查组还没有成员，请先增加成员。") % {"j": jurisdiction}
    return form(
        request,
        f,
        write,
        title=_("制定检查计划"),
        success_url=lambda i: i.get_absolute_url(),
        message=_("检查计划已制定。"),
        back=reverse("inspection:team", args=[jurisdiction.pk]),
        intro=intro,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    """The plan's dates, offices, team and leader, while the inspection is under way."""
    inspection = queries.inspection_for(request.user, pk, action=Capability.INSPECTION_PLAN)
    jurisdiction = inspection.jurisdiction
    offices = Office.objects.filter(jurisdiction__path__startswith=jurisdiction.path).select_related("jurisdiction")
    f = forms.PlanEditForm(
        posted(request),
        members=queries.members_of(jurisdiction),
        offices=offices,
        initial={
            "name": inspection.name,
            "starts_on": inspection.starts_on,
            "ends_on": inspection.ends_on,
            "leader": inspection.leader_id,
            "members": list(inspection.members.values_list("pk", flat=True)),
            "offices": list(inspection.targets.values_list("office_id", flat=True)),
        },
    )
    return form(
        request,
        f,
        lambda f: services.inspection_edit(actor=request.user, inspection=inspection, **f.cleaned_data),
        title=_("修改检查计划"),
        success_url=lambda i: i.get_absolute_url(),
        message=_("检查计划已修改。"),
        back=inspection.get_absolute_url(),
    )


@login_required
def team(request, pk):
    jurisdiction = subtree_in_scope(request.user, pk)
    return page(
        request,
        "team.html",
        {
            "jurisdiction": jurisdiction,
            "bodies": queries.team_of(jurisdiction),
            "may_plan": covers_subtree(request.user, jurisdiction.path, action=Capability.INSPECTION_PLAN),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_member_add(request, pk):
    """A person of the jurisdiction joins its joint team for one body (the six bodies are set up
    with the first member)."""
    jurisdiction = _city(request, pk, Capability.INSPECTION_PLAN)
    taken = TeamMember.objects.filter(jurisdiction=jurisdiction).values("user_id")
    users = (
        get_user_model()
        .objects.filter(is_active=True, role_assignments__jurisdiction=jurisdiction)
        .exclude(pk__in=taken)
        .distinct()
        .order_by("username")
    )
    f = forms.MemberForm(posted(request), users=users)

    def write(f):
        d = f.cleaned_data
        services.team_set_up(actor=request.user, jurisdiction=jurisdiction)
        body = TeamBody.objects.get(jurisdiction=jurisdiction, body=d["body"])
        return services.team_member_add(actor=request.user, body=body, user=d["user"], post=d["post"])

    back = reverse("inspection:team", args=[jurisdiction.pk])
    return form(
        request,
        f,
        write,
        title=_("增加检查组成员"),
        success_url=lambda _m: back,
        message=_("已增加检查组成员。"),
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_member_remove(request, pk):
    """A person leaves the joint team; what they recorded stays attributed to them."""
    member = get_in_scope(
        request.user,
        TeamMember.objects.select_related("body__jurisdiction", "user").filter(removed_at__isnull=True),
        pk=pk,
        action=Capability.INSPECTION_PLAN,
    )
    back = reverse("inspection:team", args=[member.body.jurisdiction_id])
    return form(
        request,
        forms.MemberRemoveForm(posted(request)),
        lambda f: services.team_member_remove(actor=request.user, member=member, reason=f.cleaned_data["reason"]),
        title=_("%(member)s退出联合检查组") % {"member": member},
        success_url=lambda _m: back,
        message=_("检查组成员已退出。"),
        back=back,
    )


@login_required
def inspection_detail(request, pk):
    inspection = queries.inspection_for(request.user, pk)
    targets = queries.targets_for(request.user, inspection)
    findings = list(queries.findings_for(request.user, inspection=inspection))
    return page(
        request,
        "inspection_detail.html",
        {
            "inspection": inspection,
            "members": inspection.members.select_related("body", "user"),
            "targets": targets,
            "findings": findings,
            "figures": report.figures(inspection, inspection.jurisdiction, findings),
        },
    )


@login_required
@require_POST
def checklist_prefill(request, pk):
    inspection = queries.inspection_for(request.user, pk, action=Capability.INSPECTION_RECORD)
    try:
        n = services.checklist_prefill(actor=request.user, inspection=inspection, as_of=timezone.localdate())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已按现有数据预填检查清单（%(n)s项）。") % {"n": n})
    return redirect(inspection.get_absolute_url())


@login_required
@require_POST
def inspection_close(request, pk):
    """The team ends the inspection; its findings stay open until their rectification is accepted."""
    inspection = queries.inspection_for(request.user, pk, action=Capability.INSPECTION_RECORD)
    try:
        services.inspection_close(actor=request.user, inspection=inspection)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("检查已结束。"))
    return redirect(inspection.get_absolute_url())


@login_required
def target_detail(request, pk):
    target = queries.target_for(request.user, pk)
    entries = target.entries.select_related("item")
    return page(
        request,
        "target_detail.html",
        {
            "target": target,
            "entries": entries,
            "findings": queries.findings_for(request.user, inspection=target.inspection).filter(target=target),
            "may_record": can(request.user, Capability.INSPECTION_RECORD, target),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_decide(request, pk):
    entry = get_in_scope(
        request.user,
        Entry.objects.select_related("target__inspection", "target__office__jurisdiction", "item"),
        pk=pk,
        action=Capability.INSPECTION_RECORD,
    )
    suggested = entry.suggested if entry.suggested != "unknown" else None
    f = forms.EntryForm(posted(request), initial={"verdict": entry.verdict or suggested})
    return form(
        request,
        f,
        lambda f: services.entry_decide(actor=request.user, entry=entry, **f.cleaned_data),
        title=_("确认检查清单项目"),
        success_url=lambda e: e.target.get_absolute_url(),
        message=_("检查结论已记录。"),
        back=entry.target.get_absolute_url(),
        context={"entry": entry},
    )


def _report_for(request, inspection: Inspection, jurisdiction: Jurisdiction):
    findings = list(queries.findings_for(request.user, inspection=inspection))
    return report.figures(inspection, jurisdiction, findings)


@login_required
def report_page(request, pk):
    inspection = queries.inspection_for(request.user, pk)
    f = _report_for(request, inspection, inspection.jurisdiction)
    return page(request, "report.html", {"f": f, "inspection": inspection, "title": report.title_of(f), "county": None})


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def report_docx(request, pk):
    inspection = queries.inspection_for(request.user, pk)
    f = _report_for(request, inspection, inspection.jurisdiction)
    return _download(report.docx(f, issued_on=timezone.localdate()), DOCX_TYPE, f"inspection-{inspection.pk}.docx")


@login_required
def report_xlsx(request, pk):
    inspection = queries.inspection_for(request.user, pk)
    f = _report_for(request, inspection, inspection.jurisdiction)
    return _download(report.xlsx(f), XLSX_TYPE, f"inspection-{inspection.pk}.xlsx")


def _county(request, pk) -> tuple[Jurisdiction, Inspection | None]:
    """A county (the whole of it) and the inspection its summary is about: the one asked for,
    else the latest campaign inspection that covered its offices."""
    county = subtree_in_scope(request.user, pk)
    covering = Inspection.objects.filter(targets__office__jurisdiction__path__startswith=county.path).distinct()
    wanted = request.GET.get("inspection")
    if wanted:
        inspection = covering.filter(pk=int_param(wanted)).first()
        if inspection is None:
            raise Http404
    else:
        inspection = covering.filter(kind=Kind.CAMPAIGN).order_by("-starts_on", "-id").first()
    return county, inspection


@login_required
def county_summary(request, pk):
    county, inspection = _county(request, pk)
    f = _report_for(request, inspection, county) if inspection else None
    return page(
        request,
        "report.html",
        {
            "f": f,
            "inspection": inspection,
            "county": county,
            "title": _("%(county)s检查情况总结") % {"county": county},
            "can_submit": covers_subtree(request.user, county.path, action=Capability.CAMPAIGN_SUBMIT),
        },
    )


@login_required
@require_POST
def county_summary_submit(request, pk):
    """Report the summary: the campaign's submission 清理规范工作总结 of this county is marked
    submitted (once; a second click changes nothing)."""
    county = subtree_in_scope(request.user, pk, action=Capability.CAMPAIGN_SUBMIT)
    if services.county_summary_submit(actor=request.user, jurisdiction=county):
        messages.success(request, _("工作总结已报送市机关事务管理局。"))
    else:
        messages.info(request, _("本级的工作总结此前已报送，或本级无须报送。"))
    return redirect("inspection:county_summary", pk=county.pk)


@login_required
def county_summary_docx(request, pk):
    county, inspection = _county(request, pk)
    if inspection is None:
        raise Http404
    f = _report_for(request, inspection, county)
    return _download(report.docx(f, issued_on=timezone.localdate()), DOCX_TYPE, f"summary-{county.code}.docx")


@login_required
def county_summary_xlsx(request, pk):
    county, inspection = _county(request, pk)
    if inspection is None:
        raise Http404
    return _download(report.xlsx(_report_for(request, inspection, county)), XLSX_TYPE, f"summary-{county.code}.xlsx")


@login_required
def schedule_list(request):
    return page(
        request,
        "schedules.html",
        {
            "schedules": queries.schedules_for(request.user),
            "planning": scoped(
                request.user, Jurisdiction.objects.filter(level="city"), action=Capability.INSPECTION_PLAN
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def schedule_create(request, pk):
    jurisdiction = _city(request, pk, Capability.INSPECTION_PLAN)
    f = forms.ScheduleForm(posted(request), members=queries.members_of(jurisdiction), initial={"kind": Kind.PATROL})
    return form(
        request,
        f,
        lambda f: services.schedule_create(actor=request.user, jurisdiction=jurisdiction, **f.cleaned_data),
        title=_("制定跟踪巡查计划"),
        success_url=lambda s: reverse("inspection:schedule_list"),
        message=_("跟踪巡查计划已制定。"),
        back=reverse("inspection:schedule_list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def schedule_edit(request, pk):
    schedule = queries.schedule_for(request.user, pk, action=Capability.INSPECTION_PLAN)
    f = forms.ScheduleForm(
        posted(request),
        members=queries.members_of(schedule.jurisdiction),
        initial={
            "kind": schedule.kind,
            "name": schedule.name,
            "every_months": schedule.every_months,
            "next_on": schedule.next_on,
            "leader": schedule.leader_id,
        },
    )
    return form(
        request,
        f,
        lambda f: services.schedule_edit(actor=request.user, schedule=schedule, **f.cleaned_data),
        title=_("修改跟踪巡查计划"),
        success_url=lambda s: reverse("inspection:schedule_list"),
        message=_("跟踪巡查计划已修改。"),
        back=reverse("inspection:schedule_list"),
    )


@login_required
@require_POST
def schedule_run(request, pk):
    schedule = queries.schedule_for(request.user, pk, action=Capability.INSPECTION_PLAN)
    try:
        inspection = services.schedule_run(actor=request.user, schedule=schedule, on=timezone.localdate())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("inspection:schedule_list")
    if inspection is None:
        messages.error(
            request, _("“%(name)s”下次开始日期为%(on)s，尚未到期。") % {"name": schedule, "on": schedule.next_on}
        )
        return redirect("inspection:schedule_list")
    messages.success(request, _("已启动“%(name)s”。") % {"name": inspection})
    return redirect(inspection.get_absolute_url())
