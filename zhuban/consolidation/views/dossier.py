"""The dossier's own pages: opened, shown with its sub-tasks, carried over (a merger), closed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhuban.consolidation import forms, queries, services
from zhuban.consolidation.ledger import total_of
from zhuban.consolidation.models import Dossier, TaskKind
from zhuban.consolidation.progress import DONE, STATUS_LABELS, balances_of, blockers_of, task_status
from zhuban.consolidation.views._common import _form_page, _run, _writable_dossier
from zhuban.decision.models import Decision
from zhuban.org.access import can, get_in_scope, second_factor_redirect
from zhuban.org.capabilities import Capability
from zhuban.pages import attach_errors, posted


@login_required
@require_http_methods(["GET", "POST"])
def dossier_open(request, pk):
    """Open the dossier of an approved revocation or merger (the city bureau)."""
    decision = get_in_scope(
        request.user,
        Decision.objects.select_related("office__jurisdiction", "merge_into"),
        action=Capability.CONSOLIDATION_OPEN,
        pk=pk,
    )
    existing = Dossier.objects.filter(office_id=decision.office_id).first()
    error = ""
    if request.method == "POST":
        try:
            dossier = services.dossier_open(actor=request.user, decision=decision)
        except ValidationError as exc:
            error = "；".join(exc.messages)
        else:
            messages.success(request, _("整合档案已开立。"))
            return redirect(dossier.get_absolute_url())
    return render(
        request,
        "consolidation/dossier_open.html",
        {"decision": decision, "existing": existing, "error": error},
        status=422 if error else 200,
    )


def _task_sections(dossier: Dossier, blockers) -> list[dict[str, Any]]:
    tasks = {t.kind: t for t in dossier.tasks.all()}
    today = timezone.localdate()
    out = []
    for kind in dossier.task_kinds:
        status = task_status(dossier, kind, blockers)
        out.append(
            {
                "kind": kind,
                "label": TaskKind(kind).label,
                "task": tasks.get(kind),
                "status": status,
                "status_label": STATUS_LABELS[status],
                "overdue": status != DONE and kind in tasks and tasks[kind].due_on < today,
                "blockers": [b for b in blockers if b.task == kind],
                "evidence": [e for e in dossier.evidence.all() if e.task == kind],
            }
        )
    return out


@login_required
def dossier_detail(request, pk):
    dossier = queries.dossier_for(request.user, pk)
    blockers = blockers_of(dossier) if dossier.status == Dossier.Status.OPEN else []
    balances = balances_of(dossier)
    may_record = dossier.status == Dossier.Status.OPEN and can(request.user, Capability.CONSOLIDATION_RECORD, dossier)
    may_carry_over = (
        may_record
        and dossier.survivor is not None
        and can(request.user, Capability.CONSOLIDATION_RECORD, dossier.survivor)
    )
    return render(
        request,
        "consolidation/dossier_detail.html",
        {
            "dossier": dossier,
            "office": dossier.office,
            "blockers": blockers,
            "general_blockers": [b for b in blockers if b.task is None],
            "sections": _task_sections(dossier, blockers),
            "balances": balances,
            "money_total": total_of(balances),
            "may_record": may_record,
            "may_carry_over": may_carry_over,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def carry_over(request, pk):
    """A merger's one-step hand-over: needs the right to change both offices."""
    dossier = _writable_dossier(request, pk)
    if dossier.kind != Dossier.Kind.MERGE or dossier.survivor is None:
        raise Http404
    if not can(request.user, Capability.CONSOLIDATION_RECORD, dossier.survivor):
        raise PermissionDenied
    form = forms.CarryOverForm(posted(request), initial={"document": dossier.decision.city_document})
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            form,
            lambda d: services.merge_carry_over(actor=request.user, dossier=dossier, **d),
            dossier.get_absolute_url() + "#task-merge",
            _("整合移交已办理。"),
        )
        if done:
            return done
    intro = _("尚未处置的资产、尚未安置的人员和尚未清理的款项，将一次移交给“%(survivor)s”，每一项都留有记录。") % {
        "survivor": dossier.survivor.name
    }
    return _form_page(request, form, title=_("整合移交"), dossier=dossier, intro=intro)


@login_required
@require_http_methods(["GET", "POST"])
def dossier_close(request, pk):
    """Close a dossier (the city bureau, with its second factor): marks the office revoked or merged."""
    dossier = queries.dossier_for(request.user, pk, action=Capability.CONSOLIDATION_CLOSE)
    if challenge := second_factor_redirect(request):
        return challenge
    blockers = blockers_of(dossier) if dossier.status == Dossier.Status.OPEN else []
    form = forms.CloseForm(posted(request), initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_close(actor=request.user, dossier=dossier, closed_on=form.cleaned_data["closed_on"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("整合档案已办结，机构状态已更新。"))
            return redirect(dossier.get_absolute_url())
    return render(
        request,
        "consolidation/dossier_close.html",
        {"dossier": dossier, "office": dossier.office, "blockers": blockers, "form": form},
        status=422 if form.errors else 200,
    )
