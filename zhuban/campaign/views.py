"""Campaign pages. Each view: access helper, bound form, service call, redirect or fragment.

Every page takes ``?as_of=YYYY-MM-DD`` and shows the campaign as it stood at the end of that day
(default: today in Asia/Shanghai). Actions always act now, on the current state.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhuban.campaign import clock, queries, services, timeline, work
from zhuban.campaign.forms import (
    AsOfForm,
    CampaignCopyForm,
    CampaignSettingsForm,
    PhaseForm,
    RequirementForm,
    ReviewForm,
    SubmitForm,
    TaskForceForm,
)
from zhuban.campaign.models import Requirement, Status, SubmissionEvent, TaskForce
from zhuban.campaign.services import ALLOWED_FROM
from zhuban.campaign.templatetags.campaign_tags import month_day
from zhuban.org.access import second_factor_redirect
from zhuban.org.capabilities import Capability
from zhuban.pages import form_page, posted

PAGE_SIZE = 100
ECHARTS = "vendor/echarts/echarts.min.js"


@lru_cache(maxsize=1)
def echarts_available() -> bool:
    """The charts' library is fetched from npm at setup (``make setup``), never from a CDN. The
    page works without it: the grid and the tables carry every figure."""
    return finders.find(ECHARTS) is not None


def _as_of(request, campaign) -> tuple[date, bool]:
    """The date asked for, and whether an unreadable one was replaced by the default: the date
    the campaign opens on (a demo's story stops on a day of the campaign), else today."""
    raw = request.GET.get("as_of")
    parsed = clock.parse_as_of(raw)
    return parsed or campaign.default_as_of(clock.today()), bool(raw) and parsed is None


@login_required
def rollup(request):
    """Every campaign the user takes part in, side by side, as of a date: a province's cities,
    each a link to its own dashboard, and their total."""
    raw = request.GET.get("as_of")
    parsed = clock.parse_as_of(raw)
    as_of = parsed or clock.today()
    board = queries.rollup(request.user, as_of)
    return render(
        request,
        "campaign/rollup.html",
        {
            "board": board,
            "as_of": as_of,
            "today": clock.today(),
            "bad_date": bool(raw) and parsed is None,
            "chart_data": board.chart_data(),
            "echarts": echarts_available(),
        },
    )


def _form_page(request, form, write, context, success_url, message):
    return form_page(
        request,
        form,
        write,
        template="campaign/form_page.html",
        context=context,
        success_url=success_url,
        message=message,
    )


def _timeline_labels() -> dict[str, str]:
    return {
        "whole": _("全程"),
        "due": _("截止"),
        "month": _("%(month)s月"),
        "worked": _("调休上班"),
        "today": _("查看日期"),
    }


def _quick_dates(columns, today: date, opens_on: date | None = None) -> list[tuple[str, str]]:
    """Links to view the campaign on each deadline, on the date it opens on, and today."""
    days = sorted({c.deadline.effective for c in columns})
    links = [(month_day(d), d.isoformat()) for d in days]
    if opens_on is not None:
        links.append((_("默认日期"), opens_on.isoformat()))
    return [*links, (_("今天"), today.isoformat())]


# ---- The dashboard and the plan ---------------------------------------------------------------


@login_required
def dashboard(request, pk=None):
    campaign = queries.campaign_for(request.user, pk) if pk else queries.default_campaign_for(request.user)
    as_of, bad_date = _as_of(request, campaign)
    board = queries.dashboard(request.user, campaign, as_of)
    page = Paginator(board.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "campaign": campaign,
        "board": board,
        "page": page,
        "as_of": as_of,
        "as_of_iso": as_of.isoformat(),
        # The grid links up to 600 cells: one reverse() for all of them, not one each.
        "detail_prefix": reverse("campaign:submission_detail", args=[0]).removesuffix("0/"),
        "today": clock.today(),
        "bad_date": bad_date,
        "opens_on": campaign.opens_on,
        "as_of_form": AsOfForm(initial={"as_of": as_of}),
        "statuses": queries.STATUS_ORDER,
        "status_labels": {s: Status(s).label for s in queries.STATUS_ORDER},
        "can_manage": queries.can_manage(request.user, campaign),
        "echarts": echarts_available(),
    }
    if request.htmx:
        return render(request, "campaign/_grid.html", context)
    context.update(
        {
            "campaigns": queries.campaigns_for(request.user).order_by("-issued_on").values_list("id", "name"),
            "quick_dates": _quick_dates(board.columns, clock.today(), campaign.opens_on),
            "timeline": timeline.build(
                campaign,
                board.phases,
                [c.requirement for c in board.columns],
                {c.requirement.pk: c.deadline for c in board.columns},
                board.calendar,
                as_of,
                labels=_timeline_labels(),
            ),
            "chart_data": board.chart_data(),
        }
    )
    return render(request, "campaign/dashboard.html", context)


@login_required
def campaign_plan(request, pk):
    campaign = queries.campaign_for(request.user, pk)
    as_of, _bad = _as_of(request, campaign)
    phases, requirements = queries.plan_of(campaign)
    deadlines = queries.deadlines_of(campaign, requirements)
    cal = campaign.work_calendar()
    start, end = campaign.issued_on, max([campaign.ends_on, *(d.effective for d in deadlines.values())])
    holidays = [(d, cal.holiday_name(d)) for d in cal.days_off_between(start, end) if d.weekday() < 5]
    return render(
        request,
        "campaign/plan.html",
        {
            "campaign": campaign,
            "as_of": as_of,
            "today": clock.today(),
            "opens_on": campaign.opens_on,
            "phases": phases,
            "rows": [(r, deadlines[r.pk]) for r in requirements],
            "holidays": holidays,
            "worked_days": cal.worked_weekend_days_between(start, end),
            "can_manage": queries.can_manage(request.user, campaign),
            "timeline": timeline.build(
                campaign, phases, requirements, deadlines, cal, as_of, labels=_timeline_labels()
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_settings(request, pk):
    campaign = queries.campaign_for(request.user, pk, action=Capability.CAMPAIGN_MANAGE)
    form = CampaignSettingsForm(posted(request), instance=campaign)
    return _form_page(
        request,
        form,
        lambda f: services.campaign_update_settings(
            actor=request.user, campaign=campaign, values=f.values(), expected_version=f.cleaned_data.get("version")
        ),
        {"title": _("工作设置"), "subtitle": campaign.name, "back": reverse("campaign:campaign_plan", args=[pk])},
        lambda c: reverse("campaign:campaign_plan", args=[c.pk]),
        _("已保存。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_copy(request, pk):
    source = queries.campaign_for(request.user, pk, action=Capability.CAMPAIGN_MANAGE)
    form = CampaignCopyForm(posted(request), initial={"name": _("%(name)s（副本）") % {"name": source.name}})
    return _form_page(
        request,
        form,
        lambda f: services.campaign_copy(
            actor=request.user,
            source=source,
            name=f.cleaned_data["name"],
            document=f.cleaned_data["document"],
            issued_on=f.cleaned_data["issued_on"],
        ),
        {
            "title": _("复制工作并平移日期"),
            "subtitle": source.name,
            "back": reverse("campaign:campaign_plan", args=[pk]),
            "intro": _("新工作沿用各阶段和应报事项，所有日期按新印发日期平移相同天数；各单位的报送事项重新开始。"),
        },
        lambda c: reverse("campaign:campaign_plan", args=[c.pk]),
        _("已创建新工作。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def phase_edit(request, pk):
    phase = queries.phase_for(request.user, pk, action=Capability.CAMPAIGN_MANAGE)
    form = PhaseForm(posted(request), instance=phase)
    back = reverse("campaign:campaign_plan", args=[phase.campaign_id])
    return _form_page(
        request,
        form,
        lambda f: services.phase_update(
            actor=request.user, phase=phase, values=f.values(), expected_version=f.cleaned_data.get("version")
        ),
        {"title": _("修改阶段"), "subtitle": phase.name, "back": back},
        lambda _p: back,
        _("已保存。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def requirement_edit(request, pk):
    requirement = queries.requirement_for(request.user, pk, action=Capability.CAMPAIGN_MANAGE)
    form = RequirementForm(posted(request), instance=requirement)
    back = reverse("campaign:campaign_plan", args=[requirement.campaign_id])
    return _form_page(
        request,
        form,
        lambda f: services.requirement_update(
            actor=request.user,
            requirement=requirement,
            values=f.values(),
            expected_version=f.cleaned_data.get("version"),
        ),
        {"title": _("修改应报事项"), "subtitle": requirement.name, "back": back},
        lambda _r: back,
        _("已保存。"),
    )


# ---- Submissions ------------------------------------------------------------------------------


@login_required
def submission_detail(request, pk):
    submission = queries.submission_for(request.user, pk)
    as_of, bad_date = _as_of(request, submission.campaign)
    today = clock.today()
    shown = queries.submission_view(submission, as_of)
    current = shown if as_of == today else queries.submission_view(submission, today)
    can_submit = queries.can_submit(request.user, submission)
    task_force = TaskForce.objects.filter(submission=submission).first()
    # What the product's records say about the work: a button that would do nothing is not
    # offered, and the page says why and what is missing instead.
    work_shown = work.work_of(submission)
    submittable = current.state in ALLOWED_FROM[SubmissionEvent.Kind.SUBMITTED]
    reviewable = current.state in ALLOWED_FROM[SubmissionEvent.Kind.ACCEPTED]
    return render(
        request,
        "campaign/submission_detail.html",
        {
            "submission": submission,
            "view": shown,
            "current": current,
            "as_of": as_of,
            "today": today,
            "bad_date": bad_date,
            "task_force": task_force,
            "is_task_force": submission.requirement.code == Requirement.Code.TASK_FORCE,
            "may_edit_task_force": can_submit and current.state in ALLOWED_FROM[SubmissionEvent.Kind.SUBMITTED],
            "work": work_shown,
            "submittable": submittable,
            "opens_on": submission.campaign.opens_on,
            "may_submit": can_submit and submittable and not work_shown.blocker,
            "reviewable": reviewable,
            "may_review": queries.can_review(request.user, submission) and reviewable,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def submission_submit(request, pk):
    submission = queries.submission_for(request.user, pk, action=Capability.CAMPAIGN_SUBMIT)
    form = SubmitForm(posted(request))
    return _form_page(
        request,
        form,
        lambda f: services.submission_submit(
            actor=request.user,
            submission=submission,
            document=f.cleaned_data["document"],
            comment=f.cleaned_data["comment"],
        ),
        {
            "title": _("报送"),
            "subtitle": str(submission),
            "back": submission.get_absolute_url(),
            "intro": submission.requirement.description,
            "submit_label": _("报送市机关事务管理局"),
        },
        lambda _e: submission.get_absolute_url(),
        _("已报送。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def submission_review(request, pk):
    submission = queries.submission_for(request.user, pk, action=Capability.CAMPAIGN_REVIEW)
    if challenge := second_factor_redirect(request):
        return challenge
    form = ReviewForm(posted(request))

    def write(f):
        if f.cleaned_data["decision"] == "accept":
            return services.submission_accept(
                actor=request.user, submission=submission, comment=f.cleaned_data["comment"]
            )
        return services.submission_return(actor=request.user, submission=submission, comment=f.cleaned_data["comment"])

    return _form_page(
        request,
        form,
        write,
        {"title": _("审核"), "subtitle": str(submission), "back": submission.get_absolute_url()},
        lambda _e: submission.get_absolute_url(),
        _("审核结论已记录。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_force_edit(request, pk):
    submission = queries.submission_for(request.user, pk, action=Capability.CAMPAIGN_SUBMIT)
    if submission.requirement.code != Requirement.Code.TASK_FORCE:
        raise Http404  # only the task-force requirement has a task force to fill in
    task_force = TaskForce.objects.filter(submission=submission).first()
    form = TaskForceForm(posted(request), instance=task_force)
    return _form_page(
        request,
        form,
        lambda f: services.task_force_record(
            actor=request.user,
            submission=submission,
            values=f.values(),
            expected_version=f.cleaned_data.get("version"),
        ),
        {"title": _("工作专班"), "subtitle": str(submission), "back": submission.get_absolute_url()},
        lambda _t: submission.get_absolute_url(),
        _("已保存。工作专班信息确认无误后请报送。"),
    )
