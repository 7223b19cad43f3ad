"""A write that fails midway leaves nothing half done: failures injected at the last step."""

from __future__ import annotations

import pytest

from zhuban.audit import services as audit_services
from zhuban.audit.models import AuditEntry
from zhuban.decision import services as decisions
from zhuban.decision.models import Decision, Proposal
from zhuban.decision.queries import assessment_of
from zhuban.registry import services as registry
from zhuban.registry.models import Asset, Office

pytestmark = pytest.mark.django_db


class Injected(Exception):
    pass


@pytest.fixture
def audit_fails(monkeypatch):
    """Make the audit entry, the last step of every write, fail."""

    def fail(**kwargs):
        raise Injected

    monkeypatch.setattr(audit_services, "audit_record", fail)


def test_an_office_edit_whose_audit_entry_fails_leaves_the_office_as_it_was(audit_fails, tongcheng_clerk, office_of):
    office = office_of("通城县人民政府驻武汉办事处")
    entries, version = AuditEntry.objects.count(), office.version
    with pytest.raises(Injected):
        registry.office_update(actor=tongcheng_clerk, office=office, values={"headcount": 1})
    stored = Office.objects.get(pk=office.pk)
    assert (stored.headcount, stored.version) == (6, version)
    assert AuditEntry.objects.count() == entries


def test_a_registration_whose_audit_entry_fails_stores_no_office(audit_fails, tongcheng_clerk, office_of):
    template = office_of("通城县人民政府驻武汉办事处")
    with pytest.raises(Injected):
        registry.office_register(
            actor=tongcheng_clerk,
            values={
                "name": "不应存在的机构",
                "sponsor": template.sponsor,
                "host_province": template.host_province,
                "host_city": template.host_city,
                "established_on": template.established_on,
                "staffing_quota": 1,
                "headcount": 1,
            },
        )
    assert not Office.objects.filter(name="不应存在的机构").exists()


def test_an_asset_added_with_a_failing_audit_entry_is_not_stored(audit_fails, tongcheng_clerk, office_of):
    office = office_of("通城县人民政府驻武汉办事处")
    count = Asset.objects.filter(office=office).count()
    with pytest.raises(Injected):
        registry.asset_add(
            actor=tongcheng_clerk, office=office, values={"category": "other", "description": "x", "book_value": 1}
        )
    assert Asset.objects.filter(office=office).count() == count


def test_a_new_proposal_whose_audit_fails_supersedes_nothing(tongcheng_clerk, office_of, monkeypatch):
    office = office_of("通城县人民政府驻武汉办事处")
    assessment = assessment_of(office)
    first = decisions.proposal_submit(actor=tongcheng_clerk, office=office, assessment=assessment, disposition="revoke")
    monkeypatch.setattr(audit_services, "audit_record", lambda **kw: (_ for _ in ()).throw(Injected()))
    with pytest.raises(Injected):
        decisions.proposal_submit(
            actor=tongcheng_clerk, office=office, assessment=assessment, disposition="retain", reason="x"
        )
    first.refresh_from_db()
    assert first.status == "submitted"
    assert Proposal.objects.filter(office=office).count() == 1


def test_a_city_approval_whose_audit_fails_records_no_decision(tongcheng_clerk, city_officer, office_of, monkeypatch):
    from datetime import date

    office = office_of("通城县人民政府驻武汉办事处")
    proposal = decisions.proposal_submit(
        actor=tongcheng_clerk, office=office, assessment=assessment_of(office), disposition="revoke"
    )
    decisions.proposal_accept(actor=city_officer, proposal=proposal)
    monkeypatch.setattr(audit_services, "audit_record", lambda **kw: (_ for _ in ()).throw(Injected()))
    with pytest.raises(Injected):
        decisions.decision_record_city_approval(
            actor=city_officer, proposal=proposal, document="咸政函〔2015〕1号", approved_on=date(2015, 8, 1)
        )
    assert not Decision.objects.filter(office=office).exists()
