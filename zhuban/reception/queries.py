"""Reading receptions, always through the access chokepoint; and what the checks are fed.

The office's business entities (hotels, guesthouses it ran) are read through ``FORMER_ENTITIES``,
a hook the flows layer fills (zhuban/flows/reception.py), so where they come from can grow
(the registry today, consolidation's disposals tomorrow) without this app importing a peer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhuban.decision.models import Decision, Disposition
from zhuban.lib.keyset import KeysetPage, keyset_page
from zhuban.lib.todo import Item, Pile, pile
from zhuban.org.access import can, get_in_scope, scoped
from zhuban.org.capabilities import Capability as C
from zhuban.org.queries import ancestor_paths
from zhuban.reception import checks
from zhuban.reception.models import (
    CostKind,
    CostLine,
    Letter,
    Reception,
    ReceptionList,
    ReceptionWarning,
    Standard,
)
from zhuban.registry.models import Office
from zhuban.ui.formatting import format_date

PAGE_SIZE = 50


def today() -> date:
    return timezone.localdate()


# ---- Offices ----------------------------------------------------------------------------------


def _retained_offices() -> QuerySet[Office]:
    """Offices whose retention is approved: only they receive (二(四)2 governs retained offices)."""
    approved = Decision.objects.filter(status=Decision.Status.APPROVED, disposition=Disposition.RETAIN)
    return Office.objects.filter(status=Office.Status.ACTIVE, pk__in=approved.values("office_id"))


def offices(user: Any) -> QuerySet[Office]:
    return (
        scoped(user, _retained_offices())
        .select_related("jurisdiction", "sponsor")
        .order_by("jurisdiction__path", "name", "id")
    )


def office_for(user: Any, pk: Any, *, action: str | None = None) -> Office:
    """A retained office in the user's scope; any other office is 404 here."""
    return get_in_scope(user, _retained_offices().select_related("jurisdiction", "sponsor"), action=action, pk=pk)


def is_retained(office: Office) -> bool:
    return _retained_offices().filter(pk=office.pk).exists()


# ---- Receptions -------------------------------------------------------------------------------


def reception_for(user: Any, pk: Any, *, action: str | None = None) -> Reception:
    return get_in_scope(
        user,
        Reception.objects.select_related(
            "office__jurisdiction",
            "office__sponsor",
            "letter",
            "approval__approved_by",
            "listing__signed_off_by",
            "settlement",
        ),
        action=action,
        pk=pk,
    )


def office_list(
    office: Office,
    *,
    year: int | None = None,
    state: str = "",
    warned: bool = False,
    before: int | None = None,
    after: int | None = None,
    size: int = PAGE_SIZE,
) -> KeysetPage[Reception]:
    """One page of the office's receptions, newest first: one query however many there are
    (the indexes on (office, year | state, -id) and the partial one on warned rows serve it)."""
    rows = Reception.objects.filter(office=office).only(
        "id",
        "office_id",
        "state",
        "year",
        "starts_on",
        "ends_on",
        "sending_unit",
        "visitors_count",
        "total",
        "open_warnings",
    )
    if year is not None:
        rows = rows.filter(year=year)
    if state:
        rows = rows.filter(state=state)
    if warned:
        rows = rows.filter(open_warnings__gt=0)
    return keyset_page(
        older_than=lambda k, n: rows.filter(**({"id__lt": k} if k is not None else {})).order_by("-id")[:n],
        newer_than=lambda k, n: rows.filter(id__gt=k).order_by("id")[:n],
        key=lambda r: r.pk,
        before=before,
        after=after,
        size=size,
    )


def letters_waiting(office: Office, limit: int = 20) -> list[Letter]:
    """Letters recorded whose approval has not been asked yet (newest first, one query on a
    partial index: an anti-join against the office's receptions took ~250 ms at 20,000)."""
    return list(Letter.objects.filter(office=office, received=False).order_by("-id")[:limit])


def warnings_of(reception: Reception) -> list[ReceptionWarning]:
    return list(reception.warnings.select_related("explained_by").order_by("state", "id"))


def costs_of(reception: Reception) -> list[CostLine]:
    return list(reception.costs.order_by("day", "id"))


# ---- What the checks are fed ------------------------------------------------------------------

# Filled by zhuban/flows/reception.py: office ids → {office id: names of its business entities}.
FORMER_ENTITIES: list[Callable[[list[int]], dict[int, list[str]]]] = []


def former_entities(office_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for source in FORMER_ENTITIES:
        for office_id, names in source(office_ids).items():
            out[office_id].extend(names)
    return out


def limits() -> checks.Limits:
    return checks.Limits(repeat_days=settings.RECEPTION_REPEAT_DAYS)


def rates_for(path: str) -> list[checks.Rate]:
    """Every standard row of the jurisdiction at ``path`` and those above it, in any year: one query."""
    rows = Standard.objects.filter(jurisdiction__path__in=[*ancestor_paths(path), path]).select_related("jurisdiction")
    return [rate_of(row) for row in rows]


def rate_of(row: Standard) -> checks.Rate:
    return checks.Rate(
        id=row.pk,
        path=row.jurisdiction.path,
        kind=row.kind,
        rank=row.rank,
        origin=row.origin,
        amount=row.amount,
        limit=row.limit,
        group_size=row.group_size,
        divisor=row.divisor,
        text=row.text,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        source=row.source,
        is_example=row.is_example,
    )


def standards_for(reception: Reception, rates: list[checks.Rate] | None = None) -> checks.Standards:
    """The standards a reception is judged by: those valid on its first day."""
    path = reception.office.jurisdiction.path
    return checks.standards_on(rates if rates is not None else rates_for(path), path, reception.starts_on)


def _people(rows: Iterable[dict[str, Any]]) -> tuple[checks.Person, ...]:
    return tuple(
        checks.Person(str(p.get("name", "")), str(p.get("post", "")), str(p.get("rank", ""))) for p in rows or ()
    )


def case_of(reception: Reception, costs: Iterable[CostLine] | None = None) -> checks.Case:
    """The reception as the checks see it. Reads the letter, approval, list and settlement the
    caller selected with it (``RELATED``); ``costs`` when they were fetched in bulk."""
    letter = reception.letter
    approval = getattr(reception, "approval", None)
    listing: ReceptionList | None = getattr(reception, "listing", None)
    settlement = getattr(reception, "settlement", None)
    lines = list(costs) if costs is not None else list(reception.costs.all())
    return checks.Case(
        id=reception.pk,
        sending_unit=reception.sending_unit,
        starts_on=reception.starts_on,
        ends_on=reception.ends_on,
        origin=letter.origin if letter else "",
        has_letter=bool(letter and letter.file),
        letter_people=_people(letter.people) if letter else (),
        letter_from=letter.date_from if letter else None,
        letter_to=letter.date_to if letter else None,
        approved_on=approval.approved_on if approval else None,
        listed=listing is not None,
        visitor_unit=listing.visitor_unit if listing else "",
        visitors=_people(listing.visitors) if listing else (),
        activity=listing.activity if listing else "",
        venue=listing.venue if listing else "",
        companions=len(listing.companions) if listing else 0,
        costs=tuple(
            checks.Cost(c.pk, c.kind, c.day, c.venue, c.description, c.persons, c.nights, c.amount) for c in lines
        ),
        payment=settlement.payment if settlement else "",
    )


RELATED = ("office__jurisdiction", "letter", "approval", "listing", "settlement")


def neighbours(reception: Reception, lim: checks.Limits) -> list[checks.Case]:
    """The office's other receptions in the patterns' window around this one (one query, no costs)."""
    start, end = checks.window(checks.Case(reception.pk, "", reception.starts_on, reception.ends_on), lim)
    rows = (
        Reception.objects.filter(office_id=reception.office_id, starts_on__lte=end, ends_on__gte=start)
        .exclude(pk=reception.pk)
        .select_related("letter", "listing")
        .order_by("starts_on", "id")
    )
    return [case_of(r, costs=()) for r in rows]


def differences(reception: Reception) -> list[checks.Difference]:
    return checks.differences(case_of(reception))


# ---- Figures for the public disclosure --------------------------------------------------------


def _fen(amount: Decimal | None) -> int:
    return int((amount or Decimal(0)) * 100)


def year_figures(year: int, office_ids: list[int]) -> dict[int, dict]:
    """Per office, the settled receptions of ``year`` (by the year they took place): how many,
    how many visitors, the amounts by kind and in all (integer fen), and the venues used (the
    lists' and the costs', sorted). Every office asked for is in the answer; three queries,
    aggregated in SQL."""
    settled = Q(year=year, state=Reception.State.SETTLED, office_id__in=office_ids)
    # The cost kinds as the disclosure names them.
    names = {
        CostKind.MEAL: "meals",
        CostKind.LODGING: "lodging",
        CostKind.TRANSPORT: "transport",
        CostKind.OTHER: "other",
    }
    out: dict[int, dict] = {
        office_id: {"receptions": 0, "visitors": 0, **dict.fromkeys(names.values(), 0), "total": 0, "venues": []}
        for office_id in office_ids
    }
    for row in (
        Reception.objects.filter(settled).values("office_id").annotate(n=Count("id"), people=Sum("visitors_count"))
    ):
        out[row["office_id"]]["receptions"] = row["n"]
        out[row["office_id"]]["visitors"] = row["people"] or 0
    costs = (
        CostLine.objects.filter(
            reception__year=year, reception__state=Reception.State.SETTLED, reception__office_id__in=office_ids
        )
        .values("reception__office_id")
        .annotate(**{name: Sum("amount", filter=Q(kind=kind), default=Decimal(0)) for kind, name in names.items()})
    )
    for row in costs:
        figures = out[row["reception__office_id"]]
        for name in names.values():
            figures[name] = _fen(row[name])
        figures["total"] = sum(figures[name] for name in names.values())
    venues: dict[int, set[str]] = defaultdict(set)
    cost_venues = (
        CostLine.objects.filter(
            reception__year=year, reception__state=Reception.State.SETTLED, reception__office_id__in=office_ids
        )
        .order_by()
        .values_list("reception__office_id", "venue")
    )
    list_venues = (
        ReceptionList.objects.filter(reception__in=Reception.objects.filter(settled))
        .order_by()
        .values_list("reception__office_id", "venue")
    )
    for office_id, venue in cost_venues.union(list_venues):
        if venue.strip():
            venues[office_id].add(venue.strip())
    for office_id, names_used in venues.items():
        out[office_id]["venues"] = sorted(names_used)
    return out


def overdue_warnings(office_ids: list[int], as_of: date) -> list[ReceptionWarning]:
    """Warnings still unexplained after their date, for the inspection checklist (one query)."""
    return list(
        ReceptionWarning.objects.filter(office_id__in=office_ids, state=ReceptionWarning.State.OPEN, due_on__lt=as_of)
        .select_related("reception")
        .order_by("office_id", "id")
    )


# ---- The home page (工作台) ------------------------------------------------------------------

# (state, the act on it, the page where it is done, the pile's key and title)
RECEPTION_STEPS = (
    (Reception.State.REQUESTED, C.RECEPTION_APPROVE, "reception:approve", "reception.approve", _("待审批的公务接待")),
    (Reception.State.LISTED, C.RECEPTION_SIGN_OFF, "reception:detail", "reception.sign_off", _("待审签的接待清单")),
    (Reception.State.SIGNED_OFF, C.RECEPTION_RECORD, "reception:settle", "reception.settle", _("待结算的公务接待")),
)


def todo_for(user: Any, today: date) -> list[Pile]:
    """The office's receptions waiting for the user's act (approval beforehand, the list's sign-off,
    the settlement), and its checks' warnings the head has still to explain, by deadline. One query a pile."""
    piles: list[Pile | None] = []
    for state, action, url_name, key, title in RECEPTION_STEPS:
        if not can(user, action):
            continue
        rows = scoped(user, Reception.objects.filter(state=state), action=action).values_list(
            "pk", "sending_unit", "starts_on"
        )
        items = [
            Item(f"{unit}（{format_date(starts_on)}）", reverse(url_name, args=[pk]), due_on=starts_on)
            for pk, unit, starts_on in rows
        ]
        # A reception's own day is its deadline for the approval beforehand; the others have none.
        if state != Reception.State.REQUESTED:
            items = [Item(i.title, i.url) for i in items]
        piles.append(pile(key, title, items, url=reverse("reception:index"), today=today))
    if can(user, C.RECEPTION_EXPLAIN):
        warnings = scoped(
            user, ReceptionWarning.objects.filter(state=ReceptionWarning.State.OPEN), action=C.RECEPTION_EXPLAIN
        ).values_list("pk", "reception__sending_unit", "due_on", "code")
        piles.append(
            pile(
                "reception.explain",
                _("待说明的接待检查提示"),
                [
                    Item(
                        unit,
                        reverse("reception:explain", args=[pk]),
                        due_on=due_on,
                        note=gettext(checks.RULES[code].title) if code in checks.RULES else "",
                    )
                    for pk, unit, due_on, code in warnings
                ],
                url=reverse("reception:index"),
                today=today,
            )
        )
    return [p for p in piles if p is not None]
