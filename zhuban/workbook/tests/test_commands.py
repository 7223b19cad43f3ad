"""The command line, as a user calls it: one JSON object, and exit 0, 1 or 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command

from zhuban.audit.models import AuditEntry
from zhuban.registry.models import Office
from zhuban.testing import xlsx_files as files
from zhuban.workbook.tests.builders import NANCHANG, office, workbook, xlsx

pytestmark = pytest.mark.django_db


def import_registration(capsys, path, *args):
    """(exit code, stdout, stderr) of manage.py import_registration."""
    code = 0
    try:
        call_command("import_registration", str(path), *args)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_a_clean_import_exits_0_and_prints_the_counts_as_json(tmp_path, capsys):
    code, out, _err = import_registration(
        capsys, xlsx(tmp_path, [office()]), "--jurisdiction", "通城县", "--format", "json"
    )
    assert code == 0
    assert json.loads(out) == {"created": 1, "updated": 0, "unchanged": 0, "errors": []}
    assert Office.objects.filter(name=NANCHANG).exists()


def test_the_jurisdiction_may_be_given_by_its_division_code(tmp_path, capsys):
    code, out, _err = import_registration(
        capsys, xlsx(tmp_path, [office()]), "--jurisdiction", "421222", "--format", "json"
    )
    assert code == 0 and json.loads(out)["created"] == 1


def test_a_dry_run_reports_and_writes_nothing(tmp_path, capsys):
    entries = AuditEntry.objects.count()
    code, out, _err = import_registration(
        capsys, xlsx(tmp_path, [office()]), "--jurisdiction", "通城县", "--dry-run", "--format", "json"
    )
    assert code == 0 and json.loads(out)["created"] == 1
    assert not Office.objects.filter(name=NANCHANG).exists() and AuditEntry.objects.count() == entries


def test_row_errors_exit_1_list_every_error_and_write_nothing(tmp_path, capsys):
    rows = [
        office(),
        office(机构名称="通城县人民政府驻长沙联络处二", 驻在省份="湖南", 驻在城市="长沙", 设立时间="某年"),
    ]
    code, out, _err = import_registration(capsys, xlsx(tmp_path, rows), "--jurisdiction", "通城县", "--format", "json")
    assert code == 1
    errors = json.loads(out)["errors"]
    assert errors == [
        {
            "row": 5,
            "column": "设立时间",
            "value": "某年",
            "message": "第 5 行“设立时间”的值“某年”无法识别为日期（可写作 2010-03-15、2010年3月15日 或 2010年3月）。",
        }
    ]
    assert not Office.objects.filter(name=NANCHANG).exists()


def test_text_output_names_each_error(tmp_path, capsys):
    code, out, _err = import_registration(capsys, xlsx(tmp_path, [office(实有人数="六")]), "--jurisdiction", "通城县")
    assert code == 1 and "第 4 行“实有人数”的值“六”不是数字" in out


HOSTILE = {
    "zip-bomb.xlsx": (files.zip_bomb, "压缩炸弹"),
    "entity-bomb.xlsx": (files.entity_bomb, "DOCTYPE"),
    "external-entity.xlsx": (files.external_entity, "DOCTYPE"),
    "lying-directory.xlsx": (files.lying_zip, "压缩炸弹"),
    "far-away-cell.xlsx": (files.far_away_cell, "超出范围"),
    "shared-string-bomb.xlsx": (files.shared_string_bomb, "压缩炸弹"),
    "broken.xls": (files.old_excel, "损坏"),
    "renamed-broken-xls.xlsx": (files.old_excel, "损坏"),
    "encrypted.xlsx": (files.encrypted_workbook, "密码"),
    "macros.xlsm": (files.macro_workbook, "宏"),
    "csv-renamed.xlsx": (files.csv_renamed, "CSV"),
    "truncated.xlsx": (lambda: files.truncated(files.simple_workbook()), "损坏"),
    "empty-file.xlsx": (lambda: b"", "空的"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_file_that_cannot_be_read_exits_2_with_a_one_line_reason_quickly(tmp_path, capsys, name):
    build, reason = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(build())
    offices = Office.objects.count()
    started = time.perf_counter()
    code, out, err = import_registration(capsys, path, "--jurisdiction", "通城县", "--format", "json")
    assert time.perf_counter() - started < 2
    assert code == 2
    assert reason in err and len(err.strip().splitlines()) == 1
    assert json.loads(out)["errors"][0]["message"] == err.strip()
    assert Office.objects.count() == offices


def test_an_empty_workbook_exits_2(tmp_path, capsys):
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    code, _out, err = import_registration(capsys, path, "--jurisdiction", "通城县")
    assert code == 2 and "没有任何数据" in err


def test_a_workbook_without_the_registration_header_exits_2(tmp_path, capsys):
    book = openpyxl.Workbook()
    book.active.append(["姓名", "职务", "电话"])
    book.active.append(["李明", "科员", "0715-1234567"])
    book.save(tmp_path / "other.xlsx")
    code, _out, err = import_registration(capsys, tmp_path / "other.xlsx", "--jurisdiction", "通城县")
    assert code == 2 and "表头" in err


def test_a_file_over_the_size_limit_exits_2(tmp_path, capsys, settings):
    settings.REGISTRATION_MAX_BYTES = 1000
    code, _out, err = import_registration(capsys, xlsx(tmp_path, [office()]), "--jurisdiction", "通城县")
    assert code == 2 and "太大" in err


def test_a_table_over_the_row_limit_exits_2_and_writes_nothing(tmp_path, capsys, settings):
    settings.REGISTRATION_MAX_ROWS = 2
    rows = [office(机构名称=f"通城县人民政府驻南昌第{i}联络处") for i in range(3)]
    code, _out, err = import_registration(capsys, xlsx(tmp_path, rows), "--jurisdiction", "通城县")
    assert code == 2 and "超过上限 2 行" in err
    assert not Office.objects.filter(name__startswith="通城县人民政府驻南昌第").exists()


def test_export_then_import_from_the_command_line_is_a_no_op(tmp_path, capsys):
    out_path = tmp_path / "city.xlsx"
    call_command("export_registration", str(out_path))
    assert "已导出" in capsys.readouterr().out
    code, out, _err = import_registration(capsys, out_path, "--jurisdiction", "咸宁市", "--format", "json")
    assert code == 0
    assert json.loads(out) == {"created": 0, "updated": 0, "unchanged": Office.objects.count(), "errors": []}


def test_export_of_one_jurisdiction_holds_only_its_offices(tmp_path, capsys):
    out_path = tmp_path / "tc.xlsx"
    call_command("export_registration", str(out_path), "--jurisdiction", "通城县")
    names = [row[1].value for row in openpyxl.load_workbook(out_path).active.iter_rows(min_row=4)]
    assert sorted(names) == sorted(Office.objects.filter(jurisdiction__name="通城县").values_list("name", flat=True))


def test_the_real_command_line_on_its_own_database(tmp_path):
    """The commands as an operator runs them, in a separate process with a database of its own."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "zhuban.settings_test",
    }

    def manage(*args):
        return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
        )

    assert manage("migrate", "-v0").returncode == 0
    table = workbook([office()]).save(tmp_path / "t.xlsx") or tmp_path / "t.xlsx"
    first = manage("import_registration", str(table), "--jurisdiction", "通城县", "--format", "json")
    assert first.returncode == 0 and json.loads(first.stdout)["created"] == 1
    second = manage("import_registration", str(table), "--jurisdiction", "通城县", "--format", "json")
    assert second.returncode == 0 and json.loads(second.stdout)["unchanged"] == 1
    (tmp_path / "bad.xlsx").write_bytes(files.old_excel())
    bad = manage("import_registration", str(tmp_path / "bad.xlsx"), "--jurisdiction", "通城县")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
