"""One predicate says whether a decision is carried out by a consolidation dossier."""

from __future__ import annotations

import pytest

from zhuban.decision.models import Decision


@pytest.mark.parametrize(
    ("status", "disposition", "needs"),
    [
        ("approved", "revoke", True),
        ("approved", "merge", True),
        ("approved", "retain", False),
        ("awaiting_province", "revoke", False),
        ("revoked", "merge", False),
    ],
)
def test_only_an_approved_revocation_or_merger_needs_a_dossier(status, disposition, needs):
    assert Decision(status=status, disposition=disposition).needs_dossier is needs
