"""The rule scenarios (``scenarios/*.json``), each run through the JSON contract the CLI and API use.

A scenario is data: a ``name`` that reads as a sentence, ``offices``, optional ``settings`` and
``as_of``, and what is ``expected`` of every office. Add a case by adding an object to a file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zhuban.policy import contract

SCENARIOS = Path(__file__).parent / "scenarios"
# What every expectation must state, so no scenario silently skips a part of the result.
REQUIRED = ("disposition", "merge_into", "clauses", "approval_required", "approver", "additional_plaque", "violations")
OPTIONAL = ("proposal", "considered", "settings_used_includes")


def _load():
    for path in sorted(SCENARIOS.glob("*.json")):
        for scenario in json.loads(path.read_text(encoding="utf-8")):
            yield pytest.param(scenario, id=f"{path.stem}: {scenario['name']}")


ALL = list(_load())


def test_there_is_a_scenario_file_for_every_rule_group():
    stems = {p.stem for p in SCENARIOS.glob("*.json")}
    assert {"rules_1_3_in_wuhan", "rule_4_counterpart_assistance", "rules_5_6_same_city", "rule_7_grouping"} <= stems
    assert {"rule_8_retained_alone", "rule_9_review", "settings", "discipline"} <= stems
    assert {"outside_the_clauses", "one_office_per_group", "straits"} <= stems


@pytest.mark.parametrize("scenario", ALL)
def test_scenario(scenario):
    payload = {k: scenario[k] for k in ("offices", "settings", "as_of", "campaign") if k in scenario}
    results = {r["id"]: r for r in contract.assess(payload)["results"]}

    assert set(results) == set(scenario["expected"]), "every office in a scenario states what is expected of it"
    for office_id, expected in scenario["expected"].items():
        actual = results[office_id]
        for key in REQUIRED:
            assert actual[key] == expected[key], f"{office_id}.{key}"
        for key in OPTIONAL[:2]:
            if key in expected:
                assert actual[key] == expected[key], f"{office_id}.{key}"
        for setting in expected.get("settings_used_includes", ()):
            assert setting in actual["settings_used"], f"{office_id}: settings_used lacks {setting}"
        for fragment in expected.get("explanation_lacks", ()):
            assert fragment not in actual["explanation"], f"{office_id}: explanation says {fragment!r}"
        for fragment in expected.get("explanation_contains", ()):
            assert fragment in actual["explanation"], f"{office_id}: explanation lacks {fragment!r}"


@pytest.mark.parametrize("scenario", ALL)
def test_every_decision_quotes_the_sentence_of_each_clause_it_rests_on(scenario):
    from zhuban.policy.clauses import CLAUSES, EXCERPTS

    payload = {k: scenario[k] for k in ("offices", "settings", "as_of", "campaign") if k in scenario}
    for result in contract.assess(payload)["results"]:
        text = result["explanation"]
        for clause_id in result["clauses"] + result["considered"]:
            assert clause_id in text
        for clause_id in result["clauses"]:
            quotes = [CLAUSES[clause_id].text] + [t for k, t in EXCERPTS.items() if k.startswith(f"{clause_id}.")]
            assert any(f"“{q}”" in text for q in quotes), f"{result['id']} quotes {clause_id}"
        # The sentence about the counties' Wuhan staff concerns no retention of the city's own offices.
        assert EXCERPTS["二(四)1.wuhan_staff"] not in text
        assert CLAUSES["二(四)1"].text not in text, "二(四)1 is quoted by the sentence that applies"
        if result["disposition"] == "review":
            assert result["considered"], "a review says which clauses were considered"
