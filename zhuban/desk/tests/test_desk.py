"""Each persona's home page (工作台) lists what is theirs to do, by deadline, each item linking
to the page where it is done, and nothing their grants and capabilities do not allow."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from zhuban.consolidation.tests import builders as consolidation
from zhuban.decision import services as decisions
from zhuban.decision.queries import assessment_of
from zhuban.inspection.models import Finding
from zhuban.inspection.tests import builders as inspection
from zhuban.lib.todo import Item, by_deadline, pile
from zhuban.oversight import services as oversight_services
from zhuban.oversight.tests import builders as oversight
from zhuban.testing.personas import PERSONAS, ensure_persona

pytestmark = pytest.mark.django_db

HOME = reverse("desk:home")
TONGCHENG_WUHAN = "通城县人民政府驻武汉办事处"
CHONGYANG_WUHAN = "崇阳县人民政府驻武汉联络处"


def piles(client) -> dict:
    response = client.get(HOME)
    assert response.status_code == 200
    return {p.key: p for p in response.context["desk"].piles}


def titles(pile) -> list[str]:
    return [i.title for i in pile.items]


def test_signing_in_leads_to_the_home_page(client, tongcheng_clerk):
    from zhuban.testing.personas import PASSWORD

    response = client.post(reverse("org:login"), {"username": "tongcheng_clerk", "password": PASSWORD})
    assert response.status_code == 302 and response.url == HOME


def test_a_county_clerk_has_their_own_countys_offices_to_propose_for_and_nobody_elses(as_persona):
    own = piles(as_persona("tongcheng_clerk"))["decision.propose"]
    assert TONGCHENG_WUHAN in titles(own) and CHONGYANG_WUHAN not in titles(own)
    assert all(i.url.startswith("/decisions/offices/") and i.url.endswith("/propose/") for i in own.items)


def test_a_proposal_leaves_the_clerks_pile_and_waits_in_the_city_bureaus(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    proposal = decisions.proposal_submit(
        actor=ensure_persona("tongcheng_clerk"), office=office, assessment=assessment_of(office), disposition="revoke"
    )
    assert TONGCHENG_WUHAN not in titles(piles(as_persona("tongcheng_clerk"))["decision.propose"])
    review = piles(as_persona("city_officer"))["decision.submitted"]
    assert [(i.title, i.url) for i in review.items] == [
        (TONGCHENG_WUHAN, reverse("decision:proposal_review", args=[proposal.pk]))
    ]
    assert review.url == reverse("decision:queue") + "?state=submitted"
    # The county's clerk and the auditor review nothing.
    assert "decision.submitted" not in piles(as_persona("tongcheng_clerk"))
    assert "decision.submitted" not in piles(as_persona("auditor"))


def test_a_returned_proposal_is_the_clerks_to_propose_again_with_the_citys_comments(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    proposal = decisions.proposal_submit(
        actor=ensure_persona("tongcheng_clerk"), office=office, assessment=assessment_of(office), disposition="revoke"
    )
    decisions.proposal_return(actor=ensure_persona("city_officer"), proposal=proposal, comments="请补充人员情况")
    returned = piles(as_persona("tongcheng_clerk"))["decision.returned"]
    assert [(i.title, i.note) for i in returned.items] == [(TONGCHENG_WUHAN, "请补充人员情况")]
    assert returned.items[0].url == reverse("decision:proposal_create", args=[office.pk])
    assert "decision.returned" not in piles(as_persona("chongyang_clerk"))


def test_the_sub_tasks_of_an_open_dossier_are_its_countys_with_their_time_limits(as_persona):
    dossier = consolidation.dossier_for()
    tasks = piles(as_persona("tongcheng_clerk"))["consolidation.tasks"]
    assert set(titles(tasks)) == {TONGCHENG_WUHAN}
    assert tasks.count == len(dossier.task_kinds)
    assert all(i.url.startswith(dossier.get_absolute_url() + "#task-") for i in tasks.items)
    assert "consolidation.tasks" not in piles(as_persona("chongyang_clerk"))
    assert "consolidation.tasks" not in piles(as_persona("inspector"))


def test_a_finding_is_the_countys_to_rectify_marked_overdue_and_then_the_inspectors_to_accept(as_persona):
    finding = inspection.finding()
    rectify = piles(as_persona("tongcheng_clerk"))["inspection.rectify"]
    assert [(i.title, i.url, i.due_on) for i in rectify.items] == [
        (TONGCHENG_WUHAN, reverse("inspection:finding_rectify", args=[finding.pk]), finding.due_on)
    ]
    assert rectify.overdue == 1 and rectify.items[0].overdue  # due in 2015
    assert "inspection.rectify" not in piles(as_persona("chongyang_clerk"))
    answered = inspection.finding(state=Finding.Status.ANSWERED)
    for persona in ("inspector", "team_member"):
        accept = piles(as_persona(persona))["inspection.accept"]
        assert reverse("inspection:finding_review", args=[answered.pk]) in [i.url for i in accept.items]
    assert "inspection.accept" not in piles(as_persona("tongcheng_clerk"))


def test_a_submitted_mandate_waits_for_the_city_bureau_and_a_draft_for_the_offices_staff(as_persona):
    office = oversight.retained()
    draft = oversight.draft(office)
    assert [i.url for i in piles(as_persona("liaison_staff"))["oversight.drafts"].items] == [
        reverse("oversight:mandate_edit", args=[draft.pk])
    ]
    oversight_services.mandate_submit(actor=ensure_persona("liaison_staff"), mandate=draft)
    waiting = piles(as_persona("city_officer"))["oversight.mandates"]
    assert [i.url for i in waiting.items] == [reverse("oversight:mandate_review", args=[draft.pk])]
    assert "oversight.mandates" not in piles(as_persona("liaison_staff"))


def test_a_cadre_past_the_rotation_term_is_overdue_for_whoever_keeps_the_post_history(as_persona):
    posting = oversight.posting(posted_on=date(2010, 3, 1))
    rotation = piles(as_persona("liaison_staff"))["oversight.rotation"]
    assert [(i.title, i.url) for i in rotation.items] == [
        (posting.name, reverse("oversight:posting_end", args=[posting.pk]))
    ]
    assert rotation.overdue == 1
    assert "oversight.rotation" not in piles(as_persona("auditor"))


def test_the_auditor_has_nothing_to_do_and_is_told_so(as_persona):
    response = as_persona("auditor").get(HOME)
    assert response.context["desk"].piles == []
    assert "目前没有需要您办理的事项" in response.content.decode()


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_every_item_on_every_home_page_opens_for_its_persona(as_persona, persona):
    """No dead links and nothing out of reach: each item's page answers 200 (or asks for the
    second factor) for the persona who was shown it."""
    consolidation.dossier_for()
    inspection.finding(state=Finding.Status.ANSWERED)
    client = as_persona(persona)
    for p in piles(client).values():
        for item in p.items:
            url = item.url.split("#", 1)[0]
            assert client.get(url).status_code == 200, (persona, p.key, url)
        if p.url:
            assert client.get(p.url).status_code == 200, (persona, p.key, p.url)


def test_the_current_navigation_item_is_marked(as_persona):
    body = as_persona("tongcheng_clerk").get(HOME).content.decode()
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', body)
    assert current == [HOME]
    offices = as_persona("tongcheng_clerk").get(reverse("registry:office_list")).content.decode()
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', offices) == [reverse("registry:office_list")]


def test_a_pile_puts_the_overdue_first_then_the_soonest_and_the_undated_last():
    today = date(2015, 9, 1)
    items = [
        Item("无期限", "/a/"),
        Item("下周", "/b/", due_on=date(2015, 9, 8)),
        Item("已逾期", "/c/", due_on=date(2015, 8, 1)),
        Item("明天", "/d/", due_on=date(2015, 9, 2)),
    ]
    made = pile("k", "标题", items, today=today)
    assert [i.title for i in made.items] == ["已逾期", "明天", "下周", "无期限"]
    assert made.overdue == 1 and made.count == 4
    assert pile("k", "标题", [], today=today) is None
    assert by_deadline([]) == []


def test_the_home_page_says_how_many_notifications_are_unread_and_leads_to_them(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    proposal = decisions.proposal_submit(
        actor=ensure_persona("tongcheng_clerk"), office=office, assessment=assessment_of(office), disposition="revoke"
    )
    decisions.proposal_return(actor=ensure_persona("city_officer"), proposal=proposal, comments="请补充")
    body = as_persona("tongcheng_clerk").get(HOME).content.decode()
    assert f'href="{reverse("notifications:inbox")}?show=unread"' in body and "条未读通知" in body
    assert "条未读通知" not in as_persona("auditor").get(HOME).content.decode()
