"""Reading consolidation, always through the access chokepoint, each read prefetching what it returns."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Case, CharField, Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhuban.consolidation.ledger import Balance, balance_of, total_of
from zhuban.consolidation.models import (
    CarriedItem,
    CarryOver,
    CountyWindow,
    Disposal,
    Dossier,
    Obligation,
    Placement,
    QuotaRecovery,
    ReportNarrative,
    Settlement,
    TaskKind,
)
from zhuban.consolidation.progress import DONE, Blocker, blockers_of, task_status
from zhuban.decision.models import Decision, Disposition, needing_dossier
from zhuban.lib.todo import Item, Pile, pile
from zhuban.org.access import can, covers_subtree, get_in_scope, own_work, scoped, subtree_in_scope, widest_paths
from zhuban.org.capabilities import Capability
from zhuban.org.models import Jurisdiction, Level, Unit
from zhuban.org.queries import campaign_root, city_paths, nearest_at
from zhuban.policy.queries import settings_by_root_path, settings_for
from zhuban.registry.models import Asset, BusinessEntity, Office, StaffMember

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

ZERO = Decimal("0")


def _full() -> QuerySet[Dossier]:
    """A dossier with everything its sub-tasks and blockers read, in a fixed number of queries."""
    return Dossier.objects.select_related(
        "office__jurisdiction",
        "office__sponsor",
        "office__host_city",
        "decision",
        "survivor",
        "deregistration",
        "quota_recovery",
        "carry_over",
    ).prefetch_related(
        "tasks",
        "evidence",
        Prefetch("office__assets", queryset=Asset.objects.select_related("disposal__evidence").order_by("id")),
        Prefetch("office__staff", queryset=StaffMember.objects.select_related("placement__window").order_by("id")),
        Prefetch(
            "office__obligations",
            queryset=Obligation.objects.prefetch_related("settlements").order_by("kind", "id"),
        ),
        "carry_over__items",
        Prefetch(
            "office__business_entities",
            queryset=BusinessEntity.objects.select_related("decoupling_record").order_by("id"),
        ),
    )


def dossier_full(pk: int) -> Dossier:
    """For services: the whole dossier, whoever asks (access was checked by the caller)."""
    return _full().get(pk=pk)


def dossier_for(user: Any, pk: Any, *, action: str | None = None) -> Dossier:
    """One dossier, fully loaded; 404 out of scope, 403 without ``action`` on it."""
    return get_in_scope(user, _full(), action=action, pk=pk)


@dataclass(frozen=True)
class DossierRow:
    dossier: Dossier
    blockers: list[Blocker]


def dossiers_for(user: User | AnonymousUser, offices: QuerySet[Office]) -> list[DossierRow]:
    """Every dossier of the given (already scoped) offices with what keeps it open."""
    qs = _full().filter(office__in=offices).order_by("status", "office__jurisdiction__path", "office__name")
    return [DossierRow(d, blockers_of(d) if d.status == Dossier.Status.OPEN else []) for d in qs]


def decisions_awaiting_dossier(user: User | AnonymousUser, offices: QuerySet[Office]) -> QuerySet[Decision]:
    """Approved revocations and mergers whose office has no dossier yet."""
    return (
        Decision.objects.filter(
            needing_dossier(),
            office__in=offices,
            office__dossier__isnull=True,
        )
        .select_related("office__jurisdiction", "merge_into")
        .order_by("office__jurisdiction__path", "office__name")
    )


# ---- Asset loss -------------------------------------------------------------------------------

# An asset that left the books without a recorded lawful disposal (国有资产流失): marked disposed
# with no disposal, or still on the books of an office that was revoked or merged.
LOSS = Q(disposal__isnull=True) & (
    Q(status=Asset.Status.DISPOSED) | Q(office__status__in=[Office.Status.REVOKED, Office.Status.MERGED])
)


def asset_losses(offices: QuerySet[Office]) -> QuerySet[Asset]:
    return (
        Asset.objects.filter(office__in=offices)
        .filter(LOSS)
        .select_related("office__jurisdiction")
        .order_by("office__jurisdiction__path", "office__name", "id")
    )


# ---- What a surviving office received ---------------------------------------------------------


@dataclass(frozen=True)
class Received:
    """One merger's hand-over to the surviving office: from whom, and what."""

    carry_over: CarryOver
    assets: list[CarriedItem]
    staff: list[CarriedItem]
    money: list[CarriedItem]

    @property
    def asset_value(self) -> Decimal:
        return sum((i.value or ZERO for i in self.assets), ZERO)

    @property
    def money_value(self) -> Decimal:
        return sum((i.value or ZERO for i in self.money), ZERO)


def received_by(office: Office) -> list[Received]:
    """Every merger carried over to this office, oldest first, with its items (two queries)."""
    out = []
    for carry in (
        CarryOver.objects.filter(survivor=office)
        .select_related("dossier__office")
        .prefetch_related("items")
        .order_by("carried_on", "id")
    ):
        items = list(carry.items.all())
        out.append(
            Received(
                carry,
                [i for i in items if i.item == CarriedItem.Item.ASSET],
                [i for i in items if i.item == CarriedItem.Item.STAFF],
                [i for i in items if i.item == CarriedItem.Item.OBLIGATION],
            )
        )
    return out


# ---- Business entities of retained offices --------------------------------------------------


def tied_entities_of_retained(offices: QuerySet[Office]) -> QuerySet[BusinessEntity]:
    """Hotels, guesthouses and companies not yet decoupled (脱钩) from an office that is kept:
    the office still runs and its current decision (the latest not withdrawn) is an approved
    retention (二(四): retained offices are decoupled from such entities). For the inspection."""
    current = (
        Decision.objects.filter(office=OuterRef("office_id"))
        .exclude(status=Decision.Status.REVOKED)
        .order_by("-recorded_at", "-id")
    )
    return (
        BusinessEntity.objects.filter(office__in=offices, office__status=Office.Status.ACTIVE)
        .exclude(decoupling=BusinessEntity.Decoupling.DECOUPLED)
        .annotate(
            decided=Subquery(current.values("disposition")[:1]),
            decision_status=Subquery(current.values("status")[:1]),
        )
        .filter(decided=Disposition.RETAIN, decision_status=Decision.Status.APPROVED)
        .select_related("office__jurisdiction", "office__host_city", "office__sponsor")
        .order_by("office__jurisdiction__path", "office__name", "name", "id")
    )


# ---- Scope of a report or results page --------------------------------------------------------


def readable_subtree(user: Any, jurisdiction: Jurisdiction, *, action: str | None = None) -> bool:
    """Whether the user sees (or holds ``action`` over) the whole subtree of a jurisdiction (a
    report covers all of it). A department clerk sees their own unit's records, never a whole
    jurisdiction's, so only grants without a unit count."""
    return covers_subtree(user, jurisdiction.path, action=action)


def report_jurisdiction_for(user: Any, pk: Any, *, action: str | None = None) -> Jurisdiction:
    """A jurisdiction whose report the user may read (404 otherwise); 403 without ``action`` over it."""
    return subtree_in_scope(user, pk, action=action)


def offices_within(user: User | AnonymousUser, jurisdiction: Jurisdiction | None) -> QuerySet[Office]:
    qs = scoped(user, Office.objects.all())
    if jurisdiction is not None:
        qs = qs.filter(jurisdiction__path__startswith=jurisdiction.path)
    return qs


def home_jurisdiction(user: User | AnonymousUser) -> Jurisdiction | None:
    """The widest jurisdiction whose whole subtree the user sees (the city for the city bureau)."""
    paths = widest_paths(user)
    if not paths:
        return None
    return Jurisdiction.objects.filter(path=paths[0]).first()


# ---- Figures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssetRow:
    category: str
    category_label: str
    method: str
    method_label: str
    count: int
    book_value: Decimal
    realised_value: Decimal


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class MoneyRow(Balance):
    """One kind of obligation over the offices, reconciled by the ledger."""

    kind: str = ""
    label: str = ""

    @property
    def book(self) -> Decimal:
        return self.amount


@dataclass(frozen=True)
class OfficeCountRow:
    jurisdiction: str
    before: int
    revoked: int
    merged: int
    after: int


@dataclass
class Figures:
    offices_before: int = 0
    offices_after: int = 0
    offices_revoked: int = 0
    offices_merged: int = 0
    office_rows: list[OfficeCountRow] = field(default_factory=list)
    dossiers_open: int = 0
    dossiers_closed: int = 0
    quota_total: int = 0
    posts_recovered: int = 0
    assets_total: int = 0
    assets_disposed: int = 0
    asset_rows: list[AssetRow] = field(default_factory=list)
    staff_total: int = 0
    staff_placed: int = 0
    staff_rows: list[CountRow] = field(default_factory=list)
    money_rows: list[MoneyRow] = field(default_factory=list)
    money_total: Balance = field(default_factory=lambda: total_of([]))
    losses: list[Asset] = field(default_factory=list)

    @property
    def dossiers_total(self) -> int:
        return self.dossiers_open + self.dossiers_closed

    @property
    def asset_book_total(self) -> Decimal:
        return sum((r.book_value for r in self.asset_rows), ZERO)

    @property
    def asset_realised_total(self) -> Decimal:
        return sum((r.realised_value for r in self.asset_rows), ZERO)

    @property
    def loss_book_total(self) -> Decimal:
        return sum((a.book_value for a in self.losses), ZERO)

    @property
    def staff_unplaced(self) -> int:
        return self.staff_total - self.staff_placed

    @property
    def money_remaining(self) -> Decimal:
        return self.money_total.remaining


def method_label(disposal_type: str, channel: str) -> str:
    label = str(Disposal.Type(disposal_type).label)
    if channel:
        label = f"{label}（{Disposal.Channel(channel).label}）"
    return label


def figures(offices: QuerySet[Office]) -> Figures:
    """The consolidation's figures over a set of offices (already scoped), in a fixed number of
    grouped queries whatever the number of offices."""
    f = Figures()
    per_jurisdiction: dict[str, dict[str, Any]] = {}
    for path, name, status, n in (
        offices.values_list("jurisdiction__path", "jurisdiction__name", "status").annotate(n=Count("id")).order_by()
    ):
        row = per_jurisdiction.setdefault(path, {"name": name, **{s: 0 for s in Office.Status.values}})
        row[status] += n
    for path in sorted(per_jurisdiction):
        row = per_jurisdiction[path]
        revoked, merged, active = row[Office.Status.REVOKED], row[Office.Status.MERGED], row[Office.Status.ACTIVE]
        f.office_rows.append(OfficeCountRow(row["name"], revoked + merged + active, revoked, merged, active))
    f.offices_before = sum(r.before for r in f.office_rows)
    f.offices_revoked = sum(r.revoked for r in f.office_rows)
    f.offices_merged = sum(r.merged for r in f.office_rows)
    f.offices_after = sum(r.after for r in f.office_rows)

    dossiers = Dossier.objects.filter(office__in=offices)
    counts = dict(dossiers.values_list("status").annotate(n=Count("id")).order_by())
    f.dossiers_open = counts.get(Dossier.Status.OPEN, 0)
    f.dossiers_closed = counts.get(Dossier.Status.CLOSED, 0)
    f.quota_total = offices.filter(dossier__isnull=False).aggregate(n=Sum("staffing_quota"))["n"] or 0
    f.posts_recovered = (
        QuotaRecovery.objects.filter(dossier__office__in=offices).aggregate(n=Sum("posts_recovered"))["n"] or 0
    )

    under = offices.filter(dossier__isnull=False)
    f.assets_total = Asset.objects.filter(office__in=under).count()
    disposals = Disposal.objects.filter(asset__office__in=under)
    f.assets_disposed = disposals.count()
    categories = dict(Asset.Category.choices)
    for category, dtype, channel, n, book, realised in (
        disposals.values_list("asset__category", "disposal_type", "channel")
        .annotate(
            n=Count("id"),
            book=Sum("book_value"),
            realised=Sum("price"),
        )
        .order_by("asset__category", "disposal_type", "channel")
    ):
        f.asset_rows.append(
            AssetRow(
                category=category,
                category_label=str(categories[category]),
                method=f"{dtype}:{channel}" if channel else dtype,
                method_label=method_label(dtype, channel),
                count=n,
                book_value=book or ZERO,
                realised_value=realised or ZERO,
            )
        )

    f.staff_total = StaffMember.objects.filter(office__in=under).count()
    placed = dict(
        Placement.objects.filter(staff__office__in=under).values_list("destination").annotate(n=Count("id")).order_by()
    )
    f.staff_placed = sum(placed.values())
    f.staff_rows = [CountRow(key, str(label), placed.get(key, 0)) for key, label in Placement.Destination.choices]

    obligations = Obligation.objects.filter(office__in=under)
    book = dict(obligations.values_list("kind").annotate(s=Sum("amount")).order_by())
    # Grouped by receiving unit too, so the ledger can tell a transfer from a settlement and
    # name who took what (a handful of units, not one row per settlement).
    settlements: dict[str, list[tuple[str, Decimal, str]]] = {}
    for kind, method, unit, s in (
        Settlement.objects.filter(obligation__in=obligations)
        .values_list("obligation__kind", "method", "transferred_to")
        .annotate(s=Sum("amount"))
        .order_by()
    ):
        settlements.setdefault(kind, []).append((method, s, unit))
    for kind, label in Obligation.Kind.choices:
        if kind not in book:
            continue
        balance = balance_of(book[kind] or ZERO, settlements.get(kind, []))
        f.money_rows.append(MoneyRow(**vars(balance), kind=kind, label=str(label)))
    f.money_total = total_of(f.money_rows)

    f.losses = list(asset_losses(offices))
    return f


# ---- County windows ---------------------------------------------------------------------------


def window_cap(jurisdiction: Jurisdiction) -> int:
    return settings_for(campaign_root(jurisdiction)).county_window_cap


def general_office_of(jurisdiction: Jurisdiction) -> Unit | None:
    return Unit.objects.filter(jurisdiction=jurisdiction, function=Unit.Function.GENERAL_OFFICE).first()


def revoked_wuhan_office(jurisdiction: Jurisdiction) -> Office | None:
    """The county government's office in the home capital that was revoked (or whose revocation
    was approved), if any: the condition for a county window (三(二)2)."""
    capital = settings_for(campaign_root(jurisdiction)).home_capital
    return _revoked_in_home_capital(Office.objects.filter(jurisdiction=jurisdiction, host_city__name=capital)).first()


def _revoked_in_home_capital(offices: QuerySet[Office]) -> QuerySet[Office]:
    return (
        offices.filter(sponsor__kind=Unit.Kind.GOVERNMENT)
        .filter(
            Q(status=Office.Status.REVOKED)
            | Q(decisions__status=Decision.Status.APPROVED, decisions__disposition=Disposition.REVOKE)
        )
        .order_by("id")
    )


def window_refusal(jurisdiction: Jurisdiction) -> str | None:
    """Why this jurisdiction may not apply for a window, or None when it may."""
    return window_refusals([jurisdiction])[jurisdiction.pk]


def window_refusals(jurisdictions: Collection[Jurisdiction]) -> dict[int, str | None]:
    """Why each of these jurisdictions may not apply for a window (None when it may), by id, in
    four queries however many they are: the city-level paths (each one's campaign root), the
    roots' settings, the revoked offices in the home capitals, the general offices."""
    cities = city_paths()
    root_of = {j.pk: nearest_at(j.path, cities) or j.path for j in jurisdictions}
    settings = settings_by_root_path(set(root_of.values()))
    counties = [j for j in jurisdictions if j.level == Level.COUNTY]
    capitals = {settings[root_of[j.pk]].home_capital for j in counties}
    revoked = {
        (jurisdiction_id, city)
        for jurisdiction_id, city in _revoked_in_home_capital(
            Office.objects.filter(jurisdiction__in=counties, host_city__name__in=capitals)
        ).values_list("jurisdiction_id", "host_city__name")
    }
    general_offices = set(
        Unit.objects.filter(jurisdiction__in=counties, function=Unit.Function.GENERAL_OFFICE).values_list(
            "jurisdiction_id", flat=True
        )
    )
    out: dict[int, str | None] = {}
    for j in jurisdictions:
        own = settings[root_of[j.pk]]
        if j.level != Level.COUNTY:
            out[j.pk] = _("只有县（市、区）可以申请在驻汉群众工作办公室设立工作窗口。")
        elif j.kind == Jurisdiction.Kind.DEVELOPMENT_ZONE and not own.development_zone_window:
            out[j.pk] = _("按当前政策设置，开发区不能申请工作窗口。")
        elif (j.pk, own.home_capital) not in revoked:
            out[j.pk] = _("%(county)s驻武汉办事机构尚未撤销（须有已批准的撤销决定），不能申请工作窗口。") % {
                "county": j.name
            }
        elif j.pk not in general_offices:
            out[j.pk] = _("未找到%(county)s的政府办公室，工作窗口的编制无处隶属。") % {"county": j.name}
        else:
            out[j.pk] = None
    return out


def windows_for(user: User | AnonymousUser) -> QuerySet[CountyWindow]:
    return (
        scoped(user, CountyWindow.objects.all())
        .select_related("jurisdiction", "general_office")
        .prefetch_related("members")
        .order_by("jurisdiction__path", "-id")
    )


def window_for(user: Any, pk: Any, *, action: str | None = None) -> CountyWindow:
    return get_in_scope(
        user,
        CountyWindow.objects.select_related("jurisdiction", "general_office").prefetch_related("members__staff"),
        action=action,
        pk=pk,
    )


def narrative_of(jurisdiction: Jurisdiction) -> ReportNarrative | None:
    return ReportNarrative.objects.filter(jurisdiction=jurisdiction).first()


# ---- Counts for other pages --------------------------------------------------------------------

CONSOLIDATION_STATES = (
    ("none", gettext_lazy("未开立整合档案")),
    ("open", gettext_lazy("整合中")),
    ("closed", gettext_lazy("整合已办结")),
)


def offices_by_consolidation_state(offices: QuerySet[Office], as_of: date) -> list[tuple[str, str, int]]:
    """The given (already scoped) offices by where their dossier stood on the date: none yet,
    under way, closed; (value, label, count) in that order. One grouped query."""
    state = Case(
        When(dossier__closed_on__lte=as_of, then=Value("closed")),
        # A dossier is under way from its decision's approval (an approval recorded afterwards,
        # as the demo's story records them, opens it as of its date).
        When(
            Q(dossier__opened_at__date__lte=as_of) | Q(dossier__decision__city_approved_on__lte=as_of),
            then=Value("open"),
        ),
        default=Value("none"),
        output_field=CharField(),
    )
    counts = dict(offices.annotate(state=state).order_by().values_list("state").annotate(n=Count("id")))
    return [(value, str(label), counts.get(value, 0)) for value, label in CONSOLIDATION_STATES]


# ---- The home page's to-do (zhuban.desk) --------------------------------------------------------


def todo_for(user: Any, today: date) -> list[Pile]:
    """Approved revocations and mergers waiting for their dossier (for whoever opens them), and
    the sub-tasks not yet done of the open dossiers of the user's own jurisdiction, by their
    time limit. A fixed number of queries: the dossiers are read whole once (``_full``)."""
    piles: list[Pile | None] = []
    if can(user, Capability.CONSOLIDATION_OPEN):
        waiting = (
            scoped(
                user,
                Decision.objects.filter(needing_dossier(), office__dossier__isnull=True),
                action=Capability.CONSOLIDATION_OPEN,
            )
            .order_by("city_approved_on", "id")
            .values_list("pk", "office__name", "office__jurisdiction__name", "city_approved_on")
        )
        piles.append(
            pile(
                "consolidation.open",
                gettext_lazy("待开立整合档案的决定"),
                [
                    Item(name, reverse("consolidation:dossier_open", args=[pk]), note=where)
                    for pk, name, where, _d in waiting
                ],
                url=reverse("consolidation:results"),
            )
        )
    if can(user, Capability.CONSOLIDATION_RECORD):
        dossiers = own_work(
            user, _full().filter(status=Dossier.Status.OPEN), action=Capability.CONSOLIDATION_RECORD
        ).order_by("office__name")
        items = []
        for dossier in dossiers:
            blockers = blockers_of(dossier)
            tasks = {t.kind: t for t in dossier.tasks.all()}
            for kind in dossier.task_kinds:
                if task_status(dossier, kind, blockers) == DONE:
                    continue
                task = tasks.get(kind)
                items.append(
                    Item(
                        dossier.office.name,
                        f"{dossier.get_absolute_url()}#task-{kind}",
                        due_on=task.due_on if task else None,
                        note=str(TaskKind(kind).label) + (f" · {task.owner}" if task else ""),
                    )
                )
        piles.append(
            pile(
                "consolidation.tasks",
                gettext_lazy("未完成的整合子任务"),
                items,
                url=reverse("consolidation:results"),
                today=today,
            )
        )
    return [p for p in piles if p is not None]
