"""Decision pages: the engine's proposal on each office, the jurisdiction's proposal, the city's
review and approvals, the city bureau's board, and the policy settings."""

from __future__ import annotations

import json
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhuban.decision import queries, services
from zhuban.decision.forms import (
    ApprovalForm,
    BatchApprovalForm,
    BatchReviewForm,
    PolicySettingsForm,
    ProposalForm,
    ReviewForm,
)
from zhuban.decision.models import Decision, Disposition, Proposal
from zhuban.lib.keyset import int_param
from zhuban.org.access import can, get_in_scope, require, scoped, second_factor_redirect
from zhuban.org.capabilities import Capability
from zhuban.org.models import Jurisdiction, Unit
from zhuban.pages import attach_errors, posted, posted_files, stored_file
from zhuban.policy import queries as policy_queries
from zhuban.policy import services as policy_services
from zhuban.policy.clauses import CLAUSES
from zhuban.policy.facts import Assessment
from zhuban.policy.policy_settings import SETTING_SPECS, PolicySettings, PolicySettingsError
from zhuban.registry.models import Office
from zhuban.registry.queries import office_for


def _panel_context(request, office: Office, assessment: Assessment | None = None) -> dict:
    assessment = assessment if assessment is not None else queries.assessment_of(office)
    decision = queries.current_decision(office)
    return {
        "office": office,
        "assessment": assessment,
        "clauses": [CLAUSES[c] for c in assessment.clauses if c in CLAUSES],
        "proposal": queries.live_proposal(office),
        "decision": decision,
        "reapproval": queries.needs_reapproval(office, decision),
        "merge_target": _office_name(assessment.merge_into),
    }


def _office_name(pk: str | None) -> str | None:
    if pk is None:
        return None
    return Office.objects.filter(pk=int(pk)).values_list("name", flat=True).first()


@login_required
def office_panel(request, pk):
    """The engine's proposal, the jurisdiction's proposal and the decision for one office."""
    office = office_for(request.user, pk)
    return render(request, "decision/_office_panel.html", _panel_context(request, office))


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request, pk):
    office = office_for(request.user, pk, action=Capability.DECISION_PROPOSE)
    assessment = queries.assessment_of(office)
    root = queries.campaign_root(office.jurisdiction)
    # The survivor of a merger is an office the clerk may see, or one of the city government's
    # own offices (二(二)1–3 merge into those); never another county's office.
    candidates = (
        Office.objects.filter(jurisdiction__path__startswith=root.path, status="active")
        .filter(
            Q(pk__in=scoped(request.user, Office.objects.all()).values("pk"))
            | Q(jurisdiction=root, sponsor__kind=Unit.Kind.GOVERNMENT)
        )
        .exclude(pk=office.pk)
    )
    initial = {}
    if assessment.disposition != Disposition.REVIEW:
        initial = {"disposition": assessment.disposition, "merge_into": assessment.merge_into}
    form = ProposalForm(posted(request), candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_submit(
                actor=request.user,
                office=office,
                assessment=assessment,
                disposition=form.cleaned_data["disposition"],
                merge_into=form.cleaned_data["merge_into"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("精简整合意见已报送市机关事务管理局。"))
            return redirect(office.get_absolute_url())
    return render(
        request,
        "decision/proposal_form.html",
        {"form": form, **_panel_context(request, office, assessment)},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_review(request, pk):
    proposal = queries.proposal_for(request.user, pk, action=Capability.DECISION_REVIEW)
    if challenge := second_factor_redirect(request):
        return challenge
    form = ReviewForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                services.proposal_accept(actor=request.user, proposal=proposal, comments=form.cleaned_data["comments"])
            else:
                services.proposal_return(actor=request.user, proposal=proposal, comments=form.cleaned_data["comments"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("审核结论已记录。"))
            return redirect(proposal.office.get_absolute_url())
    return render(
        request,
        "decision/review_form.html",
        {"form": form, "proposal": proposal, **_panel_context(request, proposal.office)},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def approval_record(request, pk, authority):
    """Record the city's (or, for a decision awaiting it, the province's) approval."""
    if authority == "city":
        proposal = queries.proposal_for(request.user, pk, action=Capability.DECISION_APPROVE)
        office = proposal.office
    else:
        decision = get_in_scope(
            request.user,
            Decision.objects.select_related("office__jurisdiction"),
            action=Capability.DECISION_APPROVE_PROVINCE,
            pk=pk,
        )
        office = decision.office
    if challenge := second_factor_redirect(request):
        return challenge
    form = ApprovalForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if authority == "city":
                services.decision_record_city_approval(
                    actor=request.user,
                    proposal=proposal,
                    document=data["document"],
                    approved_on=data["approved_on"],
                    file=data["file"],
                )
            else:
                services.decision_record_province_approval(
                    actor=request.user,
                    decision=decision,
                    document=data["document"],
                    approved_on=data["approved_on"],
                    file=data["file"],
                )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("批准已录入。"))
            return redirect(office.get_absolute_url())
    return render(
        request,
        "decision/approval_form.html",
        {"form": form, "authority": authority, **_panel_context(request, office)},
        status=422 if form.errors else 200,
    )


@login_required
def approval_file(request, pk, authority):
    """An approval document, served only through the access chokepoint."""
    decision = get_in_scope(request.user, Decision.objects.select_related("office__jurisdiction"), pk=pk)
    field = decision.city_file if authority == "city" else decision.province_file
    if not field:
        raise Http404
    return stored_file(request, field)


def _root_for(user) -> Jurisdiction:
    visible = scoped(user, Jurisdiction.objects.all()).order_by("path").first()
    if visible is None:
        raise Http404
    return queries.campaign_root(visible)


@login_required
def board(request):
    root = _root_for(request.user)
    jurisdiction = int_param(request.GET, "jurisdiction") or None
    disposition = request.GET.get("disposition", "")
    if disposition not in Disposition.values:
        disposition = ""
    f = queries.BoardFilter(
        jurisdiction=jurisdiction, disposition=disposition, violations_only=request.GET.get("violations") == "1"
    )
    rows = queries.board(request.user, root, f)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.assessment.disposition] = counts.get(row.assessment.disposition, 0) + 1
    context = {
        "rows": rows,
        "filter": f,
        "counts": [(d, label, counts.get(d, 0)) for d, label in Disposition.choices],
        "jurisdictions": scoped(request.user, Jurisdiction.objects.filter(path__startswith=root.path)),
        "dispositions": Disposition.choices,
        "root": root,
    }
    template = "decision/_board_rows.html" if request.htmx else "decision/board.html"
    return render(request, template, context)


def _outcome(a) -> tuple:
    return (a.disposition, a.merge_into, a.approver, tuple(a.violations))


@login_required
@require_http_methods(["GET", "POST"])
def policy_settings(request):
    """The readings of the plan's ambiguities. Changing one first lists every office whose
    outcome would change; nothing is saved until the change is confirmed."""
    root = _root_for(request.user)
    current = policy_queries.settings_for(root)
    specs = list(SETTING_SPECS.values())
    form = PolicySettingsForm(posted(request), specs=specs, current=current.to_dict())
    changes = None
    previewed = ""
    if request.method == "POST":
        require(request.user, Capability.POLICY_SETTINGS, root)
        if challenge := second_factor_redirect(request):
            return challenge
        if form.is_valid():
            values = form.setting_values(specs)
            try:
                proposed = PolicySettings.from_dict(values)
            except PolicySettingsError as exc:
                for message in exc.errors:
                    form.add_error(None, message)
            else:
                fingerprint = json.dumps(values, sort_keys=True, ensure_ascii=False)
                # Only what was previewed is saved: values edited after the preview are previewed again.
                if request.POST.get("confirm") == "1" and request.POST.get("previewed") == fingerprint:
                    policy_services.policy_settings_change(
                        actor=request.user, root=root, values=values, reason=form.cleaned_data["reason"]
                    )
                    messages.success(request, _("政策设置已保存，所有机构已按新设置重新评估。"))
                    return redirect("decision:policy_settings")
                before = queries.assess_city(root, settings=current)
                after = queries.assess_city(root, settings=proposed)
                names = dict(
                    scoped(request.user, Office.objects.filter(pk__in=before.keys())).values_list("pk", "name")
                )
                previewed = fingerprint
                changes = [
                    (names[pk], before[pk], after[pk])
                    for pk in sorted(before)
                    if pk in names and _outcome(before[pk]) != _outcome(after[pk])
                ]
    rows = [(spec, getattr(current, spec.id)) for spec in specs]
    return render(
        request,
        "decision/policy_settings.html",
        {
            "form": form,
            "rows": rows,
            "changes": changes,
            "previewed": previewed,
            "can_change": can(request.user, Capability.POLICY_SETTINGS, root),
            "root": root,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_batch(request):
    """A jurisdiction submits its proposals at once: every office with no live proposal whose
    disposition a clause decides may take the engine's proposal in one step; deviations and
    offices that need a person's review are proposed one by one, with their reasons."""
    require(request.user, Capability.DECISION_PROPOSE)
    root = _root_for(request.user)
    assessments = queries.assess_city(root)
    offices = list(
        scoped(
            request.user,
            Office.objects.filter(jurisdiction__path__startswith=root.path),
            action=Capability.DECISION_PROPOSE,
        )
        .select_related("jurisdiction", "sponsor", "host_city")
        .order_by("jurisdiction__path", "name")
    )
    live = set(
        Proposal.objects.filter(office__in=offices)
        .exclude(status__in=[Proposal.Status.SUPERSEDED, Proposal.Status.RETURNED])
        .values_list("office_id", flat=True)
    ) | set(
        Decision.objects.filter(office__in=offices)
        .exclude(status=Decision.Status.REVOKED)
        .values_list("office_id", flat=True)
    )
    rows = [(o, assessments[o.pk], o.pk in live) for o in offices]
    if request.method == "POST":
        chosen = {int(pk) for pk in request.POST.getlist("office") if pk.isascii() and pk.isdigit() and len(pk) < 19}
        todo = [
            (office, assessment)
            for office, assessment, has_live in rows
            if office.pk in chosen and not has_live and assessment.disposition != Disposition.REVIEW
        ]
        targets = Office.objects.in_bulk([int(a.merge_into) for _o, a in todo if a.merge_into])
        submitted = 0
        for office, assessment in todo:
            try:
                services.proposal_submit(
                    actor=request.user,
                    office=office,
                    assessment=assessment,
                    disposition=assessment.disposition,
                    merge_into=targets.get(int(assessment.merge_into)) if assessment.merge_into else None,
                )
            except ValidationError as exc:
                # Each proposal stands alone: one refused (e.g. submitted meanwhile by a colleague)
                # is reported by name and the others still go through.
                messages.error(
                    request, _("%(office)s：%(reasons)s") % {"office": office.name, "reasons": "；".join(exc.messages)}
                )
            else:
                submitted += 1
        messages.success(request, _("已报送 %(n)s 条精简整合意见。") % {"n": submitted})
        return redirect("decision:proposal_batch")
    return render(request, "decision/proposal_batch.html", {"rows": rows, "root": root})


# ---- The reviewers' and approvers' queue ------------------------------------------------------

# A batch act per state: the capability it needs on every proposal in it, and its form.
BATCH_ACTS = {
    queries.SUBMITTED: (Capability.DECISION_REVIEW, BatchReviewForm),
    queries.ACCEPTED: (Capability.DECISION_APPROVE, BatchApprovalForm),
}


def _queue_filter(params) -> queries.QueueFilter:
    state = params.get("state", queries.SUBMITTED)
    if state not in dict(queries.QUEUE_STATES):
        state = queries.SUBMITTED
    try:
        before = date.fromisoformat(params.get("submitted_before", ""))
    except ValueError:
        before = None
    return queries.QueueFilter(
        state=state, jurisdiction=int_param(params, "jurisdiction") or None, submitted_before=before
    )


@login_required
def queue(request):
    """Proposals waiting for review or approval (or sent back), oldest first, filterable by
    state, jurisdiction and how long they have waited; where the law lets one act cover several
    (review-pass, the city's approval by one document), they are ticked and acted on at once."""
    f = _queue_filter(request.GET)
    act = BATCH_ACTS.get(f.state)
    rows = list(queries.queue(request.user, f))
    may_act = act is not None and can(request.user, act[0])
    actionable = (
        set(
            scoped(request.user, Proposal.objects.filter(pk__in=[p.pk for p in rows]), action=act[0]).values_list(
                "pk", flat=True
            )
        )
        if may_act and act is not None
        else set()
    )
    root = _root_for(request.user)
    context = {
        "rows": rows,
        "filter": f,
        "states": queries.QUEUE_STATES,
        "actionable": actionable,
        "jurisdictions": scoped(request.user, Jurisdiction.objects.filter(path__startswith=root.path)).order_by("path"),
    }
    return render(request, "decision/queue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def queue_act(request):
    """One act on the ticked proposals. The second factor is asked once, here, for the whole
    batch; each proposal then goes through the same service as on its own page."""
    params = request.POST if request.method == "POST" else request.GET
    state = params.get("state") or queries.SUBMITTED
    if state not in BATCH_ACTS:
        raise Http404
    action, form_class = BATCH_ACTS[state]
    require(request.user, action)
    if challenge := second_factor_redirect(request):
        return challenge
    ids = [int(pk) for pk in params.getlist("proposal") if pk.isascii() and pk.isdigit() and len(pk) < 19]
    # What the user may not act on, or that has moved on, is simply not in the batch.
    chosen = list(
        queries.awaiting(request.user, state, action=action)
        .filter(pk__in=ids)
        .select_related("office__jurisdiction", "merge_into")
    )
    back = reverse("decision:queue") + f"?state={state}"
    form = form_class(posted(request))
    if not chosen and request.method == "POST":
        form.add_error(None, _("没有勾选可以办理的意见：请回到队列勾选。"))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if state == queries.SUBMITTED:
                services.proposals_accept_all(actor=request.user, proposals=chosen, comments=data["comments"])
                message = _("已审核通过 %(n)s 条精简整合意见。")
            else:
                services.decisions_record_city_approval_all(
                    actor=request.user, proposals=chosen, document=data["document"], approved_on=data["approved_on"]
                )
                message = _("已录入 %(n)s 条意见的市政府批准。")
        except services.BatchRefused as exc:
            form.add_error(None, _("没有办理任何一条，请处理后重试。") + exc.messages[0])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, message % {"n": len(chosen)})
            return redirect(back)
    return render(
        request,
        "decision/queue_act.html",
        {"form": form, "chosen": chosen, "state": state, "back": back},
        status=422 if form.errors else 200,
    )
