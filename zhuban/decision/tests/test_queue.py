"""The reviewers' and approvers' queue: filtered by state, jurisdiction and how long a proposal
has waited; several proposals review-passed or approved at once, the second factor asked once,
each act its own audit entry, and a batch with one refusal writing nothing."""

from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from zhuban.audit.models import AuditEntry
from zhuban.decision import services
from zhuban.decision.models import Decision, Proposal
from zhuban.decision.queries import assessment_of
from zhuban.org.models import Jurisdiction
from zhuban.testing.personas import ensure_persona

pytestmark = pytest.mark.django_db

TONGCHENG_WUHAN = "通城县人民政府驻武汉办事处"
TONGCHENG_CHANGSHA = "通城县人民政府驻长沙联络处"
CHONGYANG_WUHAN = "崇阳县人民政府驻武汉联络处"
QUEUE = reverse("decision:queue")
ACT = reverse("decision:queue_act")


def proposed(office, *, by="tongcheng_clerk") -> Proposal:
    return services.proposal_submit(
        actor=ensure_persona(by),
        office=office,
        assessment=assessment_of(office),
        disposition="revoke",
        reason="按方案撤销",
    )


def accepted(office) -> Proposal:
    return services.proposal_accept(actor=ensure_persona("city_officer"), proposal=proposed(office))


def listed(response) -> set[str]:
    rows = response.context["rows"]
    return {p.office.name for p in rows}


def test_the_queue_lists_what_waits_for_review_by_default_and_each_state_on_asking(as_persona, office_of):
    waiting = proposed(office_of(TONGCHENG_WUHAN))
    sent_back = services.proposal_return(
        actor=ensure_persona("city_officer"), proposal=proposed(office_of(TONGCHENG_CHANGSHA)), comments="理由不足"
    )
    city = as_persona("city_officer")
    assert listed(city.get(QUEUE)) == {waiting.office.name}
    returned_page = city.get(QUEUE, {"state": "returned"})
    assert listed(returned_page) == {sent_back.office.name}
    assert "理由不足" in returned_page.content.decode()
    assert listed(city.get(QUEUE, {"state": "accepted"})) == set()


def test_the_queue_filters_by_jurisdiction_and_by_how_long_a_proposal_has_waited(as_persona, office_of):
    tongcheng = proposed(office_of(TONGCHENG_WUHAN))
    chongyang = proposed(office_of(CHONGYANG_WUHAN), by="chongyang_clerk")
    Proposal.objects.filter(pk=tongcheng.pk).update(submitted_at=timezone.now() - timedelta(days=20))
    city = as_persona("city_officer")
    county = Jurisdiction.objects.get(name="崇阳县")
    assert listed(city.get(QUEUE, {"jurisdiction": county.pk})) == {chongyang.office.name}
    ten_days_ago = (timezone.localdate() - timedelta(days=10)).isoformat()
    assert listed(city.get(QUEUE, {"submitted_before": ten_days_ago})) == {tongcheng.office.name}


@pytest.mark.parametrize(
    "params",
    [
        {"state": "nonsense"},
        {"jurisdiction": "x"},
        {"jurisdiction": "99999999999999999999"},
        {"submitted_before": "31/07"},
    ],
)
def test_a_strange_filter_is_ignored_not_an_error(as_persona, office_of, params):
    proposed(office_of(TONGCHENG_WUHAN))
    response = as_persona("city_officer").get(QUEUE, params)
    assert response.status_code == 200
    assert TONGCHENG_WUHAN in listed(response)


def test_a_county_clerk_sees_only_their_own_countys_proposals_and_cannot_act(as_persona, office_of):
    proposed(office_of(TONGCHENG_WUHAN))
    proposed(office_of(CHONGYANG_WUHAN), by="chongyang_clerk")
    response = as_persona("chongyang_clerk").get(QUEUE)
    assert listed(response) == {CHONGYANG_WUHAN}
    assert response.context["actionable"] == set()
    assert 'name="proposal"' not in response.content.decode()
    assert as_persona("chongyang_clerk").get(ACT, {"state": "submitted"}).status_code == 403


def test_the_city_review_passes_several_proposals_at_once_each_with_its_own_audit_entry(as_persona, office_of):
    first, second = proposed(office_of(TONGCHENG_WUHAN)), proposed(office_of(TONGCHENG_CHANGSHA))
    before = AuditEntry.objects.filter(action="proposal.accept").count()
    response = as_persona("city_officer").post(
        ACT, {"state": "submitted", "proposal": [first.pk, second.pk], "comments": "同意"}
    )
    assert response.status_code == 302 and response.url == QUEUE + "?state=submitted"
    assert set(Proposal.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)) == {"accepted"}
    assert AuditEntry.objects.filter(action="proposal.accept").count() == before + 2


def test_the_second_factor_is_asked_once_for_the_whole_batch(as_persona, office_of):
    first, second = proposed(office_of(TONGCHENG_WUHAN)), proposed(office_of(TONGCHENG_CHANGSHA))
    city = as_persona("city_officer", second_factor=False)
    response = city.get(ACT, {"state": "submitted", "proposal": [first.pk, second.pk]})
    assert response.status_code == 302 and response.url.startswith(reverse("org:otp_verify"))
    # Without the code, a posted batch is not acted on either.
    city.post(ACT, {"state": "submitted", "proposal": [first.pk, second.pk]})
    assert Proposal.objects.get(pk=first.pk).status == "submitted"


def test_one_refused_proposal_stops_the_whole_batch_and_is_named(as_persona, office_of):
    first, second = proposed(office_of(TONGCHENG_WUHAN)), proposed(office_of(TONGCHENG_CHANGSHA))
    city = as_persona("city_officer")
    page = city.get(ACT, {"state": "submitted", "proposal": [first.pk, second.pk]})
    assert page.status_code == 200 and len(page.context["chosen"]) == 2
    before = AuditEntry.objects.count()
    real = services.proposal_accept

    def moved_meanwhile(*, actor, proposal, comments=""):
        # The first goes through (its entry is written), then the second is found moved on by a
        # colleague, as the service's own conditional update would find it.
        if proposal.pk == second.pk:
            raise ValidationError("该意见的状态已经改变（可能已被他人处理），请刷新后查看。")
        return real(actor=actor, proposal=proposal, comments=comments)

    with mock.patch.object(services, "proposal_accept", moved_meanwhile):
        response = city.post(ACT, {"state": "submitted", "proposal": [first.pk, second.pk]})
    assert response.status_code == 422
    body = response.content.decode()
    assert TONGCHENG_CHANGSHA in body and "没有办理任何一条" in body
    assert Proposal.objects.get(pk=first.pk).status == "submitted"
    assert AuditEntry.objects.count() == before


def test_proposals_out_of_reach_or_moved_on_are_not_in_the_batch(as_persona, office_of):
    waiting = proposed(office_of(TONGCHENG_WUHAN))
    already = accepted(office_of(TONGCHENG_CHANGSHA))
    response = as_persona("city_officer").get(ACT, {"state": "submitted", "proposal": [waiting.pk, already.pk, 999999]})
    assert [p.pk for p in response.context["chosen"]] == [waiting.pk]
    empty = as_persona("city_officer").post(ACT, {"state": "submitted", "proposal": ["999999", "x"]})
    assert empty.status_code == 422 and "没有勾选可以办理的意见" in empty.content.decode()


def test_one_city_document_approves_several_accepted_proposals(as_persona, office_of):
    first, second = accepted(office_of(TONGCHENG_WUHAN)), accepted(office_of(TONGCHENG_CHANGSHA))
    city = as_persona("city_officer")
    assert listed(city.get(QUEUE, {"state": "accepted"})) == {TONGCHENG_WUHAN, TONGCHENG_CHANGSHA}
    response = city.post(
        ACT,
        {
            "state": "accepted",
            "proposal": [first.pk, second.pk],
            "document": "咸政函〔2015〕45号",
            "approved_on": "2015-08-10",
        },
    )
    assert response.status_code == 302
    decisions = Decision.objects.filter(proposal__in=[first, second])
    assert {(d.city_document, d.city_approved_on) for d in decisions} == {("咸政函〔2015〕45号", date(2015, 8, 10))}
    assert (
        AuditEntry.objects.filter(action="decision.city_approve", object_id__in=[str(d.pk) for d in decisions]).count()
        == 2
    )
    assert listed(city.get(QUEUE, {"state": "accepted"})) == set()


def test_an_approval_batch_without_its_document_number_is_refused_beside_the_field(as_persona, office_of):
    first = accepted(office_of(TONGCHENG_WUHAN))
    response = as_persona("city_officer").post(
        ACT, {"state": "accepted", "proposal": [first.pk], "approved_on": "2015-08-10"}
    )
    assert response.status_code == 422 and response.context["form"].errors["document"]
    assert not Decision.objects.filter(proposal=first).exists()


def test_each_row_links_to_its_offices_history(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    proposed(office)
    body = as_persona("city_officer").get(QUEUE).content.decode()
    assert reverse("registry:office_history", args=[office.pk]) in body
