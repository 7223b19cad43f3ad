"""Every URL the project defines, for every persona: no leak, and no URL left unclassified.

Each URL name is classified here with the status each persona must get when it asks for a
record of 通城县 (the county of the clerk who owns it). A new URL fails this test until
someone decides who may see it.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zhuban.decision import services
from zhuban.decision.models import Decision
from zhuban.decision.queries import assessment_of
from zhuban.registry.models import Asset, BusinessEntity, Office, StaffMember

User = get_user_model()

pytestmark = pytest.mark.django_db

PERSONAS = [
    "city_officer",
    "tongcheng_clerk",
    "chongyang_clerk",
    "zhaoshang_clerk",
    "inspector",
    "auditor",
    "wuhan_office",
    None,  # anonymous
]
LOGIN = 302  # anonymous users are sent to the login page

# status per persona, in the order of PERSONAS
READ_TONGCHENG = (200, 200, 404, 404, 200, 200, 200, LOGIN)
WRITE_TONGCHENG = (200, 200, 404, 404, 403, 403, 403, LOGIN)
ANY_SIGNED_IN = (200, 200, 200, 200, 200, 200, 200, LOGIN)
WRITERS = (200, 200, 200, 200, 403, 403, 403, LOGIN)
AUDIT_TRAIL = (200, 403, 403, 403, 403, 200, 403, LOGIN)
# Only the city bureau's personas hold an authenticator; the others are sent on to enrol one.
ANY_SIGNED_IN_ENROLLED = (200, 302, 302, 302, 302, 302, 302, LOGIN)
CITY_BUREAU_TONGCHENG = (200, 403, 404, 404, 403, 403, 403, LOGIN)
# Things every participant sees but only the city bureau changes (the campaign's plan).
CITY_BUREAU = (200, 403, 403, 403, 403, 403, 403, LOGIN)

MATRIX: dict[str, tuple[int, ...]] = {
    "org:home": (302,) * 8,
    "org:login": (302, 302, 302, 302, 302, 302, 302, 200),
    "org:logout": (405,) * 8,  # POST only
    "set_language": (302,) * 8,
    "registry:office_list": ANY_SIGNED_IN,
    "registry:office_create": WRITERS,
    "registry:office_detail": READ_TONGCHENG,
    "registry:office_edit": WRITE_TONGCHENG,
    "registry:office_history": READ_TONGCHENG,
    "registry:asset_create": WRITE_TONGCHENG,
    "registry:asset_edit": WRITE_TONGCHENG,
    "registry:staff_create": WRITE_TONGCHENG,
    "registry:staff_edit": WRITE_TONGCHENG,
    "registry:entity_create": WRITE_TONGCHENG,
    "registry:entity_edit": WRITE_TONGCHENG,
    "audit:entry_list": AUDIT_TRAIL,
    "org:otp_verify": ANY_SIGNED_IN_ENROLLED,
    "org:otp_setup": (302, 200, 200, 200, 200, 200, 200, LOGIN),  # an enrolled account uses its authenticator
    "policy:assess": (405,) * 8,  # POST only; its 401/403/200 are in zhuban/policy/tests/test_api.py
    "campaign:dashboard": ANY_SIGNED_IN,
    "campaign:campaign_dashboard": ANY_SIGNED_IN,
    "campaign:campaign_plan": ANY_SIGNED_IN,
    "campaign:campaign_settings": CITY_BUREAU,
    "campaign:campaign_copy": CITY_BUREAU,
    "campaign:phase_edit": CITY_BUREAU,
    "campaign:requirement_edit": CITY_BUREAU,
    "campaign:submission_detail": READ_TONGCHENG,
    "campaign:submission_submit": WRITE_TONGCHENG,
    "campaign:submission_review": CITY_BUREAU_TONGCHENG,
    "campaign:task_force_edit": WRITE_TONGCHENG,
    "notifications:inbox": ANY_SIGNED_IN,
    "notifications:mark_all_read": (405,) * 7 + (LOGIN,),  # POST only
    # A notification is its recipient's alone (the clerk of 通城县 here): opening it follows its link.
    "notifications:open": (404, 302, 404, 404, 404, 404, 404, LOGIN),
    "notifications:mark_read": (405,) * 7 + (LOGIN,),  # POST only; someone else's id is 404 (notifications tests)
    "decision:board": ANY_SIGNED_IN,
    "decision:policy_settings": ANY_SIGNED_IN,
    "decision:proposal_batch": WRITERS,
    "decision:office_panel": READ_TONGCHENG,
    "decision:proposal_create": WRITE_TONGCHENG,
    "decision:proposal_review": CITY_BUREAU_TONGCHENG,
    "decision:city_approval": CITY_BUREAU_TONGCHENG,
    "decision:province_approval": CITY_BUREAU_TONGCHENG,
    "decision:city_file": READ_TONGCHENG,
    "decision:province_file": READ_TONGCHENG,
    "workbook:index": ANY_SIGNED_IN,
    "workbook:template": ANY_SIGNED_IN,
    "workbook:export": ANY_SIGNED_IN,  # each persona exports what they may see
    "workbook:upload": (405,) * 7 + (LOGIN,),  # POST only; its 403 is in zhuban/workbook/tests/test_pages.py
    # An upload and its preview belong to the uploader alone (the clerk of 通城县 here).
    "workbook:preview": (404, 200, 404, 404, 404, 404, 404, LOGIN),
    "workbook:commit": (405,) * 7 + (LOGIN,),  # POST only
    "consolidation:results": ANY_SIGNED_IN,
    "consolidation:office_panel": READ_TONGCHENG,
    "consolidation:dossier_open": CITY_BUREAU_TONGCHENG,
    "consolidation:dossier_detail": READ_TONGCHENG,
    "consolidation:task_edit": WRITE_TONGCHENG,
    "consolidation:evidence_upload": WRITE_TONGCHENG,
    "consolidation:evidence_file": READ_TONGCHENG,
    "consolidation:deregistration_record": WRITE_TONGCHENG,
    "consolidation:quota_record": WRITE_TONGCHENG,
    "consolidation:asset_dispose": WRITE_TONGCHENG,
    "consolidation:obligation_add": WRITE_TONGCHENG,
    "consolidation:obligation_settle": WRITE_TONGCHENG,
    "consolidation:staff_place": WRITE_TONGCHENG,
    # A merger into the city's office changes that office too: the county clerk may not.
    "consolidation:carry_over": CITY_BUREAU_TONGCHENG,
    "consolidation:dossier_close": CITY_BUREAU_TONGCHENG,
    "consolidation:window_list": ANY_SIGNED_IN,
    "consolidation:window_apply": WRITE_TONGCHENG,
    "consolidation:window_detail": READ_TONGCHENG,
    "consolidation:window_member_add": WRITE_TONGCHENG,
    "consolidation:window_decide": CITY_BUREAU_TONGCHENG,
    "consolidation:window_file": READ_TONGCHENG,
    "consolidation:report": READ_TONGCHENG,
    "consolidation:report_edit": WRITE_TONGCHENG,
    "consolidation:report_docx": READ_TONGCHENG,
    "consolidation:report_xlsx": READ_TONGCHENG,
    "consolidation:report_submit": (405,) * 7 + (LOGIN,),  # POST only: see test_report.py
}


def all_url_names(resolver=None, namespace: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return names


def tongcheng_decision(office: Office) -> Decision:
    """A proposal and an approved decision of 通城县, with both approval files, made once."""
    existing = Decision.objects.filter(office=office).first()
    if existing:
        return existing
    clerk, city = User.objects.get(username="tongcheng_clerk"), User.objects.get(username="city_officer")
    proposal = services.proposal_submit(
        actor=clerk, office=office, assessment=assessment_of(office), disposition="revoke"
    )
    services.proposal_accept(actor=city, proposal=proposal)
    decision = services.decision_record_city_approval(
        actor=city,
        proposal=proposal,
        document="咸政函〔2015〕45号",
        approved_on=date(2015, 8, 10),
        file=SimpleUploadedFile("city.pdf", b"%PDF-1.4 city"),
    )
    # Only the Wuhan office's retention waits for the province; give this one a province file
    # anyway so the download's access can be checked.
    decision.province_file = SimpleUploadedFile("province.pdf", b"%PDF-1.4 province")
    decision.save()
    return decision


def tongcheng_args(name: str) -> list[int]:
    """Arguments that point at 通城县's records (or none)."""
    office = Office.objects.get(name="通城县人民政府驻武汉办事处")
    by_child = {
        "registry:asset_edit": Asset.objects.filter(office=office).first,
        "registry:staff_edit": StaffMember.objects.filter(office=office).first,
        "registry:entity_edit": BusinessEntity.objects.filter(office=office).first,
        "decision:proposal_review": lambda: tongcheng_decision(office).proposal,
        "decision:city_approval": lambda: tongcheng_decision(office).proposal,
        "decision:province_approval": lambda: tongcheng_decision(office),
        "decision:city_file": lambda: tongcheng_decision(office),
        "decision:province_file": lambda: tongcheng_decision(office),
    }
    if name in by_child:
        return [by_child[name]().pk]
    if name.startswith("campaign:"):
        return campaign_args(name)
    if name.startswith("consolidation:"):
        from zhuban.consolidation.tests.builders import matrix_args

        return matrix_args(name)
    if name in {"notifications:open", "notifications:mark_read"}:
        return [tongcheng_notification().pk]
    if name.startswith("workbook:"):
        from zhuban.workbook.tests.builders import matrix_args

        return matrix_args(name)
    if name in {"decision:office_panel", "decision:proposal_create"}:
        return [office.pk]
    if name.startswith("registry:office_") and name not in {"registry:office_list", "registry:office_create"}:
        return [office.pk]
    if name.startswith("registry:") and name.endswith("_create") and name != "registry:office_create":
        return [office.pk]
    return []


def tongcheng_notification():
    """A notification to the clerk of 通城县 about its own task-force submission."""
    from zhuban.audit.services import Actor
    from zhuban.campaign.models import Campaign, Submission
    from zhuban.notifications.services import notification_send

    submission = Submission.objects.get(
        campaign=Campaign.objects.get(is_default=True), jurisdiction__name="通城县", requirement__code="task_force"
    )
    sent = notification_send(
        event="submission_returned",
        recipients=[User.objects.get(username="tongcheng_clerk")],
        key="matrix",
        obj=submission,
        jurisdiction_path=submission.jurisdiction.path,
        params={"jurisdiction": "通城县", "requirement": "工作专班", "comment": "请补充"},
        link=submission.get_absolute_url(),
        actor=Actor.system("test"),
    )
    return sent.created[0]


def campaign_args(name: str) -> list[int]:
    """The default campaign, its first phase and requirement, or 通城县's task-force submission."""
    from zhuban.campaign.models import Campaign, Submission

    campaign = Campaign.objects.get(is_default=True)
    if name.startswith("campaign:submission_") or name == "campaign:task_force_edit":
        submission = Submission.objects.get(
            campaign=campaign, jurisdiction__name="通城县", requirement__code="task_force"
        )
        return [submission.pk]
    if name == "campaign:phase_edit":
        return [campaign.phases.first().pk]
    if name == "campaign:requirement_edit":
        return [campaign.requirements.first().pk]
    if name.startswith("campaign:campaign_"):
        return [campaign.pk]
    return []


def test_every_url_is_classified():
    unclassified = sorted(set(all_url_names()) - set(MATRIX))
    assert unclassified == [], f"classify these URLs in MATRIX: {unclassified}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_persona_gets_exactly_the_access_the_matrix_says(name, as_persona):
    url = reverse(name, args=tongcheng_args(name))
    got = tuple(as_persona(persona).get(url).status_code for persona in PERSONAS)
    assert got == MATRIX[name], f"{url}: " + ", ".join(
        f"{p or 'anonymous'} {g}≠{e}" for p, g, e in zip(PERSONAS, got, MATRIX[name], strict=True) if g != e
    )


@pytest.mark.parametrize("name", sorted(n for n, row in MATRIX.items() if row == WRITE_TONGCHENG))
def test_no_write_reaches_the_database_from_a_persona_without_the_right(name, as_persona):
    from zhuban.audit.models import AuditEntry

    url = reverse(name, args=tongcheng_args(name))
    before = AuditEntry.objects.count()
    for persona, expected in zip(PERSONAS, MATRIX[name], strict=True):
        if expected != 200:
            response = as_persona(persona).post(url, {"name": "x", "description": "x", "headcount": "1"})
            assert response.status_code == expected, persona
    assert AuditEntry.objects.count() == before


def test_missing_and_out_of_scope_both_get_the_same_chinese_page(as_persona, office_of):
    client = as_persona("chongyang_clerk")
    hidden_url = reverse("registry:office_detail", args=[office_of("通城县人民政府驻武汉办事处").pk])
    hidden, missing = client.get(hidden_url), client.get("/offices/999999/")
    assert hidden.status_code == missing.status_code == 404
    assert "您要查看的页面或记录不存在" in hidden.content.decode()
    assert without_csrf_tokens(hidden.content, hidden_url) == without_csrf_tokens(missing.content, "/offices/999999/")


def without_csrf_tokens(html: bytes, path: str = "") -> str:
    """The page with its per-response CSRF tokens blanked (they are masked afresh every time) and
    its own address (the language switch returns to it) replaced."""
    import re

    text = html.decode().replace(f'value="{path}"', 'value="PATH"') if path else html.decode()
    text = re.sub(r'"X-CSRFToken": "[^"]+"', '"X-CSRFToken": ""', text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', text)


def test_read_only_gets_a_chinese_refusal(as_persona, office_of):
    response = as_persona("inspector").get(
        reverse("registry:office_edit", args=[office_of("通城县人民政府驻武汉办事处").pk])
    )
    assert response.status_code == 403 and "无权进行此项操作" in response.content.decode()
