"""Reading proposals and decisions, and assessing a city's registry with the policy engine.

The engine must see the whole city to group offices (二(二)2), so assessment reads every office
of the campaign's city; what a user is then shown is filtered by the access chokepoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from zhuban.decision.models import Decision, PolicySettingsRecord, Proposal
from zhuban.org.access import get_in_scope, scoped
from zhuban.org.models import Jurisdiction, Level
from zhuban.policy.engine import evaluate
from zhuban.policy.facts import Assessment, OfficeFacts
from zhuban.policy.policy_settings import PolicySettings
from zhuban.policy.queries import geography_from_db
from zhuban.registry.models import Office

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def campaign_root(jurisdiction: Jurisdiction) -> Jurisdiction:
    """The city whose campaign a jurisdiction belongs to: its nearest city-level ancestor (or itself)."""
    codes = [c for c in jurisdiction.path.split("/") if c]
    prefixes = ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]
    return Jurisdiction.objects.filter(path__in=prefixes, level=Level.CITY).order_by("-path").first() or jurisdiction


def settings_for(root: Jurisdiction) -> PolicySettings:
    record = PolicySettingsRecord.objects.filter(jurisdiction=root).first()
    return PolicySettings.from_dict(record.values if record else None)


def today() -> date:
    return timezone.localdate()


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
    """Every office of the city as engine facts, in one query (values, not model instances)."""
    rows = Office.objects.filter(jurisdiction__path__startswith=root.path).order_by("id").values_list(*FACT_FIELDS)
    return _facts(rows)


def _facts(rows) -> list[OfficeFacts]:
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
        )
        for pk, name, level, government, kind, city, province, capital, aid, established, headcount, status in rows
    ]


def assess_city(
    root: Jurisdiction, *, settings: PolicySettings | None = None, as_of: date | None = None
) -> dict[int, Assessment]:
    """The engine's result for every office of the city, keyed by office id. A fixed number of
    queries whatever the number of offices: the offices, the geography, the settings."""
    settings = settings if settings is not None else settings_for(root)
    results = evaluate(facts_of_city(root), geography_from_db(), settings, as_of or today())
    return {int(a.office_id): a for a in results}


def assess_registry(*, as_of: date | None = None) -> dict[int, Assessment]:
    """Every office of every city, in a fixed number of queries however many cities and offices:
    one read of all offices (with their city's path), one of the settings, three of geography.
    Each city is evaluated on its own, as its own campaign."""
    by_root: dict[str, list] = {}
    rows = Office.objects.order_by("id").values_list(*FACT_FIELDS, "jurisdiction__path")
    for row in rows:
        by_root.setdefault("/" + row[-1].split("/")[1] + "/", []).append(row[:-1])
    records = dict(PolicySettingsRecord.objects.values_list("jurisdiction__path", "values"))
    geography = geography_from_db()
    when = as_of or today()
    out: dict[int, Assessment] = {}
    for root_path, city_rows in by_root.items():
        settings = PolicySettings.from_dict(records.get(root_path))
        out.update({int(a.office_id): a for a in evaluate(_facts(city_rows), geography, settings, when)})
    return out


def assessment_of(office: Office, *, as_of: date | None = None) -> Assessment:
    return assess_city(campaign_root(office.jurisdiction), as_of=as_of)[office.pk]


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


def proposal_for(user: User | AnonymousUser, pk: Any, *, write: bool = False) -> Proposal:
    return get_in_scope(
        user, Proposal.objects.select_related("office__jurisdiction", "merge_into", "submitted_by"), write=write, pk=pk
    )
