"""A revocation or merger is carried out through its dossier, and nothing is lost on the way:
through the pages, as the county clerk and the city bureau use them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.consolidation import services
from zhuban.consolidation.models import CarriedItem, Disposal, Dossier, Evidence, Obligation, Placement
from zhuban.consolidation.tests import builders
from zhuban.decision.models import Decision
from zhuban.registry import services as registry
from zhuban.registry.models import Asset, Office, StaffMember

pytestmark = pytest.mark.django_db


def close(client, dossier, on="2015-08-31"):
    return client.post(reverse("consolidation:dossier_close", args=[dossier.pk]), {"closed_on": on})


def refusal(response) -> str:
    return " ".join(str(e) for e in response.context["form"].non_field_errors())


# ---- Opening --------------------------------------------------------------------------------------


def test_an_approved_revocation_opens_its_dossier_with_every_sub_task():
    dossier = builders.dossier_for()
    assert dossier.kind == "revoke" and dossier.status == "open"
    assert sorted(dossier.tasks.values_list("kind", flat=True)) == sorted(
        ["deregistration", "quota", "assets", "money", "staff", "decoupling"]
    )
    task = dossier.tasks.get(kind="quota")
    assert task.due_on == date(2015, 8, 31) and "机构编制" in task.owner
    assert AuditEntry.objects.filter(action="dossier.open", subject_id=str(dossier.office_id)).count() == 1


def test_a_merger_gets_a_carry_over_sub_task_as_well():
    dossier = builders.merge_dossier()
    assert dossier.kind == "merge" and dossier.survivor.name == builders.SURVIVOR
    assert "merge" in dossier.tasks.values_list("kind", flat=True)


def test_opening_twice_gives_the_one_dossier(as_persona, office_of):
    decision = builders.approved_decision(office_of(builders.TONGCHENG_WUHAN))
    Dossier.objects.filter(decision=decision).exists()
    city = as_persona("city_officer")
    url = reverse("consolidation:dossier_open", args=[decision.pk])
    assert city.post(url).status_code == 302 and city.post(url).status_code == 302
    assert Dossier.objects.filter(office=decision.office).count() == 1
    assert AuditEntry.objects.filter(action="dossier.open", subject_id=str(decision.office_id)).count() == 1


def test_only_the_city_bureau_opens_a_dossier(as_persona, office_of):
    decision = builders.approved_decision(office_of(builders.TONGCHENG_WUHAN))
    url = reverse("consolidation:dossier_open", args=[decision.pk])
    assert as_persona("tongcheng_clerk").post(url).status_code == 403
    assert as_persona("chongyang_clerk").post(url).status_code == 404


# ---- Closing is refused while anything is left ------------------------------------------------------


def test_a_dossier_cannot_close_with_one_asset_undisposed(as_persona):
    dossier = builders.dossier_for()
    car = dossier.office.assets.get(category="vehicle")
    builders.complete(dossier, leave_asset=car)
    response = close(as_persona("city_officer"), dossier)
    assert response.status_code == 422
    assert "公务用车（帕萨特）" in refusal(response) and "尚未处置" in refusal(response)
    dossier.refresh_from_db()
    assert dossier.status == "open" and Office.objects.get(pk=dossier.office_id).status == "active"


def test_a_dossier_cannot_close_with_one_person_unplaced(as_persona):
    dossier = builders.dossier_for()
    person = dossier.office.staff.order_by("id").last()
    builders.complete(dossier, leave_staff=person)
    response = close(as_persona("city_officer"), dossier)
    assert response.status_code == 422 and f"{person.name}尚未安置" in refusal(response)
    assert Office.objects.get(pk=dossier.office_id).status == "active"


def test_a_dossier_cannot_close_while_the_money_does_not_reconcile_to_zero(as_persona):
    dossier = builders.dossier_for()
    builders.complete(dossier, leave_money=True)
    response = close(as_persona("city_officer"), dossier)
    assert response.status_code == 422 and "尚有余额3000.00元未清理" in refusal(response)
    payable = Obligation.objects.get(office=dossier.office, kind="payable")
    services.obligation_settle(
        actor=builders.ensure_persona("city_officer"),
        obligation=payable,
        method="transferred",
        amount=Decimal("3000.00"),
        transferred_to="通城县人民政府办公室",
        settled_on=builders.ON,
    )
    assert close(as_persona("city_officer"), dossier).status_code == 302


def test_a_sub_task_without_its_evidence_keeps_the_dossier_open(as_persona):
    dossier = builders.dossier_for()
    builders.complete(dossier)
    Evidence.objects.filter(dossier=dossier, task="quota").update(task="assets")
    response = close(as_persona("city_officer"), dossier)
    assert response.status_code == 422 and "“收回编制”尚未上传证明材料" in refusal(response)


def test_an_office_edited_after_its_decision_cannot_close_until_approved_again(as_persona, tongcheng_clerk):
    dossier = builders.dossier_for()
    builders.complete(dossier)
    registry.office_update(actor=tongcheng_clerk, office=dossier.office, values={"address": "武汉市洪山区"})
    response = close(as_persona("city_officer"), dossier)
    assert response.status_code == 422 and "须重新报批" in refusal(response)


# ---- Closing ----------------------------------------------------------------------------------------


def test_a_complete_dossier_closes_and_marks_the_office_revoked_on_that_date(as_persona):
    dossier = builders.complete(builders.dossier_for())
    city = as_persona("city_officer")
    page = city.get(dossier.get_absolute_url()).content.decode()
    assert "各项子任务均已完成，可以办结" in page
    assert close(city, dossier, "2015-08-28").status_code == 302
    dossier.refresh_from_db()
    office = Office.objects.get(pk=dossier.office_id)
    assert (dossier.status, dossier.closed_on, office.status) == ("closed", date(2015, 8, 28), "revoked")
    entry = AuditEntry.objects.get(action="office.close", subject_id=str(office.pk))
    assert entry.after == {"status": "revoked"} and "2015-08-28" in entry.reason
    # Closing carries the decision out; it does not flag the decision for re-approval.
    panel = city.get(reverse("decision:office_panel", args=[office.pk])).content.decode()
    assert "须重新报批" not in panel


def test_closing_twice_succeeds_once(as_persona):
    dossier = builders.complete(builders.dossier_for())
    city = as_persona("city_officer")
    assert close(city, dossier).status_code == 302
    second = city.post(reverse("consolidation:dossier_close", args=[dossier.pk]), {"closed_on": "2015-08-31"})
    assert second.status_code == 422 and "该整合档案已办结" in refusal(second)
    assert AuditEntry.objects.filter(action="dossier.close", subject_id=str(dossier.office_id)).count() == 1


def test_closing_needs_the_city_bureau_and_its_second_factor(as_persona):
    dossier = builders.complete(builders.dossier_for())
    assert close(as_persona("tongcheng_clerk"), dossier).status_code == 403
    unverified = close(as_persona("city_officer", second_factor=False), dossier)
    assert unverified.status_code == 302 and reverse("org:otp_verify") in unverified.url
    assert Dossier.objects.get(pk=dossier.pk).status == "open"


def test_nothing_is_closed_by_editing_a_status_field(as_persona):
    dossier = builders.dossier_for()
    clerk = as_persona("tongcheng_clerk")
    office = dossier.office
    asset = office.assets.first()
    clerk.post(reverse("registry:office_edit", args=[office.pk]), {"status": "revoked"})
    assert Office.objects.get(pk=office.pk).status == "active"
    response = clerk.post(
        reverse("registry:asset_edit", args=[asset.pk]),
        {"category": asset.category, "description": asset.description, "book_value": "1", "status": "disposed"},
    )
    assert response.status_code == 422 and Asset.objects.get(pk=asset.pk).status != "disposed"
    # A sub-task has no status to post: its status is worked out from the records.
    clerk.post(
        reverse("consolidation:task_edit", args=[dossier.pk, "assets"]),
        {"owner": "通城县人民政府", "due_on": "2015-08-31", "status": "done"},
    )
    page = clerk.get(dossier.get_absolute_url()).content.decode()
    assert 'data-task="assets" data-status="not_started"' in page


# ---- Assets -----------------------------------------------------------------------------------------


def dispose(client, asset, **data):
    return client.post(reverse("consolidation:asset_dispose", args=[asset.pk]), data)


def test_an_asset_is_disposed_of_once_and_becomes_disposed_only_so(as_persona):
    dossier = builders.dossier_for()
    building = dossier.office.assets.get(category="building")
    clerk = as_persona("tongcheng_clerk")
    data = {
        "disposal_type": "free_transfer",
        "receiver": "通城县机关事务管理局",
        "certificate_or_plate": building.certificate_number,
        "approval_document": "通国资〔2015〕8号",
        "disposed_on": "2015-08-20",
        "file": builders.pdf("划转批复.pdf"),
    }
    assert dispose(clerk, building, **data).status_code == 302
    data["file"] = builders.pdf("划转批复.pdf")
    second = dispose(clerk, building, **data)
    assert second.status_code == 422 and "已经处置" in refusal(second)
    disposal = Disposal.objects.get(asset=building)
    assert Asset.objects.get(pk=building.pk).status == "disposed"
    assert disposal.book_value == building.book_value and len(disposal.evidence.sha256) == 64
    assert AuditEntry.objects.filter(action="asset.dispose", subject_id=str(dossier.office_id)).count() == 1


def test_a_price_below_the_appraisal_needs_a_recorded_approval(as_persona):
    dossier = builders.dossier_for()
    car = dossier.office.assets.get(category="vehicle")
    clerk = as_persona("tongcheng_clerk")
    data = {
        "disposal_type": "paid_transfer",
        "channel": "auction",
        "receiver": "武汉某拍卖行买受人",
        "certificate_or_plate": car.plate_number,
        "appraisal_value": "120000",
        "price": "98000",
        "approval_document": "通国资〔2015〕9号",
        "disposed_on": "2015-08-21",
    }
    response = dispose(clerk, car, **data)
    assert response.status_code == 422
    assert "低于评估价值" in str(response.context["form"].errors["below_appraisal_approval"])
    assert not Disposal.objects.filter(asset=car).exists() and Asset.objects.get(pk=car.pk).status != "disposed"
    assert dispose(clerk, car, below_appraisal_approval="通国资〔2015〕10号", **data).status_code == 302
    assert Disposal.objects.get(asset=car).realised_value == Decimal("98000")


def test_a_paid_transfer_needs_its_channel_and_land_its_certificate(as_persona, tongcheng_clerk):
    dossier = builders.dossier_for()
    land = registry.asset_add(
        actor=tongcheng_clerk,
        office=dossier.office,
        values={"category": "land", "description": "仓库用地", "area": Decimal("300"), "book_value": Decimal("500000")},
    )
    response = dispose(
        as_persona("tongcheng_clerk"),
        land,
        disposal_type="paid_transfer",
        receiver="买受人",
        appraisal_value="500000",
        price="520000",
        approval_document="通国资〔2015〕11号",
        disposed_on="2015-08-21",
    )
    errors = response.context["form"].errors
    assert response.status_code == 422 and "channel" in errors
    assert "权属证书编号" in str(errors["certificate_or_plate"])


# ---- Quota, staff and money -------------------------------------------------------------------------


def test_a_quota_recovery_that_differs_from_the_approved_quota_must_be_explained(as_persona):
    dossier = builders.dossier_for()
    clerk = as_persona("tongcheng_clerk")
    url = reverse("consolidation:quota_record", args=[dossier.pk])
    data = {"posts_recovered": 4, "confirmed_by": "通城县编办", "document_number": "通编〔2015〕1号"}
    response = clerk.post(url, {**data, "confirmed_on": "2015-08-20"})
    assert response.status_code == 422
    assert "收回编制数（4）与核定编制数（6）不一致" in str(response.context["form"].errors["difference_reason"])
    ok = clerk.post(url, {**data, "confirmed_on": "2015-08-20", "difference_reason": "2名编制2014年已先行收回"})
    assert ok.status_code == 302 and dossier.quota_recovery.approved_quota == 6


def test_only_a_local_hire_can_be_placed_by_ending_the_contract(as_persona):
    dossier = builders.dossier_for()
    person = dossier.office.staff.filter(employment="establishment").first()
    response = as_persona("tongcheng_clerk").post(
        reverse("consolidation:staff_place", args=[person.pk]),
        {"destination": "contract_ended", "placed_on": "2015-08-20"},
    )
    assert response.status_code == 422 and "只有驻地聘用人员" in str(response.context["form"].errors)
    assert StaffMember.objects.get(pk=person.pk).status == "serving"


def test_a_person_is_placed_once_and_becomes_placed_only_so(as_persona):
    dossier = builders.dossier_for()
    person = dossier.office.staff.first()
    clerk = as_persona("tongcheng_clerk")
    url = reverse("consolidation:staff_place", args=[person.pk])
    data = {"destination": "transferred", "unit_name": "通城县招商局", "placed_on": "2015-08-20"}
    assert clerk.post(url, data).status_code == 302
    assert clerk.post(url, data).status_code == 422
    assert StaffMember.objects.get(pk=person.pk).status == "placed"
    assert Placement.objects.get(staff=person).unit_name == "通城县招商局"


def test_a_settlement_cannot_take_more_than_the_remaining_balance_and_an_account_closes_in_full(as_persona):
    dossier = builders.dossier_for()
    receivable = builders.obligation(dossier, "receivable", "5000.00")
    clerk = as_persona("tongcheng_clerk")
    url = reverse("consolidation:obligation_settle", args=[receivable.pk])
    part = {"method": "settled", "amount": "2000", "settled_on": "2015-08-20"}
    assert clerk.post(url, part).status_code == 302
    too_much = clerk.post(url, {**part, "amount": "3000.01"})
    assert too_much.status_code == 422 and "超过尚未清理的余额3000.00元" in str(too_much.context["form"].errors)
    account = builders.obligation(dossier, "bank_account", "800.00")
    url = reverse("consolidation:obligation_settle", args=[account.pk])
    half = clerk.post(url, {"method": "account_closed", "amount": "400", "settled_on": "2015-08-20"})
    assert half.status_code == 422 and "800.00" in str(half.context["form"].errors["amount"])


# ---- Merger -----------------------------------------------------------------------------------------


def test_a_merger_carries_assets_staff_and_open_obligations_to_the_survivor_in_one_step(as_persona, city_officer):
    dossier = builders.merge_dossier()
    merging, survivor = dossier.office, dossier.survivor
    registry.asset_add(
        actor=city_officer,
        office=merging,
        values={"category": "other", "description": "办公电脑", "book_value": Decimal("24000")},
    )
    receivable = builders.obligation(dossier, "receivable", "5000.00")
    services.obligation_settle(
        actor=city_officer, obligation=receivable, method="settled", amount=Decimal("2000"), settled_on=builders.ON
    )
    builders.obligation(dossier, "bank_account", "1000.00")
    survivor_staff = survivor.staff.count()

    response = as_persona("city_officer").post(
        reverse("consolidation:carry_over", args=[dossier.pk]),
        {"carried_on": "2015-08-25", "document": "咸政函〔2015〕46号"},
    )
    assert response.status_code == 302

    computer = Asset.objects.get(office=survivor, description="办公电脑")
    assert computer.book_value == Decimal("24000") and computer.carried_from.get().receiver == survivor.name
    assert survivor.staff.count() == survivor_staff + merging.staff.count()
    assert set(Placement.objects.filter(staff__office=merging).values_list("destination", flat=True)) == {"transferred"}
    carried = Obligation.objects.get(office=survivor, carried_from=receivable)
    assert carried.amount == Decimal("3000.00")
    kinds = list(CarriedItem.objects.filter(carry_over__dossier=dossier).values_list("item", flat=True))
    assert sorted(kinds) == sorted(["asset", "staff", "staff", "obligation", "obligation"])

    # What is left is the paperwork; then the office closes as merged.
    builders.complete(dossier)
    assert close(as_persona("city_officer"), dossier).status_code == 302
    assert Office.objects.get(pk=merging.pk).status == "merged"
    assert Office.objects.get(pk=survivor.pk).status == "active"


def test_the_county_clerk_cannot_carry_over_into_the_citys_office(as_persona):
    dossier = builders.merge_dossier()
    url = reverse("consolidation:carry_over", args=[dossier.pk])
    assert as_persona("tongcheng_clerk").post(url, {"carried_on": "2015-08-25", "document": "x"}).status_code == 403
    assert not CarriedItem.objects.exists()


# ---- Asset loss -------------------------------------------------------------------------------------


def test_an_asset_that_left_the_books_without_a_disposal_is_shown_as_a_loss_everywhere(as_persona, office_of):
    office = office_of("赤壁市人民政府驻武汉办事处")
    building = office.assets.get()
    # As an import or a direct database edit could leave it: disposed, with no disposal recorded.
    Asset.objects.filter(pk=building.pk).update(status="disposed")
    city = as_persona("city_officer")
    results = city.get(reverse("consolidation:results"))
    assert [a.pk for a in results.context["figures"].losses] == [building.pk]
    assert f'data-loss="{building.pk}"' in results.content.decode()
    panel = city.get(reverse("consolidation:office_panel", args=[office.pk])).content.decode()
    assert "资产流失" in panel and building.description in panel


def test_an_asset_still_on_the_books_of_a_revoked_office_is_a_loss(as_persona, office_of):
    office = office_of(builders.TONGCHENG_WUHAN)
    Office.objects.filter(pk=office.pk).update(status="revoked")
    losses = as_persona("tongcheng_clerk").get(reverse("consolidation:results")).context["figures"].losses
    assert {a.pk for a in losses} == set(office.assets.values_list("pk", flat=True))


# ---- Evidence and access ----------------------------------------------------------------------------


def test_evidence_is_checked_by_its_content_and_kept_with_its_fingerprint(as_persona):
    dossier = builders.dossier_for()
    clerk = as_persona("tongcheng_clerk")
    url = reverse("consolidation:evidence_upload", args=[dossier.pk, "deregistration"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("注销通知.pdf", b"MZ\x90\x00 not a pdf")
    response = clerk.post(url, {"file": fake})
    assert response.status_code == 422 and "注销通知.pdf" in str(response.context["form"].errors)
    assert clerk.post(url, {"file": builders.pdf("注销通知.pdf")}).status_code == 302
    evidence = Evidence.objects.get(dossier=dossier)
    assert (evidence.size, evidence.content_kind, len(evidence.sha256)) == (len(builders.PDF), "pdf", 64)
    download = reverse("consolidation:evidence_file", args=[evidence.pk])
    assert b"".join(clerk.get(download).streaming_content) == builders.PDF
    assert as_persona("chongyang_clerk").get(download).status_code == 404


def test_a_county_clerk_sees_only_their_own_dossiers(as_persona, office_of):
    mine = builders.dossier_for()
    theirs = builders.dossier_for("崇阳县人民政府驻武汉联络处")
    clerk = as_persona("tongcheng_clerk")
    rows = clerk.get(reverse("consolidation:results")).context["rows"]
    assert [r.dossier.pk for r in rows] == [mine.pk]
    assert clerk.get(theirs.get_absolute_url()).status_code == 404
    city_rows = as_persona("city_officer").get(reverse("consolidation:results")).context["rows"]
    assert {r.dossier.pk for r in city_rows} == {mine.pk, theirs.pk}


def test_an_inspector_reads_a_dossier_but_changes_nothing(as_persona):
    dossier = builders.dossier_for()
    inspector = as_persona("inspector")
    assert inspector.get(dossier.get_absolute_url()).status_code == 200
    person = dossier.office.staff.first()
    url = reverse("consolidation:staff_place", args=[person.pk])
    assert inspector.post(url, {"destination": "retired", "placed_on": "2015-08-20"}).status_code == 403
    assert not Placement.objects.exists()


def test_a_re_approved_decision_takes_over_the_open_dossier(tongcheng_clerk, city_officer):
    dossier = builders.dossier_for()
    office = dossier.office
    registry.office_update(actor=tongcheng_clerk, office=office, values={"address": "武汉市洪山区"})
    from zhuban.decision import services as decisions
    from zhuban.decision.queries import assessment_of

    proposal = decisions.proposal_submit(
        actor=tongcheng_clerk,
        office=Office.objects.get(pk=office.pk),
        assessment=assessment_of(office),
        disposition="revoke",
    )
    decisions.proposal_accept(actor=city_officer, proposal=proposal)
    newer = decisions.decision_record_city_approval(
        actor=city_officer, proposal=proposal, document="咸政函〔2015〕52号", approved_on=date(2015, 8, 15)
    )
    dossier.refresh_from_db()
    assert dossier.decision_id == newer.pk and Dossier.objects.filter(office=office).count() == 1
    assert Decision.objects.get(pk=newer.pk).status == "approved"


def test_the_results_page_reads_a_fixed_number_of_queries_whatever_the_number_of_dossiers(as_persona):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    city = as_persona("city_officer")
    url = reverse("consolidation:results")
    builders.complete(builders.dossier_for())
    city.get(url)  # warm the session and the user's grants
    with CaptureQueriesContext(connection) as one:
        city.get(url)
    builders.dossier_for("崇阳县人民政府驻武汉联络处")
    builders.merge_dossier()
    with CaptureQueriesContext(connection) as three:
        city.get(url)
    assert len(three) == len(one)
