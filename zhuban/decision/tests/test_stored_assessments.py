"""Each office's assessment is stored, so that its page does not assess its whole root; what it
rests on changing (the office, another office of its root, an approved decision, the root's
settings) makes the next reading assess the root again, and the stored result is always what a
fresh evaluation gives."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from zhuban.consolidation.tests import builders
from zhuban.decision import queries
from zhuban.decision.models import AssessmentChange, StoredAssessment
from zhuban.geo.models import City
from zhuban.org.models import Jurisdiction, Unit
from zhuban.policy import services as policy_services
from zhuban.registry import services as registry
from zhuban.registry.models import Office

pytestmark = pytest.mark.django_db


def city() -> Jurisdiction:
    return Jurisdiction.objects.get(name="咸宁市")


def offices() -> list[Office]:
    return list(Office.objects.filter(jurisdiction__path__startswith=city().path).select_related("jurisdiction"))


def stored_everywhere() -> dict[int, object]:
    """Every office of the root read as its page reads it."""
    return {o.pk: queries.assessment_of(o) for o in offices()}


def fresh_everywhere() -> dict[int, object]:
    return dict(queries.assess_city(city()))


def edit_an_office(officer) -> None:
    office = builders.office(builders.SURVIVOR)
    registry.office_update(actor=officer, office=office, values={"counterpart_assistance": True})


def register_an_office_in_the_same_group(officer) -> None:
    changsha = City.objects.get(name="长沙市")
    registry.office_register(
        actor=officer,
        values={
            "name": "咸宁市人民政府驻长沙办事处",
            "sponsor": Unit.objects.get(name="咸宁市人民政府"),
            "host_province": changsha.province,
            "host_city": changsha,
            "established_on": date(1995, 1, 1),
            "staffing_quota": 40,
            "headcount": 40,
        },
    )


def change_a_setting(officer) -> None:
    policy_services.policy_settings_change(actor=officer, root=city(), values={"approver_outside_home": "省人民政府"})


def approve_a_decision(officer) -> None:  # noqa: ARG001 - the builder acts as the city bureau
    builders.approved_decision(builders.office(builders.TONGCHENG_WUHAN))


CHANGES = {
    "an office edited": edit_an_office,
    "a new office in the same group": register_an_office_in_the_same_group,
    "a policy setting changed": change_a_setting,
    "a decision approved": approve_a_decision,
}


@pytest.mark.parametrize("change", CHANGES)
def test_after_each_kind_of_change_the_stored_assessments_are_a_fresh_evaluation(city_officer, change):
    before = stored_everywhere()
    assert StoredAssessment.objects.filter(root_path=city().path).count() == len(before)
    CHANGES[change](city_officer)
    after = stored_everywhere()
    assert after == fresh_everywhere()
    # The change mattered to some office other than a new one: a stale row would have shown.
    assert any(after[pk] != a for pk, a in before.items())


def test_another_cities_change_leaves_this_citys_assessments_stored(city_officer):
    stored_everywhere()
    other = Jurisdiction.objects.filter(level="city").exclude(pk=city().pk).first()
    policy_services.policy_settings_change(actor=city_officer, root=other, values={"approver_outside_home": "x"})
    assert not AssessmentChange.objects.filter(root_path=city().path).exists()
    with mock.patch("zhuban.decision.queries.evaluate", side_effect=AssertionError("assessed again")):
        stored_everywhere()


def test_each_language_is_stored_with_its_own_explanation(city_officer):
    office = builders.office(builders.SURVIVOR)
    chinese = queries.assessment_of(office)
    with translation.override("en"):
        english = queries.assessment_of(office)
        assert english == queries.assess_city(city())[office.pk]
    assert english.explanation != chinese.explanation
    change_a_setting(city_officer)
    with translation.override("en"):
        assert queries.assessment_of(office) == queries.assess_city(city())[office.pk]
    assert queries.assessment_of(office) == queries.assess_city(city())[office.pk]


def test_a_change_committed_while_the_root_is_assessed_is_not_lost(city_officer):
    office = builders.office(builders.SURVIVOR)
    real = queries.assess_city

    def assess_while_someone_writes(root, **kwargs):
        results = real(root, **kwargs)
        # Another clerk's edit commits after the registry was read for this assessment.
        edit_an_office(city_officer)
        return results

    with mock.patch("zhuban.decision.queries.assess_city", side_effect=assess_while_someone_writes):
        queries.assessment_of(office)
    assert AssessmentChange.objects.filter(root_path=city().path).exists()
    assert queries.assessment_of(builders.office(builders.SURVIVOR)) == real(city())[office.pk]


def grow(n: int) -> None:
    """n more offices of 通城县's government, in cities all over the country."""
    from zhuban.audit.services import Actor

    sponsor = Unit.objects.get(name="通城县人民政府")
    start = Office.objects.filter(sponsor=sponsor).count()
    cities = list(City.objects.order_by("id")[:n])
    for i, host in enumerate(cities, start=start):
        registry.office_register(
            actor=Actor.system("test"),
            values={
                "name": f"通城县增长测试机构{i}",
                "sponsor": sponsor,
                "host_province": host.province,
                "host_city": host,
                "established_on": date(2001, 1, 1),
                "staffing_quota": 2,
                "headcount": 2,
            },
        )


def panel_cost(client, office: Office) -> int:
    url = reverse("decision:office_panel", args=[office.pk])
    client.get(url)  # the first reading after a change assesses the root and stores it
    with (
        mock.patch("zhuban.decision.queries.evaluate", side_effect=AssertionError("assessed the root")),
        CaptureQueriesContext(connection) as ctx,
    ):
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_office_panel_reads_a_stored_row_whatever_the_size_of_its_root(as_persona, office_of):
    client = as_persona("tongcheng_clerk")
    office = office_of("通城县人民政府驻武汉办事处")
    small = panel_cost(client, office)
    grow(10)
    assert panel_cost(client, office) == small
    grow(30)
    assert panel_cost(client, office) == small


def test_the_proposal_form_assesses_once(as_persona, office_of, city_officer):
    client = as_persona("tongcheng_clerk")
    office = office_of("通城县人民政府驻武汉办事处")
    change_a_setting(city_officer)
    with mock.patch("zhuban.decision.queries.assess_city", side_effect=queries.assess_city) as assess:
        assert client.get(reverse("decision:proposal_create", args=[office.pk])).status_code == 200
    assert assess.call_count == 1
