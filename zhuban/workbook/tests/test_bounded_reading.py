"""Reading happens in a child process held to memory and time limits: a workbook that blows the
reader up costs one refused file with a clear message, never the worker or the command."""

from __future__ import annotations

import os

import pytest

from zhuban.registry.models import Office
from zhuban.testing import xlsx_files as files
from zhuban.workbook.models import RegistrationUpload
from zhuban.workbook.reading import read_registration
from zhuban.workbook.tests.builders import NANCHANG, office, xlsx
from zhuban.workbook.tests.test_commands import import_registration
from zhuban.workbook.tests.test_pages import media, upload  # noqa: F401 - media: uploads go to a temporary folder

pytestmark = pytest.mark.django_db

HEAVY = "无法在限定的内存"


def memory_hungry(tmp_path):
    """A workbook the guard lets through whose reading takes ~100 MB (one 100 KB shared string in
    1,000 cells), far beyond any free memory the child inherits."""
    path = tmp_path / "hungry.xlsx"
    path.write_bytes(files.shared_string_bomb(cells=1_000, length=100_000))
    return path


def many_offices(tmp_path, count=3_000):
    return xlsx(tmp_path, [office(机构名称=f"驻南昌办事处{i}") for i in range(count)])


def test_a_workbook_the_reader_cannot_read_within_its_memory_is_refused_by_the_command_with_exit_2(
    tmp_path, capsys, settings
):
    settings.REGISTRATION_READ_MEMORY_BYTES = 8 * 1024 * 1024  # less than the reader needs
    code, _out, err = import_registration(capsys, memory_hungry(tmp_path), "--jurisdiction", "通城县")
    assert code == 2 and HEAVY in err
    assert not Office.objects.filter(name__startswith="驻南昌办事处").exists()


def test_a_workbook_the_reader_cannot_read_in_time_is_refused_by_the_command_with_exit_2(tmp_path, capsys, settings):
    settings.REGISTRATION_READ_SECONDS = 0.001
    code, _out, err = import_registration(
        capsys, many_offices(tmp_path), "--jurisdiction", "通城县", "--format", "json"
    )
    assert code == 2 and HEAVY in err


def test_an_upload_the_reader_cannot_read_within_its_limits_gets_the_refusal_and_nothing_is_kept(
    as_persona, settings, tmp_path
):
    settings.REGISTRATION_READ_MEMORY_BYTES = 8 * 1024 * 1024
    response = upload(as_persona("tongcheng_clerk"), memory_hungry(tmp_path).read_bytes())
    assert response.status_code == 422 and HEAVY in response.content.decode()
    assert not RegistrationUpload.objects.exists()


@pytest.mark.parametrize(
    "build",
    [
        files.implicit_rows,
        files.implicit_cells,
        files.far_cell_after_implicit_ones,
        files.lying_dimension,
        files.wide_then_deep,
    ],
    ids=["implicit-rows", "implicit-cells", "far-after-implicit", "lying-dimension", "wide-then-deep"],
)
def test_hostile_workbooks_exit_2_with_a_message_never_a_crash(tmp_path, capsys, build):
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(build())
    code, _out, err = import_registration(capsys, path, "--jurisdiction", "通城县")
    assert code == 2 and "超出范围" in err


def test_a_sheet_with_a_million_merged_ranges_exits_2_with_a_message(tmp_path, capsys):
    path = tmp_path / "merged.xlsx"
    path.write_bytes(files.many_merged_cells())
    code, _out, err = import_registration(capsys, path, "--jurisdiction", "通城县")
    assert code == 2 and "合并单元格过多" in err


def test_a_normal_workbook_is_read_in_another_process_and_imports_as_before(tmp_path, capsys):
    sheet = read_registration(many_offices(tmp_path, 1_200))
    assert len(list(sheet.rows)) == 1_200  # in several batches
    code, _out, _err = import_registration(
        capsys, xlsx(tmp_path, [office()], name="one.xlsx"), "--jurisdiction", "通城县"
    )
    assert code == 0 and Office.objects.filter(name=NANCHANG).exists()
    assert os.getpid()  # this process survived every test above
