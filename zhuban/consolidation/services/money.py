"""Money: bank accounts, receivables, payables, claims and debts, recorded and settled."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.services import audit_about, snapshot
from zhuban.consolidation.actions import Action
from zhuban.consolidation.ledger import balance_of
from zhuban.consolidation.models import Obligation, Settlement
from zhuban.consolidation.services._common import _dossier_of, _not_in_future
from zhuban.registry.models import Office

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor

SETTLEMENT_FIELDS = ("method", "amount", "transferred_to", "settled_on", "document")


@transaction.atomic
def obligation_add(
    *, actor: Actor | User, office: Office, kind: str, counterparty: str, amount: Decimal, description: str = ""
) -> Obligation:
    """Record a bank account, receivable, payable, claim or debt of an office in consolidation."""
    _dossier_of(office)
    obligation = Obligation(
        office=office,
        kind=kind,
        counterparty=counterparty.strip(),
        amount=amount,
        description=description.strip(),
        created_at=timezone.now(),
    )
    obligation.full_clean()
    obligation.save()
    audit_about(
        actor,
        Action.OBLIGATION_ADD,
        obligation,
        office,
        None,
        snapshot(obligation, ("kind", "counterparty", "amount", "description")),
    )
    return obligation


def remaining_of(obligation: Obligation) -> Decimal:
    """What is left of the obligation now, read from the database (the ledger's balance)."""
    rows = Settlement.objects.filter(obligation_id=obligation.pk).values_list("method", "amount", "transferred_to")
    return balance_of(obligation.amount, rows).remaining


@transaction.atomic
def obligation_settle(
    *,
    actor: Actor | User,
    obligation: Obligation,
    method: str,
    amount: Decimal,
    settled_on: date,
    transferred_to: str = "",
    document: str = "",
    carried_to: Obligation | None = None,
) -> Settlement:
    """Settle (part of) an obligation, hand it to a named unit, or close a bank account.

    The obligation's row is locked first, so two settlements at once cannot both take the same
    remaining balance (on SQLite the IMMEDIATE transaction already serialises them)."""
    obligation = Obligation.objects.select_for_update().select_related("office__jurisdiction").get(pk=obligation.pk)
    office = obligation.office
    _dossier_of(office)
    _not_in_future("settled_on", settled_on)
    transferred_to = transferred_to.strip()
    remaining = remaining_of(obligation)
    is_account = obligation.kind == Obligation.Kind.BANK_ACCOUNT
    errors: dict[str, str] = {}
    if is_account and method != Settlement.Method.ACCOUNT_CLOSED:
        errors["method"] = _("银行账户须办理销户，余额转入指定单位。")
    if not is_account and method == Settlement.Method.ACCOUNT_CLOSED:
        errors["method"] = _("只有银行账户才办理销户。")
    if is_account and obligation.settlements.filter(method=Settlement.Method.ACCOUNT_CLOSED).exists():
        raise ValidationError(_("该银行账户已经销户。"))
    if method == Settlement.Method.TRANSFERRED and not transferred_to:
        errors["transferred_to"] = _("转由其他单位承接的，须写明承接单位。")
    if is_account:
        if amount != remaining:
            errors["amount"] = _("销户须将余额%(remaining)s元全部转出。") % {"remaining": remaining}
        elif remaining > 0 and not transferred_to:
            errors["transferred_to"] = _("销户时余额转入哪个单位须写明。")
    elif amount <= 0:
        errors["amount"] = _("金额须大于零。")
    elif amount > remaining:
        errors["amount"] = _("金额%(amount)s元超过尚未清理的余额%(remaining)s元。") % {
            "amount": amount,
            "remaining": remaining,
        }
    if errors:
        raise ValidationError(errors)
    settlement = Settlement(
        obligation=obligation,
        method=method,
        amount=amount,
        transferred_to=transferred_to,
        settled_on=settled_on,
        document=document.strip(),
        carried_to=carried_to,
        recorded_at=timezone.now(),
    )
    settlement.full_clean(exclude=["obligation", "carried_to"])
    settlement.save()
    audit_about(
        actor,
        Action.OBLIGATION_SETTLE,
        settlement,
        office,
        None,
        snapshot(settlement, SETTLEMENT_FIELDS),
        _("清理前余额%(before)s元，清理后余额%(after)s元。") % {"before": remaining, "after": remaining - amount},
    )
    return settlement
