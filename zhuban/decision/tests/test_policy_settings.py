"""Changing a reading of the plan re-evaluates every office and lists what would change first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhuban.policy.models import PolicySettingsRecord
from zhuban.policy.policy_settings import SETTING_SPECS

pytestmark = pytest.mark.django_db


def form_values(**changes):
    values = {}
    for spec in SETTING_SPECS.values():
        value = spec.default
        values[spec.id] = value.isoformat() if hasattr(value, "isoformat") else value
    values.update(changes)
    return {k: ("on" if v is True else v) for k, v in values.items() if v is not False}


def test_every_setting_is_shown_with_the_plans_wording_and_the_default_reading(as_persona):
    body = as_persona("tongcheng_clerk").get(reverse("decision:policy_settings")).content.decode()
    assert "临近省区" in body and "彼此相邻的省区" in body
    assert "确认保存" not in body and "预览影响" not in body  # a clerk reads, never changes


def test_a_changed_consolidation_deadline_lists_the_offices_whose_violations_change_before_saving(
    as_persona, office_of
):
    from zhuban.decision.models import Proposal
    from zhuban.decision.tests.test_workflow import approve_city, propose, review

    # retained_after_deadline follows the approved decision: approve 通城县's revocation first.
    office = office_of("通城县人民政府驻武汉办事处")
    city = as_persona("city_officer")
    propose(as_persona("tongcheng_clerk"), office, disposition="revoke")
    proposal = Proposal.objects.get(office=office)
    review(city, proposal, "accept")
    approve_city(city, proposal)
    response = city.post(reverse("decision:policy_settings"), form_values(consolidation_deadline="2030-12-31"))
    names = [name for name, _before, _after in response.context["changes"]]
    assert "通城县人民政府驻武汉办事处" in names
    assert "咸宁市人民政府驻北京联络处" not in names  # retained: no deadline applies
    assert not PolicySettingsRecord.objects.exists()

    confirm = {
        **form_values(consolidation_deadline="2030-12-31"),
        "confirm": "1",
        "previewed": response.context["previewed"],
    }
    assert city.post(reverse("decision:policy_settings"), confirm).status_code == 302
    assert PolicySettingsRecord.objects.get().values == {"consolidation_deadline": "2030-12-31"}


def test_values_edited_after_the_preview_are_previewed_again_not_saved(as_persona):
    city = as_persona("city_officer")
    preview = city.post(reverse("decision:policy_settings"), form_values(county_window_cap=2))
    tampered = {**form_values(county_window_cap=1), "confirm": "1", "previewed": preview.context["previewed"]}
    assert city.post(reverse("decision:policy_settings"), tampered).status_code == 200
    assert not PolicySettingsRecord.objects.exists()


def test_the_adjacency_reading_changes_which_city_offices_merge(as_persona):
    city = as_persona("city_officer")
    response = city.post(reverse("decision:policy_settings"), form_values(adjacency="adjacent_to_home"))
    changes = {name: (before, after) for name, before, after in response.context["changes"]}
    # 广东 borders 湖南 but not 湖北: read as "adjacent to Hubei", Changsha no longer joins the
    # Guangdong group, so it is kept instead of merged into Guangzhou.
    before, after = changes["咸宁市人民政府驻长沙联络处"]
    assert (before.disposition, after.disposition) == ("merge", "retain")
    assert "咸宁市人民政府驻广州办事处" not in changes


def test_only_the_city_bureau_may_change_settings(as_persona):
    response = as_persona("tongcheng_clerk").post(reverse("decision:policy_settings"), form_values(county_window_cap=4))
    assert response.status_code == 403


def test_the_county_window_cap_cannot_be_raised_above_the_plans_three(as_persona):
    city = as_persona("city_officer")
    response = city.post(reverse("decision:policy_settings"), form_values(county_window_cap=4))
    assert response.status_code == 422
    assert not PolicySettingsRecord.objects.exists()


def test_every_setting_is_on_the_page_with_its_label_and_choices_in_words(as_persona):
    from django.utils.translation import gettext as _

    body = as_persona("city_officer").get(reverse("decision:policy_settings")).content.decode()
    for spec in SETTING_SPECS.values():
        assert _(spec.label) in body, spec.id
        for label in spec.choice_labels:
            assert label in body, (spec.id, label)
    assert "隔海相望" in body and "直辖市视同省会城市" in body and "驻北京办事机构" in body


def test_the_settings_page_shows_each_value_as_a_reader_says_it_never_its_code(as_persona):
    import re

    body = as_persona("tongcheng_clerk").get(reverse("decision:policy_settings")).content.decode()
    shown = dict(re.findall(r'<td data-setting="([a-z_]+)">([^<]*)</td>', body))
    assert shown.keys() == SETTING_SPECS.keys()
    assert shown["adjacency"] == "彼此相邻的省区"
    assert shown["strait_adjacency"] == "交由人审查"
    assert shown["municipalities_as_capitals"] == "是"
    codes = {c for spec in SETTING_SPECS.values() for c in spec.choices}
    assert not {v for v in shown.values() if v in codes | {"True", "False", "None"}}
    dates = [shown[s.id] for s in SETTING_SPECS.values() if s.kind == "date"]
    assert dates and all(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日|—", d) for d in dates)
