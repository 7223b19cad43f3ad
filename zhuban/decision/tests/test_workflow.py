"""Counties propose, the city bureau reviews, the city (and for the Wuhan office the province)
approves: the workflow end to end through HTTP."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.decision.models import Decision, Proposal
from zhuban.registry import services as registry

pytestmark = pytest.mark.django_db

TONGCHENG_WUHAN = "通城县人民政府驻武汉办事处"
CITY_WUHAN = "咸宁市人民政府驻武汉办事处"
PDF = b"%PDF-1.4\n% approval scan\n"


def propose(client, office, **data):
    return client.post(reverse("decision:proposal_create", args=[office.pk]), data)


def review(client, proposal, decision, comments=""):
    return client.post(
        reverse("decision:proposal_review", args=[proposal.pk]), {"decision": decision, "comments": comments}
    )


def approve_city(client, proposal, document="咸政函〔2015〕45号", file=None):
    data = {"document": document, "approved_on": "2015-08-10"}
    if file is not None:
        data["file"] = file
    return client.post(reverse("decision:city_approval", args=[proposal.pk]), data)


def test_every_office_shows_the_engines_proposal_explained_by_its_clause(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    body = as_persona("tongcheng_clerk").get(reverse("decision:office_panel", args=[office.pk])).content.decode()
    assert 'data-disposition="revoke"' in body
    assert "二(一)1" in body and "撤销县级政府驻汉办事机构" in body


def test_a_clerk_accepts_the_engines_proposal_and_the_city_reviews_and_approves_it(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    clerk, city = as_persona("tongcheng_clerk"), as_persona("city_officer")
    assert propose(clerk, office, disposition="revoke").status_code == 302
    proposal = Proposal.objects.get(office=office)
    assert proposal.follows_engine and proposal.engine["clauses"] == ["二(一)1"]

    assert review(city, proposal, "accept").status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.reviewed_by.username == "city_officer"

    scan = SimpleUploadedFile("批复.pdf", PDF, content_type="application/pdf")
    assert approve_city(city, proposal, file=scan).status_code == 302
    decision = Decision.objects.get(office=office)
    assert decision.status == "approved" and decision.city_document == "咸政函〔2015〕45号"
    assert len(decision.city_file_sha256) == 64
    actions = list(
        AuditEntry.objects.filter(subject_id=str(office.pk), action__startswith=("proposal")).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["proposal.accept", "proposal.submit"]
    assert AuditEntry.objects.filter(subject_id=str(office.pk), action="decision.city_approve").exists()


def test_the_approval_file_is_served_only_to_those_who_may_see_the_office(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    clerk, city = as_persona("tongcheng_clerk"), as_persona("city_officer")
    propose(clerk, office, disposition="revoke")
    proposal = Proposal.objects.get(office=office)
    review(city, proposal, "accept")
    approve_city(city, proposal, file=SimpleUploadedFile("批复.pdf", PDF))
    decision = Decision.objects.get(office=office)
    url = reverse("decision:city_file", args=[decision.pk])
    assert b"".join(clerk.get(url).streaming_content) == PDF
    assert as_persona("chongyang_clerk").get(url).status_code == 404


def test_a_file_that_is_not_a_document_is_refused_by_its_content(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    propose(as_persona("tongcheng_clerk"), office, disposition="revoke")
    proposal = Proposal.objects.get(office=office)
    city = as_persona("city_officer")
    review(city, proposal, "accept")
    fake = SimpleUploadedFile("批复.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = approve_city(city, proposal, file=fake)
    assert response.status_code == 422 and "批复.pdf" in str(response.context["form"].errors)
    assert not Decision.objects.filter(office=office).exists()


def test_deviating_from_the_engine_needs_a_written_reason(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    clerk = as_persona("tongcheng_clerk")
    refused = propose(clerk, office, disposition="retain")
    assert refused.status_code == 422 and "reason" in refused.context["form"].errors
    assert not Proposal.objects.filter(office=office).exists()
    assert propose(clerk, office, disposition="retain", reason="承担对口援助联络任务").status_code == 302
    assert Proposal.objects.get(office=office).follows_engine is False


def test_an_office_no_clause_decides_needs_a_persons_reasoned_proposal(as_persona, office_of):
    office = office_of("崇阳县人民政府驻上海联络处")
    clerk = as_persona("chongyang_clerk")
    body = clerk.get(reverse("decision:office_panel", args=[office.pk])).content.decode()
    assert 'data-disposition="review"' in body
    assert propose(clerk, office, disposition="revoke").status_code == 422
    assert propose(clerk, office, disposition="revoke", reason="无保留必要").status_code == 302


def test_the_city_returns_a_proposal_with_comments_and_the_clerk_proposes_again(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    clerk, city = as_persona("tongcheng_clerk"), as_persona("city_officer")
    propose(clerk, office, disposition="retain", reason="工作需要")
    first = Proposal.objects.get(office=office)
    assert review(city, first, "return").status_code == 422  # comments are required
    assert review(city, first, "return", comments="不符合二(一)1，应予撤销").status_code == 302
    first.refresh_from_db()
    assert first.status == "returned"
    propose(clerk, office, disposition="revoke")
    first.refresh_from_db()
    assert first.status == "superseded"
    assert Proposal.objects.get(office=office, status="submitted").disposition == "revoke"


def test_a_double_submitted_review_succeeds_exactly_once(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    propose(as_persona("tongcheng_clerk"), office, disposition="revoke")
    proposal = Proposal.objects.get(office=office)
    city = as_persona("city_officer")
    first = review(city, proposal, "accept")
    second = review(city, proposal, "accept")
    assert first.status_code == 302 and second.status_code == 422
    assert "已经改变" in str(second.context["form"].non_field_errors())
    assert AuditEntry.objects.filter(subject_id=str(office.pk), action="proposal.accept").count() == 1


def test_the_wuhan_offices_retention_waits_for_the_provinces_approval(as_persona, office_of):
    office = office_of(CITY_WUHAN)
    city = as_persona("city_officer")
    assert propose(city, office, disposition="retain").status_code == 302
    proposal = Proposal.objects.get(office=office)
    assert proposal.engine["approver"] == "省人民政府"
    review(city, proposal, "accept")
    approve_city(city, proposal, document="咸政函〔2015〕50号")
    decision = Decision.objects.get(office=office)
    assert decision.status == "awaiting_province" and decision.province_required
    response = city.post(
        reverse("decision:province_approval", args=[decision.pk]),
        {"document": "鄂政函〔2015〕120号", "approved_on": "2015-09-15"},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == "approved" and decision.province_document == "鄂政函〔2015〕120号"


def test_only_the_city_bureau_reviews_and_approves(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    propose(as_persona("tongcheng_clerk"), office, disposition="revoke")
    proposal = Proposal.objects.get(office=office)
    for persona, status in [("tongcheng_clerk", 403), ("inspector", 403), ("chongyang_clerk", 404)]:
        assert as_persona(persona).get(reverse("decision:proposal_review", args=[proposal.pk])).status_code == status
        assert review(as_persona(persona), proposal, "accept").status_code == status
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_editing_an_office_after_its_decision_flags_it_for_reapproval(as_persona, office_of, tongcheng_clerk):
    office = office_of(TONGCHENG_WUHAN)
    clerk, city = as_persona("tongcheng_clerk"), as_persona("city_officer")
    propose(clerk, office, disposition="revoke")
    proposal = Proposal.objects.get(office=office)
    review(city, proposal, "accept")
    approve_city(city, proposal)
    panel = reverse("decision:office_panel", args=[office.pk])
    assert "须重新报批" not in clerk.get(panel).content.decode()
    assert propose(clerk, office, disposition="revoke").status_code == 422  # nothing to re-approve yet

    registry.office_update(actor=tongcheng_clerk, office=office, values={"headcount": 2})
    assert "须重新报批" in clerk.get(panel).content.decode()
    assert propose(clerk, office, disposition="revoke").status_code == 302


def test_the_board_lists_offices_by_disposition_and_jurisdiction_with_violations(as_persona):
    city = as_persona("city_officer")
    rows = city.get(reverse("decision:board")).context["rows"]
    by_name = {r.office.name: r.assessment for r in rows}
    # No decision of the zone's office is approved, so it is not late (四(二) follows approved decisions).
    assert by_name["咸宁高新区驻武汉联络处"].violations == ("new_office",)
    revoked = city.get(reverse("decision:board"), {"disposition": "revoke"}).context["rows"]
    assert {r.assessment.disposition for r in revoked} == {"revoke"} and len(revoked) == 9
    from zhuban.org.models import Jurisdiction

    tongcheng = Jurisdiction.objects.get(name="通城县")
    only = city.get(reverse("decision:board"), {"jurisdiction": tongcheng.pk}).context["rows"]
    assert {r.office.jurisdiction.name for r in only} == {"通城县"}


def test_a_county_clerk_sees_only_their_countys_rows_on_the_board(as_persona):
    rows = as_persona("chongyang_clerk").get(reverse("decision:board")).context["rows"]
    assert {r.office.jurisdiction.name for r in rows} == {"崇阳县"}


def test_the_whole_registry_assessment_equals_each_citys_own():
    from django.core.management import call_command

    from zhuban.decision.queries import assess_city, assess_registry
    from zhuban.org.models import Jurisdiction

    call_command("seed_scale", "--cities", "3", "--offices", "60", "--assets", "0", "--staff", "0", verbosity=0)
    everything = assess_registry()
    for root in Jurisdiction.objects.filter(level="city"):
        assert {k: everything[k] for k in assess_city(root)} == assess_city(root)


def test_a_county_submits_all_its_decided_proposals_at_once_and_the_review_case_stays_for_a_person(as_persona):
    clerk = as_persona("tongcheng_clerk")
    page = clerk.get(reverse("decision:proposal_batch"))
    offices = [office for office, _a, _live in page.context["rows"]]
    assert {o.jurisdiction.name for o in offices} == {"通城县"}
    response = clerk.post(reverse("decision:proposal_batch"), {"office": [str(o.pk) for o in offices]})
    assert response.status_code == 302
    proposals = Proposal.objects.filter(office__in=offices)
    assert proposals.count() == 3 and all(p.follows_engine for p in proposals)
    merged = proposals.get(office__name="通城县人民政府驻长沙联络处")
    assert merged.disposition == "merge" and merged.merge_into is not None
    # A second submission adds nothing: every office already has its live proposal.
    clerk.post(reverse("decision:proposal_batch"), {"office": [str(o.pk) for o in offices]})
    assert Proposal.objects.filter(office__in=offices).count() == 3


def test_the_batch_never_reaches_an_office_outside_the_clerks_scope(as_persona, office_of):
    other = office_of(TONGCHENG_WUHAN)
    as_persona("chongyang_clerk").post(reverse("decision:proposal_batch"), {"office": [str(other.pk)]})
    assert not Proposal.objects.filter(office=other).exists()


def test_read_only_roles_cannot_open_the_batch(as_persona):
    assert as_persona("inspector").get(reverse("decision:proposal_batch")).status_code == 403


def test_a_proposal_that_deviates_from_the_engine_can_still_be_approved(as_persona, office_of):
    office = office_of("崇阳县人民政府驻上海联络处")
    propose(as_persona("chongyang_clerk"), office, disposition="revoke", reason="无保留必要")
    proposal = Proposal.objects.get(office=office)
    city = as_persona("city_officer")
    review(city, proposal, "accept")
    assert approve_city(city, proposal).status_code == 302
    decision = Decision.objects.get(office=office)
    assert decision.status == "approved" and decision.clauses == []


def test_when_every_office_has_its_proposal_the_campaign_submission_is_reported(as_persona):
    from zhuban.campaign.models import SubmissionEvent
    from zhuban.org.models import Jurisdiction

    clerk = as_persona("tongcheng_clerk")
    offices = [o for o, _a, _l in clerk.get(reverse("decision:proposal_batch")).context["rows"]]
    tongcheng = Jurisdiction.objects.get(name="通城县")
    events = SubmissionEvent.objects.filter(
        submission__jurisdiction=tongcheng, submission__requirement__code="proposals"
    )
    events.delete()  # a county that has reported nothing yet (the demo's 2015 history says otherwise)
    before = 0
    clerk.post(reverse("decision:proposal_batch"), {"office": [str(offices[0].pk)]})
    assert events.filter(kind="submitted").count() == before  # two offices still without a proposal
    clerk.post(reverse("decision:proposal_batch"), {"office": [str(o.pk) for o in offices]})
    assert events.filter(kind="submitted").count() == before + 1


def test_the_merge_choices_never_show_another_countys_offices(as_persona, office_of):
    office = office_of("通城县人民政府驻长沙联络处")
    form = as_persona("tongcheng_clerk").get(reverse("decision:proposal_create", args=[office.pk])).context["form"]
    names = {o.name for o in form.fields["merge_into"].queryset}
    assert "咸宁市人民政府驻长沙联络处" in names  # the city government's office it merges into
    assert not any(n.startswith(("崇阳县", "通山县", "赤壁市")) for n in names)


def test_a_batch_with_a_strange_office_number_is_answered_not_crashed(as_persona):
    response = as_persona("tongcheng_clerk").post(reverse("decision:proposal_batch"), {"office": ["²", "9" * 40]})
    assert response.status_code == 302
