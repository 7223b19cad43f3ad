"""Where someone else must act, the page says who instead of offering a button."""

import pytest
from django.urls import reverse

from zhuban.decision import services
from zhuban.decision.queries import assessment_of

pytestmark = pytest.mark.django_db


def test_a_county_clerk_sees_who_reviews_their_proposal_and_the_city_bureau_gets_the_button(
    as_persona, office_of, tongcheng_clerk
):
    office = office_of("通城县人民政府驻武汉办事处")
    proposal = services.proposal_submit(
        actor=tongcheng_clerk, office=office, assessment=assessment_of(office), disposition="revoke"
    )
    panel = reverse("decision:office_panel", args=[office.pk])
    review = reverse("decision:proposal_review", args=[proposal.pk])

    clerk_page = as_persona("tongcheng_clerk").get(panel).content.decode()
    assert "由市机关事务管理局审核精简整合意见" in clerk_page and review not in clerk_page

    city_page = as_persona("city_officer").get(panel).content.decode()
    assert review in city_page and "由市机关事务管理局审核" not in city_page
