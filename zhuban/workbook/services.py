"""附表一 imports as business events: check every row, then write all rows or none, with audit entries.

One engine serves the web page and the command line. A preview is a dry run; a commit checks the
rows again inside its transaction and writes only when the plan is the one the user previewed.
A 20,000-row table goes in with bulk writes and ``audit_record_many``: per-row service calls
(``office_register``) would spend a minute on what takes seconds.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.services import AuditItem, audit_record_many, snapshot
from zhuban.lib.xlsx_guard import OLE2_MAGIC, WorkbookRejected
from zhuban.org.actions import Action as OrgAction
from zhuban.org.models import Jurisdiction, Unit
from zhuban.registry.actions import Action as RegistryAction
from zhuban.registry.models import BusinessEntity, Office
from zhuban.registry.services import ENTITY_FIELDS, OFFICE_FIELDS, office_facts_changed
from zhuban.workbook.checking import Batch, Plan, RowOutcome, check_sheet
from zhuban.workbook.messages import Problem
from zhuban.workbook.models import RegistrationUpload
from zhuban.workbook.queries import ImportScope, load_lookups
from zhuban.workbook.reading import SheetData, read_registration

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor

UNIT_FIELDS = ("name", "kind", "jurisdiction")
BATCH = 500


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int
    errors: list[Problem]
    notices: list[Problem]
    rows: list[RowOutcome]
    new_units: list[dict[str, Any]]
    digest: str
    written: bool = False
    # The commit found the registry changed since the preview, and wrote nothing.
    stale: bool = False

    @classmethod
    def of(cls, plan: Plan, *, written: bool = False, stale: bool = False) -> ImportResult:
        return cls(
            created=plan.created,
            updated=plan.updated,
            unchanged=plan.unchanged,
            errors=sorted(plan.errors, key=lambda p: p.row or 0),
            notices=plan.notices,
            rows=plan.outcomes,
            new_units=[u.stored() for u in plan.new_units.values()],
            digest=plan.digest,
            written=written,
            stale=stale,
        )

    def as_json(self) -> dict[str, Any]:
        """The command line's --format json object. Counts are what the rows would do; when
        ``errors`` is not empty nothing was written."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [e.as_json() for e in self.errors],
        }

    def stored(self) -> dict[str, Any]:
        data = asdict(self)
        data["errors"] = [e.stored() for e in self.errors]
        data["notices"] = [n.stored() for n in self.notices]
        return data

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> ImportResult:
        return cls(
            **{
                **data,
                "errors": [Problem(**e) for e in data["errors"]],
                "notices": [Problem(**n) for n in data["notices"]],
                "rows": [RowOutcome(**{**r, "changes": [tuple(c) for c in r["changes"]]}) for r in data["rows"]],
            }
        )


def registration_import(
    *,
    actor: Actor | User,
    jurisdiction: Jurisdiction,
    sheet: SheetData,
    scope: ImportScope | None = None,
    dry_run: bool = False,
    expected_digest: str | None = None,
    source_name: str = "",
) -> ImportResult:
    """Check every row of ``sheet``; unless ``dry_run``, write them all in one transaction, or
    none when any row has an error (or when the plan differs from ``expected_digest``).

    ``scope`` limits the units written to (a clerk's); by default the whole of ``jurisdiction``.
    """
    scope = scope or ImportScope(jurisdiction=jurisdiction)
    if dry_run:
        return ImportResult.of(check_sheet(sheet, load_lookups(scope), scope))
    reason = _("附表一导入：%(file)s") % {"file": source_name} if source_name else ""
    try:
        with transaction.atomic():
            # Rows are written batch by batch as they are checked, inside this one transaction,
            # which is rolled back when any row turns out wrong: all rows or none.
            plan = check_sheet(sheet, load_lookups(scope, lock=True), scope, write=lambda b: _write(actor, b, reason))
            stale = expected_digest is not None and plan.digest != expected_digest
            if plan.errors or stale:
                transaction.set_rollback(True)
                return ImportResult.of(plan, stale=stale and not plan.errors)
    except IntegrityError:
        # Someone registered one of these offices between our check and our insert (PostgreSQL,
        # where the check does not lock out inserts); nothing was written. When nothing changed
        # since the preview, the failure is ours: let it show.
        fresh = read_registration(sheet.path) if sheet.path else sheet  # its rows were read once already
        again = ImportResult.of(check_sheet(fresh, load_lookups(scope), scope), stale=True)
        if again.digest == expected_digest:
            raise
        again.errors = again.errors or [Problem("changed_since_preview")]
        return again
    return ImportResult.of(plan, written=True)


def _write(actor: Actor | User, batch: Batch, reason: str) -> None:
    Unit.objects.bulk_create(batch.units)
    Office.objects.bulk_create(batch.creates, batch_size=BATCH)
    if batch.updates:
        now = timezone.now()
        fields = sorted({f for u in batch.updates for f in u.fields})
        for update in batch.updates:
            update.office.version = F("version") + 1
            update.office.updated_at = now
        Office.objects.bulk_update(
            [u.office for u in batch.updates], [*fields, "version", "updated_at"], batch_size=BATCH
        )
    office_facts_changed([o.jurisdiction_id for o in batch.creates] + [u.office.jurisdiction_id for u in batch.updates])
    entities = [BusinessEntity(office=office, name=name, kind=entity_kind(name)) for office, name in batch.entities]
    BusinessEntity.objects.bulk_create(entities, batch_size=BATCH)
    audit_record_many(actor=actor, items=_audit_items(batch, entities, reason))


def _audit_items(batch: Batch, entities: list[BusinessEntity], reason: str):
    """The same entries the registry's own services write, one per unit, office and entity."""
    for unit in batch.units:
        yield AuditItem(
            OrgAction.UNIT_CREATE,
            unit,
            unit,
            unit.jurisdiction.path,
            unit.pk,
            None,
            snapshot(unit, UNIT_FIELDS),
            reason,
        )
    for office in batch.creates:
        yield _office_item(
            RegistryAction.OFFICE_REGISTER, office, office, None, snapshot(office, OFFICE_FIELDS), reason
        )
    for update in batch.updates:
        after = snapshot(update.office, update.fields)
        yield _office_item(RegistryAction.OFFICE_UPDATE, update.office, update.office, update.before, after, reason)
    for entity in entities:
        yield _office_item(
            RegistryAction.ENTITY_ADD, entity, entity.office, None, snapshot(entity, ENTITY_FIELDS), reason
        )


def _office_item(action: str, obj: Any, office: Office, before, after, reason: str) -> AuditItem:
    """An entry in an office's history, scoped like the office (as registry.services._record)."""
    return AuditItem(action, obj, office, office.jurisdiction.path, office.sponsor_id, before, after, reason)


def entity_kind(name: str) -> str:
    """A business entity's kind, guessed from its name; the office page can correct it."""
    if any(word in name for word in ("宾馆", "酒店", "饭店", "大酒店")):
        return BusinessEntity.Kind.HOTEL
    if "招待所" in name:
        return BusinessEntity.Kind.GUESTHOUSE
    if "公司" in name:
        return BusinessEntity.Kind.COMPANY
    return BusinessEntity.Kind.OTHER


# ---- Uploads: preview, then commit --------------------------------------------------------------


def upload_store(*, user: User, jurisdiction: Jurisdiction, file: UploadedFile) -> RegistrationUpload:
    """Keep an uploaded workbook until its commit, where only ``user`` can reach it.

    Refuses a file over the size limit before storing a byte of it; clears the user's earlier
    uploads and everyone's stale ones.
    """
    if file.size is not None and file.size > settings.REGISTRATION_MAX_BYTES:
        raise WorkbookRejected("too_large", size=file.size, limit=settings.REGISTRATION_MAX_BYTES)
    if not file.size:
        raise WorkbookRejected("empty_file")
    _purge_uploads(user)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    upload = RegistrationUpload(
        owner=user,
        jurisdiction=jurisdiction,
        original_name=(file.name or "")[:200],
        size=file.size,
        sha256=digest.hexdigest(),
        uploaded_at=timezone.now(),
    )
    # Named by what it is (the reader goes by the content all the same).
    old_excel = file.read(8) == OLE2_MAGIC
    file.seek(0)
    upload.file.save("upload.xls" if old_excel else "upload.xlsx", file, save=False)
    upload.save()
    return upload


def upload_preview(*, user: User, upload: RegistrationUpload, scope: ImportScope) -> ImportResult:
    """Read and check the stored workbook; keep the preview on the upload. A file that cannot be
    read is deleted and its ``WorkbookRejected`` raised."""
    try:
        sheet = read_registration(upload.file.path)
        result = registration_import(
            actor=user, jurisdiction=upload.jurisdiction, sheet=sheet, scope=scope, dry_run=True
        )
    except WorkbookRejected:
        upload_discard(upload)
        raise
    upload.preview = result.stored()
    upload.save(update_fields=["preview"])
    return result


class AlreadyCommitted(Exception):
    """The upload was committed by an earlier (or a simultaneous, double-clicked) request."""


@transaction.atomic
def upload_commit(*, user: User, upload: RegistrationUpload, scope: ImportScope) -> ImportResult:
    """Write the previewed rows, if they are still exactly what the preview showed; otherwise
    keep the new preview on the upload for the user to confirm.

    The upload row is locked first, so of two simultaneous commits the second finds it committed
    (SQLite's IMMEDIATE transactions queue the second writer the same way)."""
    upload = RegistrationUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.status != RegistrationUpload.Status.PREVIEWED:
        raise AlreadyCommitted
    sheet = read_registration(upload.file.path)
    result = registration_import(
        actor=user,
        jurisdiction=upload.jurisdiction,
        sheet=sheet,
        scope=scope,
        expected_digest=upload.preview.get("digest"),
        source_name=upload.original_name,
    )
    if result.written:
        # The stored workbook goes only once the rows are safely committed.
        storage, name = upload.file.storage, upload.file.name
        upload.file = None
        transaction.on_commit(lambda: storage.delete(name))
        upload.status = RegistrationUpload.Status.COMMITTED
        # The rows are in the registry and its audit trail now; keep only the counts.
        upload.preview = {k: v for k, v in result.stored().items() if k in {"created", "updated", "unchanged"}}
    else:
        upload.preview = result.stored()
    upload.save()
    return result


def upload_discard(upload: RegistrationUpload) -> None:
    if upload.file:
        upload.file.delete(save=False)
    upload.delete()


def _purge_uploads(user: User) -> None:
    stale = timezone.now() - timedelta(hours=settings.REGISTRATION_UPLOAD_HOURS)
    mine = RegistrationUpload.objects.filter(owner=user, status=RegistrationUpload.Status.PREVIEWED)
    for upload in mine | RegistrationUpload.objects.filter(uploaded_at__lt=stale):
        upload_discard(upload)
