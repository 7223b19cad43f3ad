"""Checking 附表一 rows against the registry: every value read, every row validated with the
model's ``full_clean()``, and compared with what is stored. Writes nothing.

Rows are checked one by one as they are read. What they would write (offices to create and
update, units and business entities to add) is handed on in batches to a writer, if one is given;
the ``Plan`` keeps an outcome per row (new, changed with old → new, unchanged, error), every
error and notice, and a digest of it all. The service writes only when no row has an error, and
at a commit only when the digest is the one the user previewed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from zhuban.audit.services import jsonable
from zhuban.lib import cells
from zhuban.lib.cells import CellError, as_read
from zhuban.org.models import Jurisdiction, Unit
from zhuban.registry.models import BusinessEntity, Office
from zhuban.registry.services import OFFICE_FIELDS
from zhuban.workbook.layout import BY_KEY, CHOICE_TABLES, HEADERS, LEVELS, UNIT_KINDS, Column
from zhuban.workbook.messages import Problem
from zhuban.workbook.queries import ImportScope, Lookups
from zhuban.workbook.reading import SheetData, SourceRow

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"
# Checked by construction (each comes from a pre-loaded lookup), so full_clean() need not ask the
# database about each of them on every row.
RELATED = ["sponsor", "jurisdiction", "host_province", "host_city"]
# What the table may change on a stored office: its identity (设立单位 + 机构名称) never changes,
# and its status is the consolidation's business, not the table's.
UPDATABLE = tuple(f for f in OFFICE_FIELDS if f not in {"name", "sponsor", "status"})
# The column a model field's error is reported under.
FIELD_COLUMN = {f: f for f in OFFICE_FIELDS} | {"established_precision": "established_on", "jurisdiction": "government"}
LEVEL_LABELS = {code: label for label, code in reversed(LEVELS)}
KIND_LABELS = {code: label for label, code in reversed(UNIT_KINDS)}
ENTITY_NAME_MAX = cast(int, BusinessEntity._meta.get_field("name").max_length)  # a CharField: never None


@dataclass
class RowOutcome:
    row: int
    status: str
    name: str
    sponsor: str
    new_sponsor: bool = False
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (header, old, new)


@dataclass
class NewUnit:
    unit: Unit
    row: int

    def stored(self) -> dict[str, Any]:
        return {
            "name": self.unit.name,
            "jurisdiction": self.unit.jurisdiction.name,
            "kind": KIND_LABELS[self.unit.kind],
            "row": self.row,
        }


@dataclass
class Update:
    office: Office
    fields: list[str]
    before: dict[str, Any]  # the changed fields' stored values, as the audit trail writes them
    row: int


@dataclass
class Batch:
    """What a run of rows writes: the writer takes batches as the rows are checked, so memory
    holds one batch of offices, not the whole table."""

    units: list[Unit] = field(default_factory=list)  # new units first named in these rows
    creates: list[Office] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    entities: list[tuple[Office, str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.creates) + len(self.updates) + len(self.entities) + len(self.units)


@dataclass
class Plan:
    outcomes: list[RowOutcome] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    new_units: dict[tuple[int, str], NewUnit] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # What a commit must reproduce: every outcome, new unit and entity, and the stored versions
    # compared against. A change by someone else since the preview changes it.
    _hash: Any = field(default_factory=hashlib.sha256, repr=False)

    def note(self, *parts: Any) -> None:
        self._hash.update(repr(parts).encode("utf-8"))

    @property
    def digest(self) -> str:
        return self._hash.hexdigest()


Writer = Callable[[Batch], None]
BATCH_ROWS = 1000  # rows checked before their batch is written: bounds memory, keeps statements large


def check_sheet(
    sheet: SheetData,
    lookups: Lookups,
    scope: ImportScope,
    *,
    write: Writer | None = None,
    batch_size: int | None = None,
) -> Plan:
    """Check every row of ``sheet``; all errors go into ``plan.errors`` (nothing is raised but a
    ``WorkbookRejected`` past the row limit).

    With ``write``, each batch of checked rows is handed to it, as long as no row so far has an
    error; the caller's transaction is rolled back when ``plan.errors`` ends up non-empty.
    """
    plan = Plan()
    if sheet.missing:
        plan.errors += [Problem("missing_column", row=sheet.header_row, column=HEADERS[k]) for k in sheet.missing]
        plan.notices = list(sheet.notices)
        return plan
    checker = _Checker(sheet, lookups, scope, plan)
    batch_size = batch_size or BATCH_ROWS
    for row in sheet.rows:
        checker.check(row)
        if len(checker.batch) >= batch_size:
            checker.flush(write)
    checker.flush(write)
    plan.notices = list(sheet.notices) + plan.notices
    return plan


class _Checker:
    def __init__(self, sheet: SheetData, lookups: Lookups, scope: ImportScope, plan: Plan) -> None:
        self.batch = Batch()
        self.lookups = lookups
        self.scope = scope
        self.plan = plan
        self.columns = [BY_KEY[k] for k in sheet.columns if k != "seq"]
        present = set(sheet.columns)
        self.updatable = [f for f in UPDATABLE if FIELD_COLUMN[f] in present]
        # A forward field by name; get_field is typed to return reverse relations too.
        self.attnames = [(f, Office._meta.get_field(f).attname) for f in self.updatable]  # type: ignore[union-attr]
        self.entities = "business_entities" in present
        self.seen: dict[tuple[int, str, str], int] = {}  # (jurisdiction, sponsor, name) → first row
        self.provinces_by_id = {p.pk: p for p in lookups.provinces.values()}
        self.cities_by_id = {c.pk: c for c in lookups.cities.values()}

    def flush(self, write: Writer | None) -> None:
        """Hand the batch to the writer; after the first error nothing more is written (the
        transaction will be rolled back), but rows are still checked so every error is reported."""
        if write is not None and not self.plan.errors and len(self.batch):
            write(self.batch)
        self.batch = Batch()

    # ---- one row ----------------------------------------------------------------------------

    def check(self, row: SourceRow) -> None:
        errors: list[Problem] = []
        values = self._read(row, errors)
        government = self._government(row, values, errors)
        sponsor = self._sponsor(row, values, government, errors) if government else None
        province, city = self._place(row, values, errors)
        name = values.get("name", "")
        if errors or sponsor is None or province is None or city is None:
            self._fail(row, name, values.get("sponsor", ""), errors)
            return
        key = (sponsor.jurisdiction_id, sponsor.name, name)
        if key in self.seen:
            errors.append(
                Problem(
                    "duplicate", row=row.excel_row, column=HEADERS["name"], value=name, params={"first": self.seen[key]}
                )
            )
            self._fail(row, name, sponsor.name, errors)
            return
        self.seen[key] = row.excel_row
        stored = self.lookups.offices.get((sponsor.pk, name)) if sponsor.pk else None
        office = self._office(values, stored, sponsor, province, city)
        self._validate(row, office, errors)
        added = self._entities(row, values, stored, errors)
        if errors:
            self._fail(row, name, sponsor.name, errors)
            return
        new_sponsor = (sponsor.jurisdiction_id, sponsor.name) in self.plan.new_units
        outcome = RowOutcome(row=row.excel_row, status=NEW, name=name, sponsor=sponsor.name, new_sponsor=new_sponsor)
        if stored is None:
            self.batch.creates.append(office)
            self.plan.created += 1
        else:
            self.plan.note("version", stored["id"], stored["version"])
            changed = [f for f, attname in self.attnames if getattr(office, attname) != stored[attname]]
            # A date's precision is shown with the date: 2010-03-01 → 2010年3月 is one change.
            shown = dict.fromkeys("established_on" if f == "established_precision" else f for f in changed)
            outcome.changes = [self._change(f, stored, office) for f in shown]
            if added:
                old = self.lookups.entities.get(stored["id"], [])
                outcome.changes.append((HEADERS["business_entities"], "、".join(old), "、".join(old + added)))
            if changed:
                before = {f: self._stored_snapshot(f, a, stored) for f, a in self.attnames if f in changed}
                self.batch.updates.append(Update(office=office, fields=changed, before=before, row=row.excel_row))
            if outcome.changes and stored["status"] != Office.Status.ACTIVE:
                # Its dossier closed (or it was registered as gone): the record is read-only, and
                # a late entity could never be decoupled.
                self._fail(row, name, sponsor.name, [Problem("office_closed", row=row.excel_row, value=name)])
                return
            if outcome.changes:
                outcome.status = CHANGED
                self.plan.updated += 1
            else:
                outcome.status = UNCHANGED
                self.plan.unchanged += 1
        self.batch.entities += [(office, entity) for entity in added]
        self._record(outcome, added)

    def _record(self, outcome: RowOutcome, added: list[str]) -> None:
        self.plan.outcomes.append(outcome)
        self.plan.note(outcome.row, outcome.status, outcome.name, outcome.sponsor, outcome.new_sponsor, outcome.changes)
        if added:
            self.plan.note("entities", added)

    def _fail(self, row: SourceRow, name: str, sponsor: str, errors: list[Problem]) -> None:
        self.plan.errors += errors
        self._record(RowOutcome(row=row.excel_row, status=ERROR, name=name, sponsor=str(sponsor)), [])

    # ---- reading the cells ----------------------------------------------------------------------

    def _read(self, row: SourceRow, errors: list[Problem]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for column in self.columns:
            raw = row.cells.get(column.key)
            if column.key in row.formulas:
                errors.append(_problem("formula", row, column, row.formulas[column.key]))
                continue
            try:
                value = READERS[column.kind](raw, column)
            except CellError as exc:
                errors.append(_cell_problem(row, column, raw, exc))
                continue
            if column.required and (value is None or value == ""):
                errors.append(_problem("required", row, column, raw))
                continue
            values[column.key] = value
        return values

    # ---- who and where --------------------------------------------------------------------------

    def _government(self, row: SourceRow, values: dict[str, Any], errors: list[Problem]) -> Jurisdiction | None:
        if "government" not in values:
            return None
        column = BY_KEY["government"]
        government = self.lookups.jurisdictions.get(values["government"])
        if government is None:
            errors.append(_problem("government", row, column, values["government"]))
            return None
        if not government.path.startswith(self.scope.jurisdiction.path):
            errors.append(
                _problem("out_of_scope", row, column, values["government"], jurisdiction=self.scope.jurisdiction.name)
            )
            return None
        level = values.get("sponsor_level")
        if level is not None and level != government.level:
            errors.append(
                _problem(
                    "level_mismatch",
                    row,
                    BY_KEY["sponsor_level"],
                    row.cells.get("sponsor_level"),
                    government=government.name,
                    level=LEVEL_LABELS[government.level],
                )
            )
        return government

    def _sponsor(
        self, row: SourceRow, values: dict[str, Any], government: Jurisdiction, errors: list[Problem]
    ) -> Unit | None:
        name = values.get("sponsor")
        if not name:
            return None
        column = BY_KEY["sponsor"]
        kind = values.get("sponsor_kind")
        unit = self.lookups.units.get((government.pk, name))
        writable = self.scope.writable_unit_ids
        if writable is not None and (unit is None or unit.pk not in writable):
            # One answer for a unit registered here, one registered elsewhere and a name registered
            # nowhere (nor its kind): a clerk who acts for one unit learns nothing of the others.
            errors.append(_problem("sponsor_not_own", row, column, name))
            return None
        if unit is not None:
            if kind is not None and kind != unit.kind:
                errors.append(
                    _problem(
                        "kind_mismatch",
                        row,
                        BY_KEY["sponsor_kind"],
                        row.cells.get("sponsor_kind"),
                        sponsor=unit.name,
                        kind=KIND_LABELS[unit.kind],
                    )
                )
            return unit
        other = self._owner_elsewhere(name, government)
        if other is not None:
            errors.append(
                _problem("sponsor_elsewhere", row, column, name, other=other.name, government=government.name)
            )
            return None
        if not self.scope.may_create_units:
            errors.append(_problem("sponsor_new_not_allowed", row, column, name))
            return None
        if kind is None:
            return None  # 设立单位类别 is required: its own error is already reported
        return self._new_unit(row, name, kind, government, errors)

    def _owner_elsewhere(self, name: str, government: Jurisdiction) -> Jurisdiction | None:
        """The jurisdiction an unknown sponsor evidently belongs to, when it is not ``government``:
        a unit of that name is registered there, or the name starts with that jurisdiction's."""
        for unit in self.lookups.units_by_name.get(name, ()):
            if unit.jurisdiction_id != government.pk:
                return unit.jurisdiction
        for prefix, jurisdiction in self.lookups.jurisdiction_names:
            if name.startswith(prefix):
                return None if jurisdiction.pk == government.pk else jurisdiction
        return None

    def _new_unit(
        self, row: SourceRow, name: str, kind: str, government: Jurisdiction, errors: list[Problem]
    ) -> Unit | None:
        key = (government.pk, name)
        known = self.plan.new_units.get(key)
        column = BY_KEY["sponsor"]
        if known is not None:
            if known.unit.kind != kind:
                errors.append(
                    _problem(
                        "kind_mismatch",
                        row,
                        BY_KEY["sponsor_kind"],
                        row.cells.get("sponsor_kind"),
                        sponsor=name,
                        kind=KIND_LABELS[known.unit.kind],
                    )
                )
            return known.unit
        existing_government = self.lookups.governments.get(government.pk)
        if kind == Unit.Kind.GOVERNMENT and existing_government is not None:
            errors.append(
                _problem(
                    "second_government",
                    row,
                    column,
                    name,
                    government=government.name,
                    existing=existing_government.name,
                )
            )
            return None
        unit = Unit(name=name, kind=kind, jurisdiction=government)
        try:
            unit.full_clean(exclude=["jurisdiction"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors.append(_problem("invalid", row, column, name, detail=_detail(exc)))
            return None
        self.plan.new_units[key] = NewUnit(unit=unit, row=row.excel_row)
        self.plan.note("unit", government.pk, name, kind)
        self.batch.units.append(unit)
        return unit

    def _place(self, row: SourceRow, values: dict[str, Any], errors: list[Problem]):
        province = city = None
        if "host_province" in values:
            province = self.lookups.provinces.get(values["host_province"])
            if province is None:
                errors.append(_problem("province", row, BY_KEY["host_province"], values["host_province"]))
        if "host_city" in values and province is not None:
            name = values["host_city"]
            city = self.lookups.cities.get((province.pk, name))
            if city is None:
                code = "city" if name in self.lookups.city_provinces else "city_unknown"
                errors.append(_problem(code, row, BY_KEY["host_city"], name, province=province.name))
        return province, city

    # ---- the office -----------------------------------------------------------------------------

    def _office(self, values, stored, sponsor: Unit, province, city) -> Office:
        office = Office(**stored) if stored is not None else Office()
        office.name = values["name"]
        office.sponsor = sponsor
        office.jurisdiction = sponsor.jurisdiction
        office.host_province = province
        office.host_city = city
        for key, value in values.items():
            if key == "established_on":
                office.established_on, office.established_precision = value
            elif key in PLAIN_FIELDS:
                setattr(office, key, value)
        return office

    def _validate(self, row: SourceRow, office: Office, errors: list[Problem]) -> None:
        try:
            office.full_clean(exclude=RELATED, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                detail = "；".join(messages)
                key = FIELD_COLUMN.get(field_name)
                if field_name == NON_FIELD_ERRORS or key not in BY_KEY:
                    errors.append(Problem("row_invalid", row=row.excel_row, params={"detail": detail}))
                else:
                    errors.append(_problem("invalid", row, BY_KEY[key], row.cells.get(key), detail=detail))

    def _entities(self, row: SourceRow, values, stored, errors: list[Problem]) -> list[str]:
        """Business entities to add. The table never deletes one: those it omits get a notice."""
        if not self.entities:
            return []
        names = values.get("business_entities", [])
        column = BY_KEY["business_entities"]
        for name in names:
            if len(name) > ENTITY_NAME_MAX:
                errors.append(_problem("entity_too_long", row, column, name, max=ENTITY_NAME_MAX))
        known = self.lookups.entities.get(stored["id"], []) if stored else []
        for name in known:
            if name not in names:
                self.plan.notices.append(Problem("entity_kept", row=row.excel_row, column=column.header, value=name))
        return [n for n in names if n not in known]

    def _change(self, field_name: str, stored: dict[str, Any], office: Office) -> tuple[str, str, str]:
        column = BY_KEY[FIELD_COLUMN[field_name]]
        if field_name == "established_on":
            old = display_date(stored["established_on"], stored["established_precision"])
            new = display_date(office.established_on, office.established_precision)
        else:
            # A forward field by name; get_field is typed to return reverse relations too.
            attname = Office._meta.get_field(field_name).attname  # type: ignore[union-attr]
            old = self._display(column, stored[attname])
            new = self._display(column, getattr(office, attname))
        return column.header, old, new

    def _stored_snapshot(self, field_name: str, attname: str, stored: dict[str, Any]) -> Any:
        """A stored value as ``zhuban.audit.services.snapshot`` writes it into the trail."""
        value = stored[attname]
        if field_name == "host_province":
            return {"id": value, "label": self.provinces_by_id[value].name}
        if field_name == "host_city":
            return {"id": value, "label": self.cities_by_id[value].name}
        return jsonable(value)

    def _display(self, column: Column, value: Any) -> str:
        if column.key == "host_province":
            return self.provinces_by_id[value].name if value else ""
        if column.key == "host_city":
            return self.cities_by_id[value].name if value else ""
        return display(column, value)


# Fields a cell's value is assigned to as it is (the places are resolved to instances above).
PLAIN_FIELDS = frozenset(UPDATABLE) - {"host_province", "host_city", "established_on"}


def display(column: Column, value: Any) -> str:
    """A stored value as 附表一 writes it (choices by their table label, 是/否, plain decimals)."""
    if value is None or value == "":
        return ""
    if column.choices:
        return column.export_labels.get(value, str(value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def display_date(value, precision: str) -> str:
    if value is None:
        return ""
    if precision == Office.DatePrecision.MONTH:
        return f"{value.year}年{value.month}月"
    return value.isoformat()


def _problem(code: str, row: SourceRow, column: Column, raw: Any, **params: Any) -> Problem:
    return Problem(code, row=row.excel_row, column=column.header, value=as_read(raw), params=params)


def _cell_problem(row: SourceRow, column: Column, raw: Any, exc: CellError) -> Problem:
    params = dict(exc.params)
    if exc.code == "choice":
        params["choices"] = "、".join(column.drop_down)
    return _problem(exc.code, row, column, raw, **params)


def _detail(exc: ValidationError) -> str:
    return "；".join(m for messages in exc.message_dict.values() for m in messages)


def _text(raw: Any, column: Column) -> str:
    return cells.text(raw)


def _decimal(raw: Any, column: Column) -> Decimal | None:
    number = cells.decimal(raw, units=column.units)
    return cells.quantize_float(number, 2) if isinstance(raw, float) else number


READERS = {
    "text": _text,
    "paragraph": lambda raw, column: cells.paragraph(raw),
    "phone": _text,
    "sponsor": _text,
    "government": _text,
    "province": _text,
    "city": _text,
    "document": lambda raw, column: cells.document_number(raw),
    "choice": lambda raw, column: cells.choice(raw, CHOICE_TABLES[column.key]) or "",
    "whole": lambda raw, column: cells.whole_number(raw, units=column.units),
    "decimal": _decimal,
    "date": lambda raw, column: cells.calendar_date(raw),
    "yes_no": lambda raw, column: cells.yes_no(raw),
    "entities": lambda raw, column: cells.name_list(raw),
}
