"""What the product already knows about an office, as facts for the checklist and for detection.

The registry (assets, staff, business entities) and the decisions and engine's assessment are
below this app and read here directly. What only consolidation knows (asset losses, sub-tasks
past their deadline, disposals below appraisal) is above the layer line between peers: those
sources are registered by ``zhuban.flows.inspection`` into ``SOURCES`` at start-up, so this app
never imports consolidation.

A fact says that something is wrong: an item with facts is suggested as a problem; an item that
a source covers and that has no fact is suggested as compliant; an item no source covers waits
for the inspector on site.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from zhuban.decision.models import Decision
from zhuban.decision.queries import assess_registry
from zhuban.policy.facts import Violation
from zhuban.registry.models import Asset, BusinessEntity, Office, StaffMember

# The plan's issue date (咸政办函〔2015〕58号): an office that appears after it is new (四(二)).
PLAN_ISSUED = date(2015, 7, 20)


@dataclass(frozen=True)
class Fact:
    item: str  # CheckItem code
    office_id: int
    label: str  # already translated
    link: str = ""
    # For detection: which kind of violation case the fact suggests, if any (CaseKind value).
    case_kind: str = ""
    key: str = ""  # stable, for detection's idempotence
    # False for a fact to verify on site (where a disposal said an asset went), not a problem.
    concern: bool = True


@dataclass(frozen=True)
class Source:
    covers: frozenset[str]
    facts: Callable[[list[int], date], Iterable[Fact]]


def revoked_ids(office_ids: Iterable[int]) -> set[int]:
    """Offices to be gone: closed as revoked or merged, or with an approved revocation or merger."""
    ids = list(office_ids)
    closed = Office.objects.filter(pk__in=ids, status__in=[Office.Status.REVOKED, Office.Status.MERGED])
    decided = Decision.objects.filter(
        office_id__in=ids, status=Decision.Status.APPROVED, disposition__in=["revoke", "merge"]
    )
    return set(closed.values_list("pk", flat=True)) | set(decided.values_list("office_id", flat=True))


def _registry(office_ids: list[int], as_of: date) -> Iterable[Fact]:
    gone = revoked_ids(office_ids)
    for asset in Asset.objects.filter(office_id__in=gone).exclude(status=Asset.Status.DISPOSED).order_by("id"):
        yield Fact(
            "asset_disposal",
            asset.office_id,
            _("资产“%(asset)s”（%(category)s）尚未处置")
            % {"asset": asset.description, "category": asset.get_category_display()},
            reverse("registry:office_detail", args=[asset.office_id]) + "#asset",
        )
    for person in StaffMember.objects.filter(office_id__in=gone, status=StaffMember.Status.SERVING).order_by("id"):
        yield Fact(
            "staff_placement",
            person.office_id,
            _("工作人员%(name)s尚未安置") % {"name": person.name},
            reverse("registry:office_detail", args=[person.office_id]) + "#staff",
        )
    entities = BusinessEntity.objects.filter(office_id__in=office_ids).exclude(
        decoupling=BusinessEntity.Decoupling.DECOUPLED
    )
    for entity in entities.order_by("id"):
        yield Fact(
            "decoupling",
            entity.office_id,
            _("“%(entity)s”（%(kind)s）%(state)s")
            % {"entity": entity.name, "kind": entity.get_kind_display(), "state": entity.get_decoupling_display()},
            reverse("registry:office_detail", args=[entity.office_id]) + "#entity",
        )
    yield from _reappeared(gone)


def _reappeared(gone: set[int]) -> Iterable[Fact]:
    """A revoked office back under a new name: an active office at the same address, or one set
    up after the plan with at least two of the revoked office's people (四(二))."""
    revoked = list(Office.objects.filter(pk__in=gone).exclude(status=Office.Status.ACTIVE).prefetch_related("staff"))
    if not revoked:
        return
    active = list(Office.objects.filter(status=Office.Status.ACTIVE).exclude(pk__in=gone).prefetch_related("staff"))
    for old in revoked:
        names = {s.name for s in old.staff.all()}
        for new in active:
            same_address = bool(old.address.strip()) and old.address.strip() == new.address.strip()
            shared = names & {s.name for s in new.staff.all()}
            if not same_address and not (new.established_on >= PLAN_ISSUED and len(shared) >= 2):
                continue
            why = _("地址相同") if same_address else _("人员相同：%(names)s") % {"names": "、".join(sorted(shared))}
            yield Fact(
                "still_gone",
                old.pk,
                _("已撤销的%(old)s疑以“%(new)s”名义继续存在（%(why)s）")
                % {"old": old.name, "new": new.name, "why": why},
                new.get_absolute_url(),
                case_kind="kept",
                key=f"reappeared:{old.pk}:{new.pk}",
            )


def _assessment(office_ids: list[int], as_of: date) -> Iterable[Fact]:
    """The engine's discipline flags (四(二)) on each office."""
    names = dict(Office.objects.filter(pk__in=office_ids).values_list("pk", "name"))
    for office_id, assessment in sorted(assess_registry(as_of=as_of).items()):
        if office_id not in names:
            continue
        link = reverse("registry:office_detail", args=[office_id])
        if Violation.NEW_OFFICE in assessment.violations:
            yield Fact(
                "no_new_office",
                office_id,
                _("%(office)s设立于方案印发之后（违规新设）") % {"office": names[office_id]},
                link,
                case_kind="new_after_plan",
                key=f"flag:new_office:{office_id}",
            )
        if Violation.RETAINED_AFTER_DEADLINE in assessment.violations:
            yield Fact(
                "still_gone",
                office_id,
                _("%(office)s已决定撤销或整合，整合时限后仍在运行") % {"office": names[office_id]},
                link,
                case_kind="kept",
                key=f"flag:retained_after_deadline:{office_id}",
            )


SOURCES: list[Source] = [
    Source(frozenset({"asset_disposal", "staff_placement", "decoupling", "still_gone"}), _registry),
    Source(frozenset({"no_new_office", "still_gone"}), _assessment),
]


def register(source: Source) -> None:
    """For ``zhuban.flows``: a source from an app this one may not import."""
    if source not in SOURCES:
        SOURCES.append(source)


def gather(office_ids: list[int], as_of: date) -> tuple[list[Fact], frozenset[str]]:
    """Every fact about the offices, and the item codes the sources cover."""
    facts: list[Fact] = []
    covered: set[str] = set()
    for source in SOURCES:
        covered |= source.covers
        facts.extend(source.facts(office_ids, as_of))
    return facts, frozenset(covered)
