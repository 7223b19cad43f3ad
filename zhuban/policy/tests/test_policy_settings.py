from datetime import date

import pytest

from zhuban.policy.policy_settings import SETTING_SPECS, PolicySettings, PolicySettingsError


def test_the_defaults_are_policy_mds_readings():
    s = PolicySettings()
    assert (s.home_province, s.home_capital) == ("湖北省", "武汉市")
    assert s.adjacency == "mutual"
    assert s.county_window_cap == 3
    assert (s.strait_adjacency, s.non_capital_hosts, s.municipalities_as_capitals) == ("review", True, True)
    assert (s.beijing_offices, s.assistance_in_group) == ("same_rules", "survivor")
    assert s.approver_outside_home == "市人民政府"
    assert s.registration_due == date(2015, 7, 31)
    assert s.consolidation_deadline == date(2015, 8, 31)
    assert s.plan_issue_date == date(2015, 7, 20)


def test_the_registration_due_date_shows_the_plans_own_date_beside_the_default():
    spec = SETTING_SPECS["registration_due"]
    assert spec.plan_value == date(2015, 6, 30)
    assert "6月30日" in spec.plan_wording


def test_every_setting_carries_labels_the_plans_wording_and_its_default_reading():
    assert set(SETTING_SPECS) == set(PolicySettings().to_dict())
    for spec in SETTING_SPECS.values():
        assert spec.label and spec.label_en and spec.plan_wording and spec.reading
        assert spec.affects, f"{spec.id} names the clauses it affects"


def test_every_known_ambiguity_of_policy_md_that_a_rule_reads_is_a_setting():
    numbered = {spec.ambiguity for spec in SETTING_SPECS.values() if spec.ambiguity}
    # 4 (rotation) is read by the retained offices' rotation board, not by the engine.
    assert numbered == {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}


def test_every_choice_has_a_label_in_words():
    for spec in SETTING_SPECS.values():
        if spec.kind == "choice":
            assert len(spec.choice_labels) == len(spec.choices), spec.id


def test_settings_round_trip_through_a_dict():
    s = PolicySettings.from_dict({"adjacency": "adjacent_to_home", "consolidation_deadline": "2015-09-30"})
    assert PolicySettings.from_dict(s.to_dict()) == s
    assert s.changed() == ("adjacency", "consolidation_deadline")


def test_no_settings_means_the_defaults():
    assert PolicySettings.from_dict(None) == PolicySettings.from_dict({}) == PolicySettings()


def test_an_unknown_key_is_named_in_the_error():
    with pytest.raises(PolicySettingsError) as exc:
        PolicySettings.from_dict({"adjacancy": "mutual"})
    assert "adjacancy" in exc.value.errors[0]


def test_a_bad_value_is_named_with_its_key_and_the_reason():
    with pytest.raises(PolicySettingsError) as exc:
        PolicySettings.from_dict({"adjacency": "nearby", "plan_issue_date": "2015/07/20", "county_window_cap": True})
    errors = " ".join(exc.value.errors)
    assert "adjacency" in errors and "“nearby”" in errors and "mutual" in errors
    assert "plan_issue_date" in errors and "YYYY-MM-DD" in errors
    assert "county_window_cap" in errors and "整数" in errors
    assert len(exc.value.errors) == 3


def test_a_negative_window_cap_and_an_empty_approver_are_refused():
    with pytest.raises(PolicySettingsError) as exc:
        PolicySettings.from_dict({"county_window_cap": -1, "approver_outside_home": " "})
    assert len(exc.value.errors) == 2


def test_the_consolidation_deadline_cannot_precede_the_plan():
    with pytest.raises(PolicySettingsError, match="consolidation_deadline"):
        PolicySettings.from_dict({"consolidation_deadline": "2015-07-01"})


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        PolicySettings().adjacency = "adjacent_to_home"


@pytest.mark.parametrize("cap", [4, 5, 100])
def test_the_county_window_cap_may_lower_the_plans_three_but_never_raise_it(cap):
    with pytest.raises(PolicySettingsError) as exc:
        PolicySettings.from_dict({"county_window_cap": cap})
    (message,) = exc.value.errors
    assert "county_window_cap" in message and str(cap) in message and "不得超过3人" in message
    assert PolicySettings.from_dict({"county_window_cap": 2}).county_window_cap == 2
    assert PolicySettings.from_dict({"county_window_cap": 0}).county_window_cap == 0


def test_a_cap_stored_before_the_ceiling_was_enforced_reads_as_the_plans_three():
    assert PolicySettings.from_dict({"county_window_cap": 5}, stored=True).county_window_cap == 3


def test_the_rotation_term_may_be_shortened_but_not_set_below_one_year():
    assert PolicySettings.from_dict({"rotation_max_years": 2}).rotation_max_years == 2
    with pytest.raises(PolicySettingsError, match="rotation_max_years"):
        PolicySettings.from_dict({"rotation_max_years": 0})
