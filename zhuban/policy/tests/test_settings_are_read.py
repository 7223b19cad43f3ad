"""A setting that no rule reads does not exist, and every setting a result rests on is named in it.

Each setting is flipped to each of its other values and every scenario assessed again: a setting
the engine reads must change some outcome, and each office whose outcome changed must have
named the setting in its default result's ``settings_used``. A setting the engine does not read
must be read by the app that carries it out (windows, the campaign's dates).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest

from zhuban.policy import contract
from zhuban.policy.engine import evaluate
from zhuban.policy.geography import reference_gazetteer
from zhuban.policy.policy_settings import SETTING_SPECS, PolicySettings
from zhuban.policy.tests.test_scenarios import ALL

PACKAGE = Path(__file__).resolve().parents[2]
# Read by the apps that carry them out, not by the engine; each is checked by grep below and by
# that app's own tests.
READ_ELSEWHERE = {"county_window_cap", "registration_due", "development_zone_window", "rotation_max_years"}
ALTERNATIVES = {
    "text": lambda spec: {"home_province": ["湖南省"], "home_capital": ["宜昌市"]}.get(spec.id, ["某某人民政府"]),
    "date": lambda spec: [date(1990, 1, 1), date(2030, 1, 1)],
    "bool": lambda spec: [not spec.default],
    "choice": lambda spec: [c for c in spec.choices if c != spec.default],
    "int": lambda spec: [0],
}


def _outcome(a):
    return (a.disposition, a.merge_into, a.clauses, a.violations, a.approver, a.additional_plaque)


def _requests():
    for param in ALL:
        scenario = param.values[0]
        payload = {k: scenario[k] for k in ("offices", "settings", "as_of", "campaign") if k in scenario}
        yield scenario["name"], contract.parse_request(payload)


REQUESTS = list(_requests())
GEO = reference_gazetteer().geography


def test_the_engines_settings_and_the_others_are_every_setting():
    assert READ_ELSEWHERE < set(SETTING_SPECS)


@pytest.mark.parametrize("key", sorted(set(SETTING_SPECS) - READ_ELSEWHERE))
def test_every_engine_setting_changes_some_outcome_and_each_changed_result_named_it(key):
    spec = SETTING_SPECS[key]
    changed_somewhere = False
    for name, request in REQUESTS:
        before = evaluate(request.offices, GEO, request.settings, request.as_of, request.campaign)
        for value in ALTERNATIVES[spec.kind](spec):
            if getattr(request.settings, key) == value:
                continue
            flipped = dataclasses.replace(request.settings, **{key: value})
            after = evaluate(request.offices, GEO, flipped, request.as_of, request.campaign)
            for b, a in zip(before, after, strict=True):
                if _outcome(b) != _outcome(a):
                    changed_somewhere = True
                    assert key in b.settings_used, f"{name}: {b.office_id} rests on {key} but does not say so"
    assert changed_somewhere, f"no scenario's outcome depends on {key}: a setting no rule reads does not exist"


@pytest.mark.parametrize("key", sorted(READ_ELSEWHERE))
def test_every_other_setting_is_read_by_the_app_that_carries_it_out(key):
    # Read as an attribute (settings.county_window_cap) or by its key (campaign/codes.py's dated requirements).
    pattern = re.compile(rf"\.{key}\b|\"{key}\"")
    readers = [
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and path.name != "policy_settings.py"
        and pattern.search(path.read_text("utf-8"))
    ]
    assert readers, f"no code reads {key}"


def test_the_defaults_are_what_the_scenarios_assume():
    assert PolicySettings() == PolicySettings.from_dict({})
