"""Reception pages. Each view: access helper, bound form, service call, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zhuban.lib.keyset import int_param
from zhuban.org.access import can, covers_subtree, get_in_scope, second_factor_redirect, subtree_in_scope
from zhuban.org.capabilities import Capability as C
from zhuban.org.models import Jurisdiction
from zhuban.org.queries import ancestor_paths
from zhuban.pages import form_page, posted, posted_files, stored_file
from zhuban.reception import checks, queries, services
from zhuban.reception.forms import (
    ApproveForm,
    ExplainForm,
    LetterForm,
    ListForm,
    RequestForm,
    SettleForm,
    StandardForm,
    people_text,
)
from zhuban.reception.models import Letter, Rank, Reception, ReceptionWarning, Standard


@login_required
def index(request):
    offices = list(queries.offices(request.user))
    seen: dict[int, Jurisdiction] = {}
    for office in offices:
        if office.jurisdiction_id not in seen and covers_subtree(request.user, office.jurisdiction.path):
            seen[office.jurisdiction_id] = office.jurisdiction
    return render(request, "reception/index.html", {"offices": offices, "jurisdictions": list(seen.values())})


def _filters(request) -> dict:
    year = int_param(request.GET, "year")
    state = request.GET.get("state", "")
    return {
        "year": year if year is not None and 1990 <= year <= 2100 else None,
        "state": state if state in Reception.State.values else "",
        "warned": request.GET.get("warned") == "1",
    }


@login_required
def office(request, pk):
    """The office's receptions, newest first, a keyset page at a time (filters by year, state, warnings)."""
    office = queries.office_for(request.user, pk)
    filters = _filters(request)
    page = queries.office_list(
        office, **filters, before=int_param(request.GET, "before"), after=int_param(request.GET, "after")
    )
    query = "&".join(f"{k}={v}" for k, v in (("year", filters["year"] or ""), ("state", filters["state"])) if v) + (
        "&warned=1" if filters["warned"] else ""
    )
    context = {
        "office": office,
        "page": page,
        "filters": filters,
        "query": query,
        "states": Reception.State.choices,
        "may_record": can(request.user, C.RECEPTION_RECORD, office),
        "waiting": queries.letters_waiting(office),
    }
    template = "reception/_rows.html" if request.htmx else "reception/office.html"
    return render(request, template, context)


# ---- The letter and the approval --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def letter_add(request, pk):
    office = queries.office_for(request.user, pk, action=C.RECEPTION_RECORD)
    form = LetterForm(posted(request), posted_files(request))
    return form_page(
        request,
        form,
        lambda f: services.letter_record(
            actor=request.user,
            office=office,
            values={k: v for k, v in f.cleaned_data.items() if k != "file"},
            file=f.cleaned_data["file"],
        ),
        template="reception/form.html",
        context={"office": office, "title": _("登记来访公函"), "multipart": True},
        success_url=lambda letter: reverse("reception:request", args=[letter.pk]),
        message=_("已登记公函，请填写事前审批。"),
    )


def _letter_for(request, pk, action=None) -> Letter:
    return get_in_scope(request.user, Letter.objects.select_related("office__jurisdiction"), action=action, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def request_approval(request, pk):
    letter = _letter_for(request, pk, C.RECEPTION_RECORD)
    existing = Reception.objects.filter(letter=letter).first()
    if existing is not None:
        messages.info(request, _("该公函已有接待记录：一函一事一结。"))
        return redirect(existing.get_absolute_url())
    form = RequestForm(posted(request), initial={"reason": letter.content, "schedule": letter.itinerary})
    return form_page(
        request,
        form,
        lambda f: services.reception_request(actor=request.user, letter=letter, **f.cleaned_data),
        template="reception/form.html",
        context={"office": letter.office, "title": _("申请事前审批"), "letter": letter},
        success_url=lambda r: r.get_absolute_url(),
        message=_("已报负责人审批。"),
    )


@login_required
def detail(request, pk):
    reception = queries.reception_for(request.user, pk)
    case = queries.case_of(reception)
    standards = queries.standards_for(reception)
    warnings = queries.warnings_of(reception)
    today = queries.today()
    return render(
        request,
        "reception/detail.html",
        {
            "reception": reception,
            "office": reception.office,
            "letter": reception.letter,
            "approval": getattr(reception, "approval", None),
            "listing": getattr(reception, "listing", None),
            "settlement": getattr(reception, "settlement", None),
            "costs": queries.costs_of(reception),
            "differences": [str(d) for d in checks.differences(case)],
            "warnings": [(w, w.state == "open" and w.due_on < today) for w in warnings],
            "standards": standards.all(),
            "companion_limit": _companion_limit(case, standards),
            "missing": services.missing_elements(reception, has_invoice=True)
            if reception.state == Reception.State.SIGNED_OFF
            else [],
            "ranks": Rank.choices,
            "kinds": Standard.Kind.choices,
        },
    )


def _companion_limit(case: checks.Case, standards: checks.Standards) -> int | None:
    rate = standards.find("companions")
    return checks.companion_limit(len(case.party), rate) if rate else None


@login_required
@require_http_methods(["GET", "POST"])
def approve(request, pk):
    reception = queries.reception_for(request.user, pk, action=C.RECEPTION_APPROVE)
    form = ApproveForm(posted(request), initial={"approved_on": queries.today()})
    return form_page(
        request,
        form,
        lambda f: services.reception_approve(actor=request.user, reception=reception, **f.cleaned_data),
        template="reception/form.html",
        context={"office": reception.office, "title": _("审批公务接待"), "reception": reception},
        success_url=lambda r: r.get_absolute_url(),
        message=_("已批准。"),
    )


# ---- The list, its sign-off and the settlement ------------------------------------------------


def _list_initial(reception: Reception) -> tuple[dict, list[dict]]:
    listing = getattr(reception, "listing", None)
    letter = reception.letter
    if listing is None:
        return {
            "visitor_unit": letter.sending_unit,
            "visitors": people_text(letter.people, ranked=True),
            "activity": letter.content,
            "started_on": letter.date_from,
            "ended_on": letter.date_to,
        }, []
    values = {
        "visitor_unit": listing.visitor_unit,
        "visitors": people_text(listing.visitors, ranked=True),
        "activity": listing.activity,
        "started_on": listing.started_on,
        "ended_on": listing.ended_on,
        "venue": listing.venue,
        "companions": people_text(listing.companions, ranked=False),
    }
    costs = [{k: getattr(c, k) for k in services.COST_FIELDS} for c in queries.costs_of(reception)]
    return values, costs


@login_required
@require_http_methods(["GET", "POST"])
def list_edit(request, pk):
    reception = queries.reception_for(request.user, pk, action=C.RECEPTION_RECORD)
    initial, costs = _list_initial(reception)
    form = ListForm(posted(request), initial={**initial, "version": reception.version}, initial_costs=costs)
    return form_page(
        request,
        form,
        lambda f: services.reception_list_record(
            actor=request.user,
            reception=reception,
            values=f.values(),
            costs=f.cost_values(),
            expected_version=f.cleaned_data.get("version"),
        ),
        template="reception/list_form.html",
        context={"office": reception.office, "reception": reception},
        success_url=lambda r: r.get_absolute_url(),
        message=_("已保存接待清单。"),
    )


@login_required
@require_POST
def sign_off(request, pk):
    reception = queries.reception_for(request.user, pk, action=C.RECEPTION_SIGN_OFF)
    try:
        services.reception_sign_off(actor=request.user, reception=reception)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已审签接待清单。"))
    return redirect(reception.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def settle(request, pk):
    reception = queries.reception_for(request.user, pk, action=C.RECEPTION_RECORD)
    form = SettleForm(posted(request), posted_files(request), initial={"paid_on": queries.today()})

    def write(f):
        settled = services.reception_settle(
            actor=request.user,
            reception=reception,
            invoice=f.cleaned_data["invoice"],
            payment=f.cleaned_data["payment"],
            paid_on=f.cleaned_data["paid_on"],
            invoice_number=f.cleaned_data["invoice_number"],
        )
        if settled.settlement.payment == "cash":
            messages.warning(request, _("以现金支付已如实登记，并已提示负责人（规定第十五条）。"))
        return settled

    return form_page(
        request,
        form,
        write,
        template="reception/form.html",
        context={"office": reception.office, "title": _("接待费结算"), "reception": reception, "multipart": True},
        success_url=lambda r: r.get_absolute_url(),
        message=_("已结算。"),
    )


@login_required
def letter_file(request, pk):
    reception = queries.reception_for(request.user, pk)
    return stored_file(request, reception.letter.file, filename=reception.letter.file_name or None)


@login_required
def invoice_file(request, pk):
    reception = queries.reception_for(request.user, pk)
    settlement = getattr(reception, "settlement", None)
    if settlement is None:
        return render(request, "404.html", status=404)
    return stored_file(request, settlement.invoice, filename=settlement.invoice_name or None)


@login_required
@require_http_methods(["GET", "POST"])
def explain(request, pk):
    warning = get_in_scope(
        request.user, ReceptionWarning.objects.select_related("reception__office"), action=C.RECEPTION_EXPLAIN, pk=pk
    )
    form = ExplainForm(posted(request))
    return form_page(
        request,
        form,
        lambda f: services.warning_explain(actor=request.user, warning=warning, **f.cleaned_data),
        template="reception/form.html",
        context={
            "office": warning.reception.office,
            "title": _("说明接待检查提示"),
            "reception": warning.reception,
            "warning": warning,
        },
        success_url=lambda w: reverse("reception:detail", args=[w.reception_id]) + "#warnings",
        message=_("已记录情况说明。"),
    )


# ---- Standards --------------------------------------------------------------------------------


@login_required
def standards(request, pk):
    """The standards in force for the jurisdiction and below it (its own rows and those above),
    and every earlier row, kept."""
    jurisdiction = subtree_in_scope(request.user, pk)
    paths = [*_ancestors(jurisdiction), jurisdiction.path]
    rows = (
        Standard.objects.filter(jurisdiction__path__in=paths)
        .select_related("jurisdiction")
        .order_by("kind", "rank", "origin", "-jurisdiction__path", "-valid_from")
    )
    today = queries.today()
    in_force = checks.standards_on([queries.rate_of(r) for r in rows], jurisdiction.path, today)
    current_ids = {rate.id for rate in in_force.rows.values()}
    return render(
        request,
        "reception/standards.html",
        {
            "jurisdiction": jurisdiction,
            "rows": rows,
            "current_ids": current_ids,
            "may_set": can(request.user, C.RECEPTION_STANDARDS) and _covers(request, jurisdiction),
        },
    )


def _ancestors(jurisdiction: Jurisdiction) -> list[str]:
    return ancestor_paths(jurisdiction.path)


def _covers(request, jurisdiction: Jurisdiction) -> bool:
    return covers_subtree(request.user, jurisdiction.path, action=C.RECEPTION_STANDARDS)


@login_required
@require_http_methods(["GET", "POST"])
def standard_add(request, pk):
    jurisdiction = subtree_in_scope(request.user, pk, action=C.RECEPTION_STANDARDS)
    # A standard changes how every reception below is judged: like the policy settings, it is
    # saved only in a session that confirmed an authenticator code lately.
    if request.method == "POST" and (challenge := second_factor_redirect(request)):
        return challenge
    form = StandardForm(
        posted(request), initial={"kind": request.GET.get("kind", ""), "rank": request.GET.get("rank", "")}
    )
    return form_page(
        request,
        form,
        lambda f: services.standard_set(actor=request.user, jurisdiction=jurisdiction, values=f.cleaned_data),
        template="reception/standard_form.html",
        context={"jurisdiction": jurisdiction},
        success_url=lambda row: reverse("reception:standards", args=[jurisdiction.pk]),
        message=_("已保存；被替换的标准保留，自新标准起始前一日截止。"),
    )
