"""What still stands between a dossier and its closing: pure, from records loaded once.

A sub-task is done when its records are complete and it has at least one evidence file; the
dossier closes only when every sub-task is done. Nothing here reads a stored status a user
could have typed: it is all worked out from the disposals, placements, settlements and files.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhuban.consolidation.ledger import Balance, balance_of
from zhuban.consolidation.models import Dossier, Obligation, TaskKind

DONE = "done"
IN_PROGRESS = "in_progress"
NOT_STARTED = "not_started"

STATUS_LABELS = {
    DONE: gettext_lazy("已完成"),
    IN_PROGRESS: gettext_lazy("办理中"),
    NOT_STARTED: gettext_lazy("未开始"),
}


@dataclass(frozen=True)
class Blocker:
    task: str | None  # None: the dossier as a whole
    code: str
    message: str


@dataclass(frozen=True)
class ObligationBalance(Balance):
    """One obligation's balance (zhuban.consolidation.ledger) with what the dossier page shows."""

    id: int = 0
    kind: str = ""
    counterparty: str = ""

    @property
    def kind_label(self) -> str:
        return str(Obligation.Kind(self.kind).label)

    @property
    def is_open(self) -> bool:
        if self.kind == Obligation.Kind.BANK_ACCOUNT:
            return not self.closed or self.remaining != 0
        return self.remaining != 0


def balances_of(dossier: Dossier) -> list[ObligationBalance]:
    """Each obligation's book amount against what was settled; expects settlements prefetched."""
    out = []
    for o in dossier.office.obligations.all():
        balance = balance_of(o.amount, [(s.method, s.amount, s.transferred_to) for s in o.settlements.all()])
        out.append(ObligationBalance(**vars(balance), id=o.pk, kind=o.kind, counterparty=o.counterparty))
    return out


def blockers_of(dossier: Dossier) -> list[Blocker]:
    """Everything that keeps the dossier open. Expects the dossier from ``queries.dossier_full``
    (office with assets, staff and obligations, the sub-task records and the evidence prefetched)."""
    office = dossier.office
    out: list[Blocker] = []
    decision = dossier.decision
    if decision.status != "approved":
        out.append(Blocker(None, "decision_not_current", _("处置决定已作废或尚未批准，须按现行有效的决定办理。")))
    elif office.version > decision.office_version:
        out.append(
            Blocker(None, "decision_needs_reapproval", _("处置决定作出后机构登记信息已修改，须重新报批后方可办结。"))
        )
    evidence = {e.task for e in dossier.evidence.all()}

    if not _has(dossier, "deregistration"):
        out.append(Blocker(TaskKind.DEREGISTRATION, "deregistration_missing", _("尚未录入注销机关、注销日期和文号。")))
    if not _has(dossier, "quota_recovery"):
        out.append(Blocker(TaskKind.QUOTA, "quota_missing", _("尚未录入编办确认的收回编制数。")))

    for asset in office.assets.all():
        if not _has(asset, "disposal"):
            out.append(
                Blocker(
                    TaskKind.ASSETS,
                    "asset_undisposed",
                    _("资产“%(asset)s”（账面价值%(value)s元）尚未处置。") % {"asset": asset, "value": asset.book_value},
                )
            )

    for b in balances_of(dossier):
        if b.kind == Obligation.Kind.BANK_ACCOUNT and not b.closed:
            out.append(
                Blocker(
                    TaskKind.MONEY,
                    "bank_account_open",
                    _("银行账户“%(account)s”尚未销户（余额%(remaining)s元）。")
                    % {"account": b.counterparty, "remaining": b.remaining},
                )
            )
        elif b.remaining != 0:
            out.append(
                Blocker(
                    TaskKind.MONEY,
                    "obligation_open",
                    _("%(kind)s“%(who)s”尚有余额%(remaining)s元未清理。")
                    % {"kind": Obligation.Kind(b.kind).label, "who": b.counterparty, "remaining": b.remaining},
                )
            )

    for person in office.staff.all():
        if not _has(person, "placement"):
            out.append(Blocker(TaskKind.STAFF, "staff_unplaced", _("%(name)s尚未安置。") % {"name": person.name}))

    # Hotels, guesthouses and companies of the office are decoupled (脱钩) before it goes.
    entities = list(office.business_entities.all())
    for entity in entities:
        if not _has(entity, "decoupling_record"):
            out.append(
                Blocker(
                    TaskKind.DECOUPLING,
                    "entity_tied",
                    _("%(kind)s“%(name)s”尚未脱钩。") % {"kind": entity.get_kind_display(), "name": entity.name},
                )
            )

    if dossier.kind == Dossier.Kind.MERGE and not _has(dossier, "carry_over"):
        out.append(Blocker(TaskKind.MERGE, "carry_over_missing", _("尚未向并入机构办理整合移交。")))

    for kind in dossier.task_kinds:
        if kind == TaskKind.DECOUPLING and not entities:
            continue  # nothing to decouple, nothing to prove
        if kind not in evidence:
            out.append(
                Blocker(
                    kind,
                    "evidence_missing",
                    _("“%(task)s”尚未上传证明材料。") % {"task": TaskKind(kind).label},
                )
            )
    return out


def _has(obj, relation: str) -> bool:
    """Whether a one-to-one reverse relation exists (cached by select_related/prefetch)."""
    try:
        return getattr(obj, relation) is not None
    except ObjectDoesNotExist:
        return False


def task_status(dossier: Dossier, kind: str, blockers: list[Blocker]) -> str:
    if not any(b.task == kind for b in blockers):
        return DONE
    started = {
        TaskKind.DEREGISTRATION: _has(dossier, "deregistration"),
        TaskKind.QUOTA: _has(dossier, "quota_recovery"),
        TaskKind.ASSETS: any(_has(a, "disposal") for a in dossier.office.assets.all()),
        TaskKind.MONEY: any(o.settlements.all() for o in dossier.office.obligations.all()),
        TaskKind.STAFF: any(_has(s, "placement") for s in dossier.office.staff.all()),
        TaskKind.MERGE: _has(dossier, "carry_over"),
        TaskKind.DECOUPLING: any(_has(e, "decoupling_record") for e in dossier.office.business_entities.all()),
    }[TaskKind(kind)]
    has_evidence = any(e.task == kind for e in dossier.evidence.all())
    return IN_PROGRESS if started or has_evidence else NOT_STARTED
