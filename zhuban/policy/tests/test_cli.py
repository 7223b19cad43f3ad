"""``manage.py assess`` as a user calls it: a file or stdin in, JSON out, exit 2 on bad input."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from zhuban.policy import contract
from zhuban.policy.tests.helpers import office_json, payload

MANAGE = Path(settings.BASE_DIR) / "manage.py"
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "zhuban.settings_test"}


def write(tmp_path, document) -> Path:
    path = tmp_path / "offices.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def run(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(MANAGE), "assess", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
        check=False,
    )


def test_assess_prints_the_contracts_json_for_a_file(tmp_path):
    out = StringIO()
    call_command("assess", str(write(tmp_path, payload())), stdout=out)
    assert json.loads(out.getvalue()) == contract.assess(payload())


def test_the_output_keeps_chinese_readable_and_is_indented():
    document = contract.dumps(contract.assess(payload()))
    assert "撤销县级政府驻汉办事机构" in document and '\n  "results"' in document


def test_malformed_input_raises_exit_status_2_naming_the_office_and_field(tmp_path):
    bad = payload(office_json("tc-wh", sponsor={"level": "town", "kind": "government", "government": "通城县"}))
    with pytest.raises(CommandError) as exc:
        call_command("assess", str(write(tmp_path, bad)))
    assert exc.value.returncode == 2
    assert "tc-wh" in str(exc.value) and "sponsor.level" in str(exc.value)


def test_a_file_that_cannot_be_read_exits_2(tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command("assess", str(tmp_path / "missing.json"))
    assert exc.value.returncode == 2 and "missing.json" in str(exc.value)


def test_from_the_shell_a_good_file_exits_0_with_json_on_stdout(tmp_path):
    result = run(str(write(tmp_path, payload())))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"][0]["disposition"] == "revoke"


def test_from_the_shell_stdin_is_read_when_the_file_is_a_dash():
    result = run("-", stdin=json.dumps(payload(), ensure_ascii=False))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"][0]["id"] == "tc-wh"


def test_from_the_shell_bad_input_exits_2_with_one_line_on_stderr_and_no_traceback(tmp_path):
    office = office_json("tc-wh")
    del office["host_city"]
    result = run(str(write(tmp_path, payload(office))))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "tc-wh" in lines[0] and "host_city" in lines[0]
    assert "Traceback" not in result.stderr


def test_from_the_shell_text_that_is_not_json_exits_2():
    result = run("-", stdin="{not json")
    assert result.returncode == 2 and "JSON" in result.stderr and "Traceback" not in result.stderr


def test_a_host_outside_the_mainland_is_reviewed_from_the_command_line(tmp_path):
    document = payload(office_json(host_city="香港", host_province="香港"))
    out = StringIO()
    call_command("assess", str(write(tmp_path, document)), stdout=out)
    (result,) = json.loads(out.getvalue())["results"]
    assert result["disposition"] == "review" and "香港特别行政区" in result["explanation"]


def test_a_raised_window_cap_exits_2_naming_the_setting(tmp_path):
    with pytest.raises(CommandError, match="county_window_cap"):
        call_command("assess", str(write(tmp_path, payload(settings={"county_window_cap": 5}))))
