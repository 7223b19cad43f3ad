"""The mandate (三定) of a retained office: drafted by its staff, reviewed by the offices
administration and the staffing office, approved; every version kept and compared."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.oversight import queries, services
from zhuban.oversight.models import Mandate
from zhuban.oversight.tests import builders
from zhuban.oversight.tests.builders import CHANGSHA, WUHAN, mandate_values

pytestmark = pytest.mark.django_db


def trail(mandate: Mandate) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="oversight.mandate", object_id=str(mandate.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_the_office_drafts_the_administration_and_staffing_office_review_and_it_is_approved(
    liaison_staff, city_officer, staffing_officer
):
    office = builders.retained()
    mandate = services.mandate_draft(actor=liaison_staff, office=office, values=mandate_values())
    assert mandate.status == Mandate.Status.DRAFT and mandate.number == 1
    services.mandate_submit(actor=liaison_staff, mandate=mandate)
    assert mandate.status == Mandate.Status.SUBMITTED
    services.mandate_review(actor=city_officer, mandate=mandate, accept=True, comments="同意")
    assert mandate.status == Mandate.Status.ADMIN_REVIEWED
    services.mandate_review(actor=staffing_officer, mandate=mandate, accept=True, document="咸编办〔2015〕21号")
    assert mandate.status == Mandate.Status.STAFFING_REVIEWED
    services.mandate_approve(
        actor=city_officer, mandate=mandate, document="咸政函〔2015〕60号", approved_on=date(2015, 9, 18)
    )
    assert queries.mandate_in_force(office) == mandate
    assert trail(mandate) == [
        "mandate.draft",
        "mandate.submit",
        "mandate.review",
        "mandate.review",
        "mandate.approve",
    ]


def test_an_office_whose_retention_is_not_approved_has_no_mandate(liaison_staff, office_of, as_persona):
    changsha = office_of(CHANGSHA)
    with pytest.raises(ValidationError, match="不属于保留的驻外办事机构"):
        services.mandate_draft(actor=liaison_staff, office=changsha, values=mandate_values())
    assert not Mandate.objects.exists()
    # Its oversight page does not exist either, even for the city bureau.
    assert as_persona("city_officer").get(reverse("oversight:office", args=[changsha.pk])).status_code == 404


@pytest.mark.parametrize(
    ("functions", "message"),
    [
        ({}, "至少一项职能"),
        ({"economic": "   "}, "至少一项职能"),
        ({"reception": "接待来汉领导"}, "未知的职能：reception"),
    ],
)
def test_a_mandate_names_at_least_one_of_the_plans_four_functions(liaison_staff, functions, message):
    with pytest.raises(ValidationError, match=message):
        services.mandate_draft(
            actor=liaison_staff, office=builders.retained(), values=mandate_values(functions=functions)
        )
    assert not Mandate.objects.exists()


def test_a_draft_missing_its_parts_cannot_be_submitted_and_the_refusal_names_them(liaison_staff):
    mandate = services.mandate_draft(actor=liaison_staff, office=builders.retained())  # an empty first draft
    with pytest.raises(ValidationError) as refused:
        services.mandate_submit(actor=liaison_staff, mandate=mandate)
    text = " ".join(refused.value.messages)
    for part in ("设置（保留）条件和程序", "内设机构", "领导职数", "管理责任", "主要职能"):
        assert part in text
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.DRAFT


def test_returning_needs_a_reason_and_the_office_mends_and_resubmits(liaison_staff, city_officer):
    mandate = builders.submitted()
    with pytest.raises(ValidationError, match="退回须写明理由"):
        services.mandate_review(actor=city_officer, mandate=mandate, accept=False)
    services.mandate_review(actor=city_officer, mandate=mandate, accept=False, comments="领导职数超过规定")
    assert mandate.status == Mandate.Status.RETURNED and mandate.return_reason == "领导职数超过规定"
    services.mandate_update(actor=liaison_staff, mandate=mandate, values={"leadership_posts": "主任1名，副主任1名"})
    services.mandate_submit(actor=liaison_staff, mandate=mandate)
    assert mandate.status == Mandate.Status.SUBMITTED and mandate.return_reason == ""


def test_the_staffing_offices_acceptance_carries_its_document_number(staffing_officer):
    mandate = builders.admin_reviewed()
    with pytest.raises(ValidationError, match="编办意见的文号"):
        services.mandate_review(actor=staffing_officer, mandate=mandate, accept=True)
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.ADMIN_REVIEWED


def test_a_submitted_mandate_can_no_longer_be_edited(liaison_staff):
    mandate = builders.submitted()
    with pytest.raises(ValidationError, match="不能再修改"):
        services.mandate_update(actor=liaison_staff, mandate=mandate, values={"staffing_quota": 20})


def test_the_second_of_two_identical_approvals_is_refused(city_officer):
    mandate = builders.staffing_reviewed()
    stale = Mandate.objects.get(pk=mandate.pk)
    services.mandate_approve(
        actor=city_officer, mandate=mandate, document="咸政函〔2015〕60号", approved_on=date(2015, 9, 18)
    )
    with pytest.raises(ValidationError, match="已不在此环节"):
        services.mandate_approve(
            actor=city_officer, mandate=stale, document="咸政函〔2015〕61号", approved_on=date(2015, 9, 19)
        )
    assert Mandate.objects.get(pk=mandate.pk).approving_document == "咸政函〔2015〕60号"


def test_only_one_version_is_in_the_making_at_a_time(liaison_staff):
    builders.draft()
    with pytest.raises(ValidationError, match="正在办理"):
        builders.draft()


def test_a_new_version_supersedes_the_old_which_is_kept_and_compared_old_to_new(
    liaison_staff, city_officer, as_persona, staffing_officer
):
    first = builders.approved()
    second = services.mandate_draft(actor=liaison_staff, office=first.office)
    assert second.number == 2 and second.functions == first.functions  # it starts from the one in force
    services.mandate_update(
        actor=liaison_staff, mandate=second, values={"staffing_quota": 6, "internal_units": "综合科\n群众工作科"}
    )
    services.mandate_submit(actor=liaison_staff, mandate=second)
    services.mandate_review(actor=city_officer, mandate=second, accept=True)
    services.mandate_review(actor=staffing_officer, mandate=second, accept=True, document="咸编办〔2016〕3号")
    services.mandate_approve(
        actor=city_officer, mandate=second, document="咸政函〔2016〕12号", approved_on=date(2016, 3, 1)
    )
    first.refresh_from_db()
    assert first.status == Mandate.Status.SUPERSEDED
    assert queries.mandate_in_force(first.office) == second
    assert queries.quota_of(first.office) == 6
    changed = {c.label: (c.old, c.new) for c in queries.compare(first, second) if c.changed}
    assert changed["人员编制数"] == ("8", "6")
    assert changed["内设机构"] == ("综合科\n经济合作科\n群众工作科", "综合科\n群众工作科")
    assert changed["批准文件"] == ("咸政函〔2015〕60号", "咸政函〔2016〕12号")
    assert "服务区域间经济合作" not in changed  # functions unchanged
    page = as_persona("liaison_staff").get(reverse("oversight:mandate_compare", args=[second.pk]) + f"?old={first.pk}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "第1版 → 第2版" in html and "<del>8</del>" in html and "<ins>6</ins>" in html


def test_an_approval_dated_before_the_version_in_force_is_refused(liaison_staff, city_officer, staffing_officer):
    first = builders.approved(on=date(2016, 3, 1))
    second = services.mandate_draft(actor=liaison_staff, office=first.office)
    services.mandate_submit(actor=liaison_staff, mandate=second)
    services.mandate_review(actor=city_officer, mandate=second, accept=True)
    services.mandate_review(actor=staffing_officer, mandate=second, accept=True, document="咸编办〔2016〕3号")
    with pytest.raises(ValidationError, match="不能早于上一版本"):
        services.mandate_approve(actor=city_officer, mandate=second, document="x", approved_on=date(2016, 2, 1))
    first.refresh_from_db()
    assert first.status == Mandate.Status.APPROVED


def test_the_public_liaison_offices_mandate_includes_the_county_windows_and_their_staff(liaison_staff, city_officer):
    from zhuban.consolidation import services as consolidation
    from zhuban.tests.test_access_matrix import applied_window

    window = applied_window()  # 通城县's window, its head 张志强
    consolidation.window_approve(
        actor=city_officer, window=window, document="咸政函〔2015〕70号", approved_on=date(2015, 9, 1)
    )
    mandate = builders.submitted()
    assert [w["county"] for w in mandate.hosted_windows] == ["通城县"]
    assert mandate.hosted_windows[0]["members"][0]["name"] == "张志强"
    # Another retained office of the city hosts none.
    changsha = builders.retained(CHANGSHA)
    assert queries.hosted_windows(changsha) == []


def test_the_campaign_can_ask_which_offices_filed_a_mandate(office_of):
    wuhan = builders.retained()
    changsha = builders.retained(CHANGSHA)
    builders.draft(changsha)  # a draft is not filed
    assert queries.mandates_filed([wuhan.pk, changsha.pk]) == {}
    builders.approved(wuhan)
    filed = queries.mandates_filed([wuhan.pk, changsha.pk, office_of(WUHAN).pk])
    assert set(filed) == {wuhan.pk} and filed[wuhan.pk].approved


def test_the_staff_draft_through_the_page_and_reviewers_buttons_follow_the_capability(as_persona):
    office = builders.retained()
    staff = as_persona("liaison_staff")
    response = staff.post(
        reverse("oversight:mandate_draft", args=[office.pk]),
        {
            "conditions": "经省人民政府批准保留。",
            "function_social": "为在汉务工人员提供服务。",
            "internal_units": "综合科",
            "staffing_quota": "8",
            "leadership_posts": "主任1名",
            "management_responsibility": "市政府办公室管理。",
        },
    )
    mandate = Mandate.objects.get(office=office)
    assert response.status_code == 302 and response.url == mandate.get_absolute_url()
    assert mandate.functions == {"social": "为在汉务工人员提供服务。"}
    staff.post(reverse("oversight:mandate_submit", args=[mandate.pk]))
    assert Mandate.objects.get(pk=mandate.pk).status == Mandate.Status.SUBMITTED
    review_url = reverse("oversight:mandate_review", args=[mandate.pk])
    assert review_url not in staff.get(mandate.get_absolute_url()).content.decode()
    assert staff.post(review_url, {"decision": "accept"}).status_code == 403
    assert review_url in as_persona("city_officer").get(mandate.get_absolute_url()).content.decode()
    # The clerk of another county does not know the mandate exists.
    assert as_persona("chongyang_clerk").get(mandate.get_absolute_url()).status_code == 404


def test_a_bad_post_is_shown_on_the_form_and_writes_nothing(as_persona):
    office = builders.retained()
    response = as_persona("liaison_staff").post(
        reverse("oversight:mandate_draft", args=[office.pk]), {"conditions": "x", "staffing_quota": "-1"}
    )
    assert response.status_code == 422
    assert not Mandate.objects.exists()


def test_the_staffing_stage_is_the_staffing_offices_own_and_the_first_is_the_administrations(as_persona):
    mandate = builders.admin_reviewed()
    review_url = reverse("oversight:mandate_review", args=[mandate.pk])
    city, staffing = as_persona("city_officer"), as_persona("staffing_officer")
    assert review_url not in city.get(mandate.get_absolute_url()).content.decode()
    assert city.post(review_url, {"decision": "accept", "document": "咸编办〔2015〕21号"}).status_code == 403
    assert review_url in staffing.get(mandate.get_absolute_url()).content.decode()
    response = staffing.post(review_url, {"decision": "accept", "comments": "同意", "document": "咸编办〔2015〕21号"})
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.STAFFING_REVIEWED and mandate.staffing_document == "咸编办〔2015〕21号"
    entry = AuditEntry.objects.filter(action="mandate.review").latest("id")
    assert entry.actor_label == "staffing_officer"
    # The staffing office does not take the administration's stage.
    first = builders.submitted(builders.retained(builders.CHANGSHA))
    assert (
        staffing.post(reverse("oversight:mandate_review", args=[first.pk]), {"decision": "accept"}).status_code == 403
    )
