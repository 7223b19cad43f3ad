"""Oversight pages. Each view: access helper, bound form, service call, redirect."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zhuban.org.access import can, require, scoped, subtree_in_scope, widest_paths
from zhuban.org.capabilities import Capability as C
from zhuban.org.models import Jurisdiction
from zhuban.org.queries import campaign_root
from zhuban.oversight import queries, services
from zhuban.oversight.forms import (
    ApproveForm,
    AssessmentForm,
    BudgetForm,
    CriterionForm,
    MandateForm,
    PostingEndForm,
    PostingForm,
    ReviewForm,
    RotationTermForm,
    RuleForm,
    WithdrawForm,
    WorkLogForm,
)
from zhuban.oversight.models import Heading, Mandate
from zhuban.pages import form_page, posted

# Who reviews a mandate at each stage (二(四)1): the offices administration, then the staffing office.
STAGE_CAPABILITY = {"administration": C.OVERSIGHT_REVIEW, "staffing": C.OVERSIGHT_STAFFING_REVIEW}

# Dates a page can be asked about; beyond them a board's arithmetic (six months on) overflows.
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


def _as_of(request) -> date:
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return queries.today()
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or not EARLIEST <= day <= LATEST:
        messages.warning(request, _("日期“%(raw)s”无法识别，已按今天显示。") % {"raw": raw[:20]})
        return queries.today()
    return day


def _year(request) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 1990 <= int(raw) <= 2100:
        return int(raw)
    years = queries.years_logged(request.user)
    return years[-1] if years else queries.today().year


@login_required
def index(request):
    as_of = _as_of(request)
    rows = []
    for office in queries.retained_offices(request.user):
        rows.append(
            {
                "office": office,
                "mandate": queries.mandate_in_force(office),
                "headcount": queries.headcount(office, as_of),
            }
        )
    return render(request, "oversight/index.html", {"rows": rows, "as_of": as_of})


@login_required
def office(request, pk):
    office = queries.office_for(request.user, pk)
    as_of = _as_of(request)
    return render(
        request,
        "oversight/office.html",
        {
            "office": office,
            "as_of": as_of,
            "mandates": queries.mandates_of(office),
            "in_force": queries.mandate_in_force(office),
            "postings": queries.postings_of(office),
            "headcount": queries.headcount(office, as_of),
            "windows": queries.hosted_windows(office),
            "rotation_years": queries.rotation_years(office, as_of),
            "asset_changes": queries.unexplained_asset_changes(office),
        },
    )


# ---- Mandates ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def mandate_draft(request, pk):
    office = queries.office_for(request.user, pk, action=C.OVERSIGHT_RECORD)
    base = queries.mandate_in_force(office)
    form = MandateForm(posted(request), instance=Mandate(**_copy(base)) if base else None)
    return form_page(
        request,
        form,
        lambda f: services.mandate_draft(actor=request.user, office=office, values=f.values()),
        template="oversight/mandate_form.html",
        context={"office": office, "mandate": None, "windows": queries.hosted_windows(office)},
        success_url=lambda m: m.get_absolute_url(),
        message=_("已保存草案。"),
    )


def _copy(base: Mandate) -> dict:
    return {f: getattr(base, f) for f in services.MANDATE_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def mandate_edit(request, pk):
    mandate = queries.mandate_for(request.user, pk, action=C.OVERSIGHT_RECORD)
    form = MandateForm(posted(request), instance=mandate)
    return form_page(
        request,
        form,
        lambda f: services.mandate_update(
            actor=request.user, mandate=mandate, values=f.values(), expected_version=f.cleaned_data.get("version")
        ),
        template="oversight/mandate_form.html",
        context={"office": mandate.office, "mandate": mandate, "windows": queries.hosted_windows(mandate.office)},
        success_url=lambda m: m.get_absolute_url(),
        message=_("已保存。"),
    )


@login_required
def mandate_detail(request, pk):
    mandate = queries.mandate_for(request.user, pk)
    versions = queries.mandates_of(mandate.office)
    older = [m for m in versions if m.number < mandate.number]
    stage = services.review_stage(mandate)
    return render(
        request,
        "oversight/mandate_detail.html",
        {
            "mandate": mandate,
            "office": mandate.office,
            "versions": versions,
            "previous": older[0] if older else None,
            "stage": stage,
            "may_review": stage is not None and can(request.user, STAGE_CAPABILITY[stage], mandate),
            "review_form": ReviewForm(),
            "approve_form": ApproveForm(),
            "windows": mandate.hosted_windows
            or ([w.as_json() for w in queries.hosted_windows(mandate.office)] if mandate.editable else []),
        },
    )


@login_required
def mandate_compare(request, pk):
    new = queries.mandate_for(request.user, pk)
    old_pk = request.GET.get("old", "")
    old = queries.mandate_for(request.user, old_pk) if old_pk else None
    if old is None:
        older = [m for m in queries.mandates_of(new.office) if m.number < new.number]
        if not older:
            raise Http404
        old = older[0]
    if old.office_id != new.office_id:
        raise Http404
    if old.number > new.number:
        old, new = new, old
    return render(
        request,
        "oversight/mandate_compare.html",
        {"old": old, "new": new, "office": new.office, "changes": queries.compare(old, new)},
    )


@login_required
@require_POST
def mandate_submit(request, pk):
    mandate = queries.mandate_for(request.user, pk, action=C.OVERSIGHT_RECORD)
    try:
        services.mandate_submit(actor=request.user, mandate=mandate)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已报送审核。"))
    return redirect(mandate.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def mandate_review(request, pk):
    mandate = queries.mandate_for(request.user, pk)
    stage = services.review_stage(mandate)
    require(request.user, STAGE_CAPABILITY[stage] if stage else C.OVERSIGHT_REVIEW, mandate)
    form = ReviewForm(posted(request))
    return form_page(
        request,
        form,
        lambda f: services.mandate_review(
            actor=request.user,
            mandate=mandate,
            accept=f.cleaned_data["decision"] == "accept",
            comments=f.cleaned_data["comments"],
            document=f.cleaned_data["document"],
        ),
        template="oversight/mandate_act.html",
        context={"mandate": mandate, "office": mandate.office, "title": _("审核三定方案")},
        success_url=lambda m: m.get_absolute_url(),
        message=_("已记录审核意见。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mandate_approve(request, pk):
    mandate = queries.mandate_for(request.user, pk, action=C.OVERSIGHT_APPROVE)
    form = ApproveForm(posted(request))
    return form_page(
        request,
        form,
        lambda f: services.mandate_approve(
            actor=request.user,
            mandate=mandate,
            document=f.cleaned_data["document"],
            approved_on=f.cleaned_data["approved_on"],
        ),
        template="oversight/mandate_act.html",
        context={"mandate": mandate, "office": mandate.office, "title": _("批准三定方案")},
        success_url=lambda m: m.get_absolute_url(),
        message=_("三定方案已批准。"),
    )


# ---- Staff and rotation -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def posting_add(request, pk):
    office = queries.office_for(request.user, pk, action=C.OVERSIGHT_STAFF)
    form = PostingForm(posted(request))

    def write(f):
        posting = services.posting_add(actor=request.user, office=office, values=f.cleaned_data)
        count = queries.headcount(office)
        if count.over:
            messages.warning(request, _over_quota_message(count))
        return posting

    return form_page(
        request,
        form,
        write,
        template="oversight/form.html",
        context={"office": office, "title": _("登记人员任职")},
        success_url=lambda _p: reverse("oversight:office", args=[office.pk]),
        message=_("已登记任职。"),
    )


def _over_quota_message(count: queries.Headcount) -> str:
    return _("在编和借调人员%(n)s人，超过核定编制%(quota)s人%(over)s人。") % {
        "n": count.cadres,
        "quota": count.quota,
        "over": count.over,
    }


@login_required
@require_http_methods(["GET", "POST"])
def posting_end(request, pk):
    posting = queries.posting_for(request.user, pk, action=C.OVERSIGHT_STAFF)
    form = PostingEndForm(posted(request))
    return form_page(
        request,
        form,
        lambda f: services.posting_end(
            actor=request.user,
            posting=posting,
            left_on=f.cleaned_data["left_on"],
            leaving=f.cleaned_data["leaving"],
            note=f.cleaned_data["note"],
        ),
        template="oversight/form.html",
        context={"office": posting.office, "title": _("登记离岗：%(name)s") % {"name": posting.name}},
        success_url=lambda p: reverse("oversight:office", args=[p.office_id]) + "#postings",
        message=_("已登记离岗。"),
    )


@login_required
def rotation_board(request):
    as_of = _as_of(request)
    jurisdiction = None
    if request.GET.get("jurisdiction", "").isdigit():
        jurisdiction = scoped(request.user, Jurisdiction.objects.all()).filter(pk=request.GET["jurisdiction"]).first()
    board = queries.rotation_board(request.user, as_of=as_of, jurisdiction=jurisdiction)
    widest = widest_paths(request.user)
    city = Jurisdiction.objects.filter(path=widest[0]).first() if widest else None
    return render(
        request,
        "oversight/rotation_board.html",
        {"board": board, "jurisdiction": jurisdiction, "terms_of": campaign_root(city) if city else None},
    )


# ---- Work logs and figures ---------------------------------------------------------------------


def _month(request) -> tuple[int, int]:
    raw = request.GET.get("month", "")
    try:
        year, month = (int(p) for p in raw.split("-"))
        if 1990 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    day = queries.today()
    return day.year, day.month


@login_required
def worklog_list(request, pk):
    office = queries.office_for(request.user, pk)
    year, month = _month(request)
    prev = (year, month - 1) if month > 1 else (year - 1, 12)
    nxt = (year, month + 1) if month < 12 else (year + 1, 1)
    return render(
        request,
        "oversight/worklog_list.html",
        {
            "office": office,
            "year": year,
            "month": month,
            "logs": queries.logs_of_month(office, year, month),
            "prev": f"{prev[0]:04d}-{prev[1]:02d}",
            "next": f"{nxt[0]:04d}-{nxt[1]:02d}",
        },
    )


def _month_url(log) -> str:
    return reverse("oversight:worklog_list", args=[log.office_id]) + f"?month={log.occurred_on:%Y-%m}"


@login_required
@require_http_methods(["GET", "POST"])
def worklog_add(request, pk):
    office = queries.office_for(request.user, pk, action=C.OVERSIGHT_RECORD)
    windows = queries.hosted_windows(office)
    form = WorkLogForm(posted(request), windows=windows)
    return form_page(
        request,
        form,
        lambda f: services.worklog_record(
            actor=request.user, office=office, values=f.values(), window_id=f.cleaned_data.get("window")
        ),
        template="oversight/form.html",
        context={"office": office, "title": _("录入工作日志")},
        success_url=_month_url,
        message=_("已录入。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def worklog_withdraw(request, pk):
    log = queries.worklog_for(request.user, pk, action=C.OVERSIGHT_RECORD)
    form = WithdrawForm(posted(request))
    return form_page(
        request,
        form,
        lambda f: services.worklog_withdraw(actor=request.user, log=log, reason=f.cleaned_data["reason"]),
        template="oversight/form.html",
        context={"office": log.office, "title": _("撤回工作日志")},
        success_url=_month_url,
        message=_("已撤回。"),
    )


@login_required
def figures(request):
    year = _year(request)
    office = None
    if request.GET.get("office", "").isdigit():
        office = queries.office_for(request.user, request.GET["office"])
    data = queries.figures(request.user, year, office=office)
    return render(
        request,
        "oversight/figures.html",
        {
            "figures": data,
            "last_year": queries.figures(request.user, year - 1, office=office),
            "office": office,
            "years": queries.years_logged(request.user),
            "headings": [label for _h, label in Heading.choices],
            "chart_data": data.chart_data(),
            "echarts": echarts_available(),
        },
    )


@lru_cache(maxsize=1)
def echarts_available() -> bool:
    """The vendored chart library (make setup); the tables carry every figure without it."""
    return finders.find(ECHARTS) is not None


ECHARTS = "vendor/echarts/echarts.min.js"


# ---- Budget and final accounts ----------------------------------------------------------------


@login_required
def accounts(request, pk):
    office = queries.office_for(request.user, pk)
    return render(
        request,
        "oversight/accounts.html",
        {
            "office": office,
            "years": queries.accounts_of(office),
            "asset_changes": queries.unexplained_asset_changes(office),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def accounts_record(request, pk):
    office = queries.office_for(request.user, pk, action=C.OVERSIGHT_RECORD)
    form = BudgetForm(posted(request), initial={"year": queries.today().year, "stage": "budget"})

    def write(f):
        data = f.cleaned_data
        if data["stage"] == "budget":
            return services.budget_set(
                actor=request.user, office=office, year=data["year"], category=data["category"], amount=data["amount"]
            )
        line = services.accounts_record(
            actor=request.user,
            office=office,
            year=data["year"],
            category=data["category"],
            amount=data["amount"],
            explanation=data["explanation"],
        )
        if line.overspent is not None:
            messages.warning(
                request,
                _("%(year)s年“%(category)s”决算超出预算%(over)s元。")
                % {"year": line.year, "category": line.get_category_display(), "over": line.overspent},
            )
        return line

    return form_page(
        request,
        form,
        write,
        template="oversight/form.html",
        context={"office": office, "title": _("录入预算或决算")},
        success_url=lambda line: reverse("oversight:accounts", args=[office.pk]) + f"#year-{line.year}",
        message=_("已保存。"),
    )


# ---- Internal rules and assessment ------------------------------------------------------------


@login_required
def rules(request, pk):
    office = queries.office_for(request.user, pk)
    return render(request, "oversight/rules.html", {"office": office, "rules": queries.rules_of(office)})


@login_required
@require_http_methods(["GET", "POST"])
def rule_adopt(request, pk):
    office = queries.office_for(request.user, pk, action=C.OVERSIGHT_RECORD)
    form = RuleForm(posted(request), initial={"title": request.GET.get("title", "")})
    return form_page(
        request,
        form,
        lambda f: services.rule_adopt(actor=request.user, office=office, **f.cleaned_data),
        template="oversight/form.html",
        context={"office": office, "title": _("录入内部制度")},
        success_url=lambda rule: reverse("oversight:rules", args=[office.pk]),
        message=_("已保存。"),
    )


def _city_for(request, pk, action=None) -> Jurisdiction:
    """A jurisdiction whose whole subtree the user reaches (criteria are set for a whole city)."""
    return subtree_in_scope(request.user, pk, action=action)


@login_required
def rotation_terms(request, pk):
    """A city's rotation terms from each date (二(四)3), read by whoever reaches the whole city."""
    jurisdiction = _city_for(request, pk)
    return render(
        request,
        "oversight/rotation_terms.html",
        {"jurisdiction": jurisdiction, "terms": queries.rotation_terms(jurisdiction)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rotation_term_set(request, pk):
    """The offices administration sets the rotation term from a date, as it sets the city's policy."""
    jurisdiction = _city_for(request, pk, C.POLICY_SETTINGS)
    form = RotationTermForm(posted(request))
    return form_page(
        request,
        form,
        lambda f: services.rotation_term_set(actor=request.user, jurisdiction=jurisdiction, **f.cleaned_data),
        template="oversight/criterion_form.html",
        context={"jurisdiction": jurisdiction, "title": _("设定干部轮换年限"), "back": "oversight:rotation_terms"},
        success_url=lambda _t: reverse("oversight:rotation_terms", args=[jurisdiction.pk]),
        message=_("已保存。"),
    )


@login_required
def criteria(request, pk):
    """The year's criteria of a city, read by whoever reaches the whole city."""
    jurisdiction = _city_for(request, pk)
    year = _year(request) if request.GET.get("year") else queries.today().year
    return render(
        request,
        "oversight/criteria.html",
        {"jurisdiction": jurisdiction, "year": year, "criteria": queries.criteria_of(jurisdiction, year)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion_add(request, pk):
    """The offices administration sets a criterion of a year's assessment."""
    jurisdiction = _city_for(request, pk, C.OVERSIGHT_ASSESS)
    form = CriterionForm(posted(request), initial={"year": queries.today().year})
    return form_page(
        request,
        form,
        lambda f: services.criterion_add(actor=request.user, jurisdiction=jurisdiction, **f.cleaned_data),
        template="oversight/criterion_form.html",
        context={"jurisdiction": jurisdiction, "title": _("增加考核指标"), "back": "oversight:criteria"},
        success_url=lambda c: reverse("oversight:criteria", args=[jurisdiction.pk]) + f"?year={c.year}",
        message=_("已保存。"),
    )


@login_required
def assessments(request, pk):
    office = queries.office_for(request.user, pk)
    return render(
        request, "oversight/assessments.html", {"office": office, "assessments": queries.assessments_of(office)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_record(request, pk):
    office = queries.office_for(request.user, pk, action=C.OVERSIGHT_ASSESS)
    raw = str(request.GET.get("year") or request.POST.get("year") or "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else queries.today().year
    postings = [p for p in queries.postings_of(office) if p.rotates]
    form = AssessmentForm(posted(request), criteria=queries.criteria_for(office, year), postings=postings)
    by_pk = {p.pk: p for p in postings}
    return form_page(
        request,
        form,
        lambda f: services.assessment_record(
            actor=request.user,
            office=office,
            year=year,
            scores=f.scores(),
            evidence=f.cleaned_data["evidence"],
            result=f.cleaned_data["result"],
            posting=by_pk.get(f.cleaned_data["posting"]) if f.cleaned_data["posting"] else None,
        ),
        template="oversight/assessment_form.html",
        context={"office": office, "year": year},
        success_url=lambda a: reverse("oversight:assessments", args=[office.pk]),
        message=_("已录入考核结果。"),
    )
