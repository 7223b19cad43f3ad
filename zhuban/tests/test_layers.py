"""The apps stand in layers (README, "Layout"), held by the import-linter contracts in
pyproject.toml: the same contracts `make test` runs with `lint-imports`."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import grimp
import pytest
from django.conf import settings
from importlinter import configuration
from importlinter.application.use_cases import _register_built_in_contract_types, create_report, read_user_options
from importlinter.contracts.independence import IndependenceContract
from importlinter.contracts.layers import LayersContract

PYPROJECT = str(Path(settings.BASE_DIR, "pyproject.toml"))


@pytest.fixture(scope="module")
def options():
    configuration.configure()
    _register_built_in_contract_types()
    return read_user_options(PYPROJECT)


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("zhuban", cache_dir=None)


def kept(options, graph, *, adding: tuple[str, str]) -> dict[str, bool]:
    """Each contract's verdict on the code with one import added."""
    changed = deepcopy(graph)
    importer, imported = adding
    changed.add_import(importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}")
    kinds = {"layers": LayersContract, "independence": IndependenceContract}
    verdicts = {}
    for contract_options in options.contracts_options:
        contract = kinds[contract_options["type"]](
            name=contract_options["name"],
            session_options=options.session_options,
            contract_options=contract_options,
        )
        verdicts[contract_options["type"]] = contract.check(deepcopy(changed), verbose=False).kept
    return verdicts


def test_the_code_keeps_every_layering_contract(options):
    report = create_report(options, cache_dir=None)
    broken = [contract.name for contract, check in report.get_contracts_and_checks() if not check.kept]
    assert report.kept_count + report.broken_count == 2 and not report.could_not_run
    assert not report.contains_failures, broken


def test_a_peer_app_importing_another_breaks_the_build(options, graph):
    verdicts = kept(options, graph, adding=("zhuban.consolidation.views.reports", "zhuban.campaign.services"))
    assert verdicts == {"layers": False, "independence": False}


def test_a_lower_layer_importing_a_higher_one_breaks_the_build(options, graph):
    assert kept(options, graph, adding=("zhuban.decision.services", "zhuban.consolidation.services"))["layers"] is False
    assert kept(options, graph, adding=("zhuban.registry.models", "zhuban.flows.decisions"))["layers"] is False


def test_a_higher_layer_reading_a_lower_one_keeps_it(options, graph):
    assert kept(options, graph, adding=("zhuban.consolidation.queries", "zhuban.registry.queries"))["layers"] is True
