"""Results and the office panel: what the city (or a county, for itself) sees at a glance."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhuban.consolidation import queries
from zhuban.consolidation.models import Dossier
from zhuban.consolidation.progress import blockers_of
from zhuban.decision.models import Decision
from zhuban.decision.queries import current_decision
from zhuban.org.access import can, scoped
from zhuban.org.capabilities import Capability
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Office
from zhuban.registry.queries import office_for


@login_required
def results(request):
    """What the city (or a county, for itself) sees: offices before and after, posts, assets,
    staff, open dossiers with their blockers, and every asset loss."""
    offices = scoped(request.user, Office.objects.all())
    home = queries.home_jurisdiction(request.user)
    reports = []
    if home is not None:
        reports = [home, *Jurisdiction.objects.filter(path__startswith=home.path).exclude(pk=home.pk)]
    awaiting = queries.decisions_awaiting_dossier(request.user, offices)
    context = {
        "figures": queries.figures(offices),
        "rows": queries.dossiers_for(request.user, offices),
        "awaiting": awaiting,
        # The chokepoint's answer for the whole list at once, not one query per row.
        "may_open": set(
            scoped(request.user, awaiting, action=Capability.CONSOLIDATION_OPEN).values_list("pk", flat=True)
        ),
        "reports": reports,
        "home": home,
    }
    return render(request, "consolidation/results.html", context)


@login_required
def office_panel(request, pk):
    """The office page's consolidation panel: its dossier, what it received from mergers, and any asset loss."""
    office = office_for(request.user, pk)
    dossier = Dossier.objects.filter(office=office).first()
    decision = current_decision(office)
    awaiting_open = (
        dossier is None
        and decision is not None
        and decision.status == Decision.Status.APPROVED
        and decision.disposition in (Dossier.Kind.REVOKE, Dossier.Kind.MERGE)
    )
    can_open = awaiting_open and can(request.user, Capability.CONSOLIDATION_OPEN, decision)
    losses = queries.asset_losses(Office.objects.filter(pk=office.pk))
    blockers = blockers_of(queries.dossier_full(dossier.pk)) if dossier and dossier.status == "open" else []
    return render(
        request,
        "consolidation/_office_panel.html",
        {
            "office": office,
            "dossier": dossier,
            "decision": decision,
            "can_open": can_open,
            "awaiting_open": awaiting_open,
            "losses": losses,
            "blockers": blockers,
            # A surviving office's record shows what each merger handed it, and from whom.
            "received": queries.received_by(office),
        },
    )


@login_required
def entities_tied(request):
    """Business entities still tied to a retained office, for the inspection (二(四)): anyone
    who reads the offices reads this list, within their scope."""
    offices = scoped(request.user, Office.objects.all())
    return render(request, "consolidation/entities_tied.html", {"entities": queries.tied_entities_of_retained(offices)})
