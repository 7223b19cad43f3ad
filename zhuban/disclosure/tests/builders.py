"""Records the disclosure tests speak of: the city's retained Wuhan office, its reception
accounts (oversight's budget lines), receptions from a stand-in provider, and disclosures in
every state."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zhuban.disclosure import queries, services
from zhuban.disclosure.models import Disclosure
from zhuban.oversight import services as oversight
from zhuban.oversight.models import BudgetLine
from zhuban.oversight.tests.builders import CHANGSHA, WUHAN, retained
from zhuban.registry.models import Office
from zhuban.testing.personas import ensure_persona

__all__ = ["CHANGSHA", "WUHAN", "FakeReceptions", "Reception", "retained"]


@dataclass
class Reception:
    """One reception as the reception records would keep it, names and all."""

    office_id: int
    year: int
    visitors: list[str]
    meals: int  # fen
    lodging: int = 0
    transport: int = 0
    other: int = 0
    venue: str = "市机关食堂"


@dataclass
class FakeReceptions:
    """A stand-in for the reception records' provider: it keeps receptions with the visitors'
    names and answers the hook with the year's figures only (what the real one must do)."""

    receptions: list[Reception] = field(default_factory=list)

    def add(self, office: Office, year: int, visitors: list[str], meals: int, **more: Any) -> Reception:
        reception = Reception(office.pk, year, visitors, meals, **more)
        self.receptions.append(reception)
        return reception

    def __call__(self, year: int, office_ids: list[int]) -> dict[int, dict[str, Any]]:
        out: dict[int, dict[str, Any]] = {}
        for r in self.receptions:
            if r.year != year or r.office_id not in office_ids:
                continue
            row = out.setdefault(
                r.office_id,
                {"receptions": 0, "visitors": 0, "meals": 0, "lodging": 0, "transport": 0, "other": 0, "venues": set()},
            )
            row["receptions"] += 1
            row["visitors"] += len(r.visitors)
            for item in ("meals", "lodging", "transport", "other"):
                row[item] += getattr(r, item)
            row["venues"].add(r.venue)
        for row in out.values():
            row["total"] = row["meals"] + row["lodging"] + row["transport"] + row["other"]
            row["venues"] = sorted(row["venues"])
        return out


def accounts(office: Office, year: int, budget: str = "80000", final: str | None = "86500") -> BudgetLine:
    """The office's reception budget and final accounts for the year (in 元), through oversight."""
    staff = ensure_persona("liaison_staff")
    line = oversight.budget_set(actor=staff, office=office, year=year, category="reception", amount=Decimal(budget))
    if final is not None:
        line = oversight.accounts_record(
            actor=staff, office=office, year=year, category="reception", amount=Decimal(final)
        )
    return line


def drafted(office: Office | None = None, year: int = 2016) -> Disclosure:
    return services.disclosure_draft(actor=ensure_persona("liaison_staff"), office=office or retained(), year=year)


def submitted(office: Office | None = None, year: int = 2016) -> Disclosure:
    return services.disclosure_submit(actor=ensure_persona("liaison_staff"), disclosure=drafted(office, year))


def reviewed(office: Office | None = None, year: int = 2016) -> Disclosure:
    return services.disclosure_review(
        actor=ensure_persona("city_officer"), disclosure=submitted(office, year), accept=True, comments="数据核对无误"
    )


def approved(office: Office | None = None, year: int = 2016) -> Disclosure:
    return services.disclosure_approve(actor=ensure_persona("city_officer"), disclosure=reviewed(office, year))


def publish(disclosure: Disclosure) -> Disclosure:
    """An open version taken through review and approval to publication."""
    city, staff = ensure_persona("city_officer"), ensure_persona("liaison_staff")
    if disclosure.status == Disclosure.Status.DRAFT:
        disclosure = services.disclosure_submit(actor=staff, disclosure=disclosure)
    if disclosure.status == Disclosure.Status.SUBMITTED:
        disclosure = services.disclosure_review(actor=city, disclosure=disclosure, accept=True)
    if disclosure.status == Disclosure.Status.REVIEWED:
        disclosure = services.disclosure_approve(actor=city, disclosure=disclosure)
    return services.disclosure_publish(actor=city, disclosure=disclosure)


def published(office: Office | None = None, year: int = 2016) -> Disclosure:
    return publish(drafted(office, year))


def corrected(disclosure: Disclosure, reason: str = "补录漏报的一次接待") -> Disclosure:
    """A correction of a published disclosure, drafted and published."""
    correction = services.disclosure_correct(
        actor=ensure_persona("liaison_staff"), disclosure=disclosure, reason=reason
    )
    return publish(correction)


def matrix_args(name: str) -> list[Any]:
    """Arguments for the access matrix: the city's retained Wuhan office and its disclosures."""
    office = retained()
    if name in {"disclosure:draft"}:
        return [office.pk]
    if name == "disclosure:rollup_draft":
        return [office.jurisdiction_id]
    if name in {"disclosure:detail", "disclosure:edit", "disclosure:redraw", "disclosure:submit"}:
        return [drafted(office).pk]
    if name == "disclosure:review":
        return [submitted(office).pk]
    if name == "disclosure:approve":
        return [reviewed(office).pk]
    if name == "disclosure:publish":
        return [approved(office).pk]
    if name == "disclosure:correct":
        return [published(office).pk]
    current = _public_disclosure(office)
    code, year = current.jurisdiction.code, current.year
    if name == "public:year":
        return [code, year]
    if name == "public:office":
        return [code, year, office.pk]
    if name == "public:office_version":
        return [code, year, office.pk, 1]
    if name == "public:rollup_version":
        rollup = Disclosure.objects.filter(office=None, year=year, status="published").first()
        if rollup is None:
            rollup = publish(
                services.disclosure_draft(
                    actor=ensure_persona("city_officer"), jurisdiction=office.jurisdiction, year=year
                )
            )
        return [code, year, rollup.number]
    if name == "public:download":
        return [code, year, "csv"]
    return []


def _public_disclosure(office: Office) -> Disclosure:
    return Disclosure.objects.filter(office=office, status="published").first() or published(office)


def figures(office_id: int, year: int = 2016) -> queries.Figures:
    return queries.figures_of(year, [office_id])
