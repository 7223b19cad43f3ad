"""The same request sent eight times at once (a double click, a retrying proxy, a script): one
success and seven clear refusals in the user's language, never a 500, and no row or audit entry
written twice.

Each scenario is a real POST through the test client; each sender has its own client, thread
and database connection, and all start at one barrier. On PostgreSQL the eight really overlap
(the checks read before anyone has written); SQLite queues writers, so there the same scenarios
run one after another and must give the same answers, which pins the refusal path on both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.audit.queries import verify_chain
from zhuban.audit.services import Actor
from zhuban.campaign import services as campaign_services
from zhuban.campaign.models import Campaign, Submission, SubmissionEvent, TaskForce
from zhuban.consolidation.models import CarryOver, CountyWindow, Dossier
from zhuban.consolidation.tests import builders
from zhuban.decision import services as decisions
from zhuban.decision.models import Decision, Proposal
from zhuban.decision.queries import assessment_of
from zhuban.geo.models import City
from zhuban.notifications.models import Event, Notification
from zhuban.org.models import Jurisdiction, Unit
from zhuban.registry.models import BusinessEntity, Office
from zhuban.testing.concurrency import run_together
from zhuban.testing.personas import ensure_persona, seed_world
from zhuban.workbook.models import RegistrationUpload
from zhuban.workbook.tests.builders import NANCHANG
from zhuban.workbook.tests.builders import office as workbook_row

pytestmark = pytest.mark.django_db(transaction=True)
SENDERS = 8
TONGCHENG_WUHAN = builders.TONGCHENG_WUHAN


@dataclass
class Duplicate:
    """One request, and what sending it again must and must not do."""

    persona: str
    url: str
    data: dict
    rows: Callable[[], int]  # the rows the request creates: written once, whatever the senders
    action: str  # its audit action: recorded once
    refusal: str  # what every later sender reads (Chinese, the default language)
    files: Callable[[], dict] = field(default=lambda: {})
    entries: int = 1  # audit entries of that action one request writes
    notifies: str = ""  # the notification event it sends: each recipient is told once
    # Requests that are idempotent by design answer every sender with success (the same record).
    idempotent: bool = False
    success: Callable[[Any], bool] = field(default=lambda r: r.status_code == 302)


def office_create() -> Duplicate:
    name = "通城县人民政府驻岳阳联络处"
    data = {
        "name": name,
        "sponsor": Unit.objects.get(name="通城县人民政府").pk,
        "host_city": City.objects.get(name="岳阳市").pk,
        "established_on": "2012-05-01",
        "staffing_quota": "2",
        "headcount": "2",
    }
    return Duplicate(
        "tongcheng_clerk",
        reverse("registry:office_create"),
        data,
        lambda: Office.objects.filter(name=name).count(),
        "office.register",
        "已经存在",
    )


def entity_create() -> Duplicate:
    office = Office.objects.get(name=TONGCHENG_WUHAN)
    return Duplicate(
        "tongcheng_clerk",
        reverse("registry:entity_create", args=[office.pk]),
        {"name": "通城宾馆", "kind": "hotel", "decoupling": "tied"},
        lambda: BusinessEntity.objects.filter(office=office, name="通城宾馆").count(),
        "entity.add",
        "已经存在",
    )


def proposal_submit() -> Duplicate:
    office = Office.objects.get(name=TONGCHENG_WUHAN)
    engine = assessment_of(office)
    data = {"disposition": "revoke", "reason": "" if engine.disposition == "revoke" else "按方案办理"}
    return Duplicate(
        "tongcheng_clerk",
        reverse("decision:proposal_create", args=[office.pk]),
        data,
        lambda: Proposal.objects.filter(office=office).count(),
        "proposal.submit",
        "无需重复报送",
    )


def _submitted(accepted: bool = False) -> Proposal:
    office = Office.objects.select_related("jurisdiction", "sponsor").get(name=TONGCHENG_WUHAN)
    proposal = decisions.proposal_submit(
        actor=ensure_persona("tongcheng_clerk"),
        office=office,
        assessment=assessment_of(office),
        disposition="revoke",
        reason="按方案办理",
    )
    if accepted:
        decisions.proposal_accept(actor=ensure_persona("city_officer"), proposal=proposal)
    return proposal


def proposal_accept() -> Duplicate:
    proposal = _submitted()
    return Duplicate(
        "city_officer",
        reverse("decision:proposal_review", args=[proposal.pk]),
        {"decision": "accept", "comments": ""},
        lambda: Proposal.objects.filter(pk=proposal.pk, status="accepted").count(),
        "proposal.accept",
        "该意见的状态已经改变",
    )


def proposal_return() -> Duplicate:
    proposal = _submitted()
    return Duplicate(
        "city_officer",
        reverse("decision:proposal_review", args=[proposal.pk]),
        {"decision": "return", "comments": "不符合二(一)1，应予撤销"},
        lambda: Proposal.objects.filter(pk=proposal.pk, status="returned").count(),
        "proposal.return",
        "该意见的状态已经改变",
        notifies=Event.PROPOSAL_RETURNED,
    )


def city_approval() -> Duplicate:
    proposal = _submitted(accepted=True)
    return Duplicate(
        "city_officer",
        reverse("decision:city_approval", args=[proposal.pk]),
        {"document": "咸政函[2015]45号", "approved_on": "2015-08-10"},
        lambda: Decision.objects.filter(proposal=proposal).count(),
        "decision.city_approve",
        "该意见的批准已经录入",
        notifies=Event.PROPOSAL_APPROVED,
    )


def dossier_open() -> Duplicate:
    decision = builders.approved_before_dossiers(builders.office(TONGCHENG_WUHAN))
    return Duplicate(
        "city_officer",
        reverse("consolidation:dossier_open", args=[decision.pk]),
        {},
        lambda: Dossier.objects.filter(office_id=decision.office_id).count(),
        "dossier.open",
        "",
        idempotent=True,
    )


def dossier_close() -> Duplicate:
    dossier = builders.complete(builders.dossier_for())
    return Duplicate(
        "city_officer",
        reverse("consolidation:dossier_close", args=[dossier.pk]),
        {"closed_on": "2015-08-31"},
        lambda: Dossier.objects.filter(pk=dossier.pk, status="closed").count(),
        "dossier.close",
        "该整合档案已",
    )


def carry_over() -> Duplicate:
    dossier = builders.merge_dossier()
    return Duplicate(
        "city_officer",
        reverse("consolidation:carry_over", args=[dossier.pk]),
        {"carried_on": "2015-08-25", "document": "咸政函〔2015〕46号"},
        lambda: CarryOver.objects.filter(dossier=dossier).count(),
        "merge.carry_over",
        "整合移交已经办理",
        entries=2,  # one on the merged office, one on the survivor
    )


def window_apply() -> Duplicate:
    builders.approved_decision(builders.office(TONGCHENG_WUHAN))
    county = Jurisdiction.objects.get(name="通城县")
    data = {
        "applied_on": "2015-08-20",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
        "members-0-name": "张志强",
        "members-0-post": "负责人",
        "members-0-is_head": "on",
    }
    return Duplicate(
        "tongcheng_clerk",
        reverse("consolidation:window_apply", args=[county.pk]),
        data,
        lambda: CountyWindow.objects.filter(jurisdiction=county).count(),
        "window.apply",
        "已有工作窗口",
        notifies=Event.WINDOW_APPLIED,
    )


def _fresh_campaign() -> Campaign:
    source = Campaign.objects.get(is_default=True)
    return campaign_services.campaign_copy(
        actor=Actor.system("test"), source=source, name="重复请求测试", issued_on=source.issued_on
    )


def submission_submit() -> Duplicate:
    submission = Submission.objects.get(
        campaign=_fresh_campaign(), jurisdiction__name="通城县", requirement__code="registration_table"
    )
    return Duplicate(
        "tongcheng_clerk",
        reverse("campaign:submission_submit", args=[submission.pk]),
        {"document": "通政办文〔2015〕9号"},
        lambda: SubmissionEvent.objects.filter(submission=submission, kind="submitted").count(),
        "submission.submitted",
        "不能",
    )


def task_force_record() -> Duplicate:
    submission = Submission.objects.get(
        campaign=_fresh_campaign(), jurisdiction__name="通城县", requirement__code="task_force"
    )
    data = {
        "lead_name": "吴海波",
        "lead_post": "县人民政府办公室主任",
        "members": "吴海波 县政府办主任",
        "contact_name": "李明",
        "contact_phone": "0715-4321234",
        "established_on": "2015-07-18",
    }
    return Duplicate(
        "tongcheng_clerk",
        reverse("campaign:task_force_edit", args=[submission.pk]),
        data,
        lambda: TaskForce.objects.filter(submission=submission).count(),
        "task_force.record",
        "",
        idempotent=True,
    )


def campaign_copy() -> Duplicate:
    source = Campaign.objects.get(is_default=True)
    return Duplicate(
        "city_officer",
        reverse("campaign:campaign_copy", args=[source.pk]),
        {"name": "2016年清理规范工作", "issued_on": "2016-06-01"},
        lambda: Campaign.objects.filter(name="2016年清理规范工作").count(),
        "campaign.copy",
        "已存在",
    )


def workbook_commit() -> Duplicate:
    from zhuban.workbook.tests.test_pages import upload

    clerk = _client("tongcheng_clerk")
    upload(clerk, [workbook_row()])
    stored = RegistrationUpload.objects.get()
    return Duplicate(
        "tongcheng_clerk",
        reverse("workbook:commit", args=[stored.pk]),
        {},
        lambda: Office.objects.filter(name=NANCHANG).count(),
        "office.register",
        "这份工作簿已经导入",
        success=lambda r: r.status_code == 302 and r.url == reverse("registry:office_list"),
    )


SCENARIOS = {
    f.__name__: f
    for f in (
        office_create,
        entity_create,
        proposal_submit,
        proposal_accept,
        proposal_return,
        city_approval,
        dossier_open,
        dossier_close,
        carry_over,
        window_apply,
        submission_submit,
        task_force_record,
        campaign_copy,
        workbook_commit,
    )
}


def _client(name: str):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from zhuban.org.access import mark_second_factor
    from zhuban.testing.personas import verified_device

    client = Client()
    user = ensure_persona(name)
    client.force_login(user)
    device = verified_device(user)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        mark_second_factor(session)  # as if the code had just been typed
        session.save()
    return client


def _reads(client, response) -> str:
    """What the sender reads: the page, or (after a redirect) the page it is sent on to."""
    if response.status_code == 302:
        response = client.get(response.url)
    return response.content.decode()


def send(scenario: Duplicate, *, together: bool) -> None:
    clients = [_client(scenario.persona) for _ in range(SENDERS)]
    rows, entries = scenario.rows(), AuditEntry.objects.filter(action=scenario.action).count()
    notified = Notification.objects.filter(event=scenario.notifies)
    notes = notified.count()

    def sender(client):
        return lambda: client.post(scenario.url, {**scenario.data, **scenario.files()})

    responses: list[Any]
    if together:
        responses = run_together(*[sender(c) for c in clients])
    else:
        responses = [sender(c)() for c in clients]

    crashed = [r for r in responses if isinstance(r, Exception) or r.status_code >= 500]
    assert crashed == [], f"a sender got an error instead of an answer: {crashed!r}"
    succeeded = [(c, r) for c, r in zip(clients, responses, strict=True) if scenario.success(r)]
    refused = [(c, r) for c, r in zip(clients, responses, strict=True) if not scenario.success(r)]
    if scenario.idempotent:
        assert len(succeeded) == SENDERS
    else:
        assert len(succeeded) == 1, [r.status_code for r in responses]
        assert len(refused) == SENDERS - 1
        for client, response in refused:
            assert response.status_code in (302, 422)
            assert scenario.refusal in _reads(client, response)
    assert scenario.rows() - rows == 1
    assert AuditEntry.objects.filter(action=scenario.action).count() - entries == scenario.entries
    if scenario.notifies:
        sent = notified.count() - notes
        assert sent >= 1
        assert sent == notified.values("recipient", "object_id").distinct().count() - notes
    assert verify_chain()[1] is None


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_world()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite queues writers: nothing overlaps")
@pytest.mark.parametrize("name", SCENARIOS)
def test_eight_identical_requests_at_once_give_one_success_and_seven_clear_refusals(world, name):
    send(SCENARIOS[name](), together=True)


@pytest.mark.parametrize("name", SCENARIOS)
def test_eight_identical_requests_one_after_another_give_the_same_answers(world, name):
    send(SCENARIOS[name](), together=False)


def test_a_duplicate_insert_that_slipped_past_the_checks_is_refused_as_the_checks_refuse_it(world, monkeypatch):
    """What PostgreSQL does when two inserts overlap, reproduced on any engine: the form's and
    the service's checks see no office yet, the insert breaks the unique constraint, and the
    sender reads the same refusal as a later sender would."""
    scenario = office_create()
    client = _client(scenario.persona)
    assert client.post(scenario.url, scenario.data).status_code == 302
    monkeypatch.setattr(Office, "validate_unique", lambda self, exclude=None: None)
    original = Office.validate_constraints
    calls = []

    def first_blind(self, exclude=None):
        calls.append(1)
        if len(calls) <= 2:  # the form's check and the service's: they miss the row
            return None
        return original(self, exclude)

    monkeypatch.setattr(Office, "validate_constraints", first_blind)
    response = client.post(scenario.url, scenario.data)
    assert response.status_code == 422 and scenario.refusal in response.content.decode()
    assert scenario.rows() == 1
    assert AuditEntry.objects.filter(action="office.register", after__name=scenario.data["name"]).count() == 1
