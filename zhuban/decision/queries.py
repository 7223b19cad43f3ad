"""Reading proposals and decisions, and assessing a city's registry with the policy engine.

The engine must see the whole city to group offices (二(二)2), so assessment reads every office
of the campaign's city; what a user is then shown is filtered by the access chokepoint.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zhuban.decision import services
from zhuban.decision.models import AssessmentChange, Decision, Disposition, Proposal, StoredAssessment
from zhuban.lib.todo import Item, Pile, pile
from zhuban.org.access import can, get_in_scope, own_work, scoped
from zhuban.org.capabilities import Capability
from zhuban.org.models import Jurisdiction, Level
from zhuban.org.queries import campaign_root, city_paths, nearest_at
from zhuban.policy.engine import evaluate
from zhuban.policy.facts import Assessment, Campaign, OfficeFacts
from zhuban.policy.policy_settings import PolicySettings
from zhuban.policy.queries import geography_from_db, settings_for, settings_overrides_by_path
from zhuban.registry.models import Office

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def today() -> date:
    return timezone.localdate()


def retained() -> Q:
    """Offices whose retention is approved (by the city and, where required, the province): the
    retained offices that oversight follows and that publish their receptions (二(四))."""
    return Q(
        status=Office.Status.ACTIVE,
        decisions__status=Decision.Status.APPROVED,
        decisions__disposition=Disposition.RETAIN,
    )


FACT_FIELDS = (
    "id",
    "name",
    "jurisdiction__level",
    "jurisdiction__name",
    "sponsor__kind",
    "host_city__name",
    "host_province__name",
    "host_city__is_capital",
    "counterpart_assistance",
    "established_on",
    "headcount",
    "status",
)


def facts_of_city(root: Jurisdiction) -> list[OfficeFacts]:
    """Every office of the city as engine facts, in two queries (values, not model instances):
    the offices, and the approved decisions' dispositions."""
    within = Q(jurisdiction__path__startswith=root.path)
    rows = Office.objects.filter(within).order_by("id").values_list(*FACT_FIELDS)
    return _facts(rows, approved_dispositions(Q(office__jurisdiction__path__startswith=root.path)))


def approved_dispositions(where: Q | None = None) -> dict[int, str]:
    """Office id -> the disposition of its approved decision, in one query (四(二) follows it)."""
    decisions = Decision.objects.filter(status=Decision.Status.APPROVED)
    if where is not None:
        decisions = decisions.filter(where)
    return dict(decisions.values_list("office_id", "disposition"))


def campaign_of(root: Jurisdiction) -> Campaign:
    """The city whose plan this is and its own county-level governments, from the jurisdiction
    tree in one query: the clauses speak only of these units."""
    counties = frozenset(
        Jurisdiction.objects.filter(path__startswith=root.path, level=Level.COUNTY).values_list("name", flat=True)
    )
    if root.level == Level.CITY:
        return Campaign(city=root.name, counties=counties)
    return Campaign(city=None, counties=counties)  # a county that hangs from its province


def _campaigns_by_root(within: Jurisdiction | None, cities: Collection[str]) -> dict[str, Campaign]:
    """Each city's Campaign (by path) and each province-direct county's, in one query."""
    rows = Jurisdiction.objects.filter(level__in=[Level.CITY, Level.COUNTY])
    if within is not None:
        rows = rows.filter(path__startswith=within.path)
    names: dict[str, str] = {}
    counties: dict[str, set[str]] = {}
    for path, name, level in rows.values_list("path", "name", "level"):
        if level == Level.CITY:
            names[path] = name
            counties.setdefault(path, set())
            continue
        root = nearest_at(path, cities) or path
        counties.setdefault(root, set()).add(name)
    return {path: Campaign(city=names.get(path), counties=frozenset(members)) for path, members in counties.items()}


def _facts(rows, approved: dict[int, str]) -> list[OfficeFacts]:
    return [
        OfficeFacts(
            id=str(pk),
            name=name,
            sponsor_level=level,
            sponsor_kind=kind,
            sponsor_government=government,
            host_city=city,
            host_province=province,
            host_is_capital=capital,
            counterpart_assistance=aid,
            established_on=established,
            headcount=headcount,
            status=status,
            approved_disposition=approved.get(pk),
        )
        for pk, name, level, government, kind, city, province, capital, aid, established, headcount, status in rows
    ]


def assess_city(
    root: Jurisdiction, *, settings: PolicySettings | None = None, as_of: date | None = None
) -> dict[int, Assessment]:
    """The engine's result for every office of the city, keyed by office id. A fixed number of
    queries whatever the number of offices: the offices, their approved decisions, the city's
    counties, the geography, the settings.

    Above a city (a province, the country) each city under it is assessed as its own campaign."""
    if root.level in (Level.PROVINCE, Level.NATION):
        return assess_registry(within=root, as_of=as_of)
    settings = settings if settings is not None else settings_for(root)
    results = evaluate(facts_of_city(root), geography_from_db(), settings, as_of or today(), campaign_of(root))
    return {int(a.office_id): a for a in results}


def assess_registry(*, within: Jurisdiction | None = None, as_of: date | None = None) -> dict[int, Assessment]:
    """Every office of every city (under ``within``), in a fixed number of queries however many
    cities and offices: one read of the offices (with their path), one of their approved
    decisions, one of the city-level paths, one of the cities and counties (each city's own
    units), one of the settings, three of geography. Each city is evaluated on its own, as its own
    campaign; an office with no city above it (a county that hangs from its province) is
    evaluated with its own county as the root."""
    by_root: dict[str, list] = {}
    cities = city_paths()
    offices = (
        Office.objects.all() if within is None else Office.objects.filter(jurisdiction__path__startswith=within.path)
    )
    rows = offices.order_by("id").values_list(*FACT_FIELDS, "jurisdiction__path")
    approved = approved_dispositions(None if within is None else Q(office__jurisdiction__path__startswith=within.path))
    campaigns = _campaigns_by_root(within, cities)
    for row in rows:
        root = nearest_at(row[-1], cities) or row[-1]
        by_root.setdefault(root, []).append(row[:-1])
    records = settings_overrides_by_path()
    geography = geography_from_db()
    when = as_of or today()
    out: dict[int, Assessment] = {}
    for root_path, city_rows in by_root.items():
        settings = PolicySettings.from_dict(records.get(root_path), stored=True)
        campaign = campaigns.get(root_path, Campaign(city=None, counties=frozenset()))
        facts = _facts(city_rows, approved)
        out.update({int(a.office_id): a for a in evaluate(facts, geography, settings, when, campaign)})
    return out


def assessment_of(office: Office, *, as_of: date | None = None) -> Assessment:
    """The engine's result for one office. For today, read from its stored assessment (two
    queries however large its root) unless something it rests on changed since; then, and for
    another day, the whole root is assessed (and, for today, stored for every office of it)."""
    root = campaign_root(office.jurisdiction)
    when = as_of or today()
    if when != today():
        return assess_city(root, as_of=when)[office.pk]
    stored = (
        StoredAssessment.objects.filter(
            office=office, language=get_language() or settings.LANGUAGE_CODE, root_path=root.path, as_of=when
        )
        .exclude(Exists(AssessmentChange.objects.filter(root_path=root.path)))
        .first()
    )
    if stored is not None:
        return stored.assessment
    return refreshed_assessments(root, when)[office.pk]


@transaction.atomic
def refreshed_assessments(root: Jurisdiction, when: date) -> dict[int, Assessment]:
    """Assess the root afresh and store the results.

    Two readings of one root refresh it in turn (``assessments_lock``), so an older reading can
    never store its results over a newer one's. Within one, the pending changes are read before
    the registry: a write that commits while the registry is read leaves its change behind, so
    it is not lost. Writers are never held up: they only insert their changes."""
    services.assessments_lock(root)
    seen = list(AssessmentChange.objects.filter(root_path=root.path).values_list("pk", flat=True))
    results = assess_city(root, as_of=when)
    if root.level in (Level.PROVINCE, Level.NATION):
        # Offices right at a province (or the country) are their own root; the cities below are
        # assessed with them but kept under their own roots.
        results = {pk: a for pk, a in results.items() if pk in _offices_right_at(root)}
    services.assessments_store(root_path=root.path, as_of=when, results=results, seen=seen)
    return results


def _offices_right_at(root: Jurisdiction) -> set[int]:
    return set(Office.objects.filter(jurisdiction=root).values_list("pk", flat=True))


def live_proposal(office: Office) -> Proposal | None:
    return (
        Proposal.objects.filter(office=office)
        .exclude(status=Proposal.Status.SUPERSEDED)
        .select_related("submitted_by", "reviewed_by", "merge_into")
        .first()
    )


def current_decision(office: Office) -> Decision | None:
    return (
        Decision.objects.filter(office=office)
        .exclude(status=Decision.Status.REVOKED)
        .select_related("merge_into", "recorded_by")
        .first()
    )


def needs_reapproval(office: Office, decision: Decision | None) -> bool:
    """An office edited after its decision must be approved again."""
    return decision is not None and office.version > decision.office_version


@dataclass(frozen=True)
class BoardRow:
    office: Office
    assessment: Assessment
    proposal: Proposal | None
    decision: Decision | None

    @property
    def reapproval(self) -> bool:
        return needs_reapproval(self.office, self.decision)


@dataclass(frozen=True)
class BoardFilter:
    jurisdiction: int | None = None
    disposition: str = ""
    violations_only: bool = False


def board(
    user: User | AnonymousUser, root: Jurisdiction, f: BoardFilter, *, as_of: date | None = None
) -> list[BoardRow]:
    """Offices by disposition and jurisdiction with their proposal, decision and violations."""
    assessments = assess_city(root, as_of=as_of)
    offices: QuerySet[Office] = (
        scoped(user, Office.objects.filter(jurisdiction__path__startswith=root.path))
        .select_related("jurisdiction", "sponsor", "host_city")
        .prefetch_related(
            Prefetch(
                "proposals",
                queryset=Proposal.objects.exclude(status=Proposal.Status.SUPERSEDED).select_related("merge_into"),
                to_attr="live_proposals",
            ),
            Prefetch(
                "decisions",
                queryset=Decision.objects.exclude(status=Decision.Status.REVOKED).select_related("merge_into"),
                to_attr="live_decisions",
            ),
        )
        .order_by("jurisdiction__path", "name")
    )
    if f.jurisdiction:
        offices = offices.filter(jurisdiction_id=f.jurisdiction)
    rows = []
    for office in offices:
        a = assessments[office.pk]
        if f.disposition and a.disposition != f.disposition:
            continue
        if f.violations_only and not a.violations:
            continue
        rows.append(
            BoardRow(
                office=office,
                assessment=a,
                # Lists set by Prefetch(to_attr=...), which the stubs cannot see on the model.
                proposal=office.live_proposals[0] if office.live_proposals else None,  # type: ignore[attr-defined]
                decision=office.live_decisions[0] if office.live_decisions else None,  # type: ignore[attr-defined]
            )
        )
    return rows


def proposal_for(user: Any, pk: Any, *, action: str | None = None) -> Proposal:
    return get_in_scope(
        user,
        Proposal.objects.select_related("office__jurisdiction", "merge_into", "submitted_by"),
        action=action,
        pk=pk,
    )


def proposals_complete(jurisdiction: Jurisdiction) -> bool:
    """Whether every active office of the jurisdiction has a live proposal (or a decision): then
    its campaign submission 精简整合意见 is due to be reported."""
    return not (
        Office.objects.filter(jurisdiction=jurisdiction, status=Office.Status.ACTIVE)
        .exclude(proposals__status__in=[Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED])
        .exclude(decisions__status__in=[Decision.Status.APPROVED, Decision.Status.AWAITING_PROVINCE])
        .exists()
    )


# ---- The home page's to-do (zhuban.desk) --------------------------------------------------------


def todo_for(user: Any, today: date) -> list[Pile]:
    """What the user has to do in the decision workflow, one pile per step, each in one query:
    offices of their own jurisdiction still without a proposal, their proposals sent back,
    and what waits for them as reviewer or approver anywhere they hold the act."""
    piles: list[Pile | None] = []
    if can(user, Capability.DECISION_PROPOSE):
        offices = (
            own_work(user, Office.objects.filter(status=Office.Status.ACTIVE), action=Capability.DECISION_PROPOSE)
            .exclude(
                proposals__status__in=[Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED, Proposal.Status.RETURNED]
            )
            .exclude(decisions__status__in=[Decision.Status.APPROVED, Decision.Status.AWAITING_PROVINCE])
            .order_by("name")
            .values_list("pk", "name")
        )
        piles.append(
            pile(
                "decision.propose",
                _("待报送精简整合意见的机构"),
                [Item(name, reverse("decision:proposal_create", args=[pk])) for pk, name in offices],
                url=reverse("decision:proposal_batch"),
            )
        )
        returned = (
            own_work(user, Proposal.objects.filter(status=Proposal.Status.RETURNED), action=Capability.DECISION_PROPOSE)
            .order_by("reviewed_at")
            .values_list("office_id", "office__name", "review_comments")
        )
        piles.append(
            pile(
                "decision.returned",
                _("被退回的精简整合意见"),
                [Item(name, reverse("decision:proposal_create", args=[pk]), note=c) for pk, name, c in returned],
                url=reverse("decision:queue") + "?state=returned",
            )
        )
    for state, action, title, url_name in QUEUE_STEPS:
        if not can(user, action):
            continue
        rows = awaiting(user, state, action=action).values_list("pk", "office__name", "office__jurisdiction__name")
        piles.append(
            pile(
                f"decision.{state}",
                title,
                [Item(name, reverse(url_name, args=[pk]), note=where) for pk, name, where in rows],
                url=reverse("decision:queue") + f"?state={state}",
            )
        )
    if can(user, Capability.DECISION_APPROVE_PROVINCE):
        decisions = scoped(
            user,
            Decision.objects.filter(status=Decision.Status.AWAITING_PROVINCE),
            action=Capability.DECISION_APPROVE_PROVINCE,
        ).values_list("pk", "office__name", "office__jurisdiction__name")
        piles.append(
            pile(
                "decision.province",
                _("待录入省政府批准的决定"),
                [Item(n, reverse("decision:province_approval", args=[pk]), note=w) for pk, n, w in decisions],
                url=reverse("decision:board"),
            )
        )
    return [p for p in piles if p is not None]


# ---- The reviewers' and approvers' queue ------------------------------------------------------

# Each state of the queue: what it waits for, who acts on it, and the page of the single act.
SUBMITTED, ACCEPTED, RETURNED = "submitted", "accepted", "returned"
QUEUE_STEPS = (
    (SUBMITTED, Capability.DECISION_REVIEW, _("待审核的精简整合意见"), "decision:proposal_review"),
    (ACCEPTED, Capability.DECISION_APPROVE, _("待录入市政府批准的意见"), "decision:city_approval"),
)
QUEUE_STATES = (
    (SUBMITTED, _("待审核")),
    (ACCEPTED, _("待市政府批准")),
    (RETURNED, _("已退回")),
)


def awaiting(user: Any, state: str, *, action: str | None = None) -> QuerySet[Proposal]:
    """The proposals in one state of the queue that the user may see (or holds ``action`` on):
    waiting for review (reported), for the city's approval (accepted, no decision yet) or sent
    back."""
    proposals = Proposal.objects.filter(status=state)
    if state == ACCEPTED:
        proposals = proposals.filter(decision__isnull=True)
    return scoped(user, proposals, action=action).order_by("submitted_at", "id")


@dataclass(frozen=True)
class QueueFilter:
    state: str = SUBMITTED
    jurisdiction: int | None = None
    submitted_before: date | None = None  # reported on or before this day: the longest waiting


def queue(user: Any, f: QueueFilter) -> QuerySet[Proposal]:
    """The queue's rows, oldest first, with what each row shows (one query)."""
    rows = awaiting(user, f.state).select_related("office__jurisdiction", "merge_into", "submitted_by")
    if f.jurisdiction:
        rows = rows.filter(office__jurisdiction_id=f.jurisdiction)
    if f.submitted_before:
        rows = rows.filter(submitted_at__date__lte=f.submitted_before)
    return rows
