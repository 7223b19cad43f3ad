"""The workbook pages through the real HTTP views: template, export, upload → preview → commit."""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhuban.audit.services import Actor
from zhuban.org.models import Jurisdiction
from zhuban.registry import services as registry
from zhuban.registry.models import Office
from zhuban.testing import xlsx_files as files
from zhuban.workbook.models import RegistrationUpload
from zhuban.workbook.tests.builders import (
    CHONGYANG_WUHAN,
    HEADERS,
    NANCHANG,
    TONGCHENG_WUHAN,
    office,
    old_excel,
    workbook,
    wps,
)

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def as_upload(book_or_bytes, name="附表一.xlsx") -> SimpleUploadedFile:
    if isinstance(book_or_bytes, bytes):
        data = book_or_bytes
    else:
        buffer = io.BytesIO()
        book_or_bytes.save(buffer)
        data = buffer.getvalue()
    return SimpleUploadedFile(name, data, content_type=XLSX)


def upload(client, rows_or_bytes, jurisdiction="通城县"):
    data = rows_or_bytes if isinstance(rows_or_bytes, bytes) else workbook(rows_or_bytes)
    return client.post(
        reverse("workbook:upload"),
        {"jurisdiction": Jurisdiction.objects.get(name=jurisdiction).pk, "file": as_upload(data)},
    )


def download(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def names_in(book) -> set[str]:
    return {row[1].value for row in book["附表一"].iter_rows(min_row=4) if row[1].value}


# ---- Template and export --------------------------------------------------------------------------


def test_the_blank_template_has_the_headers_drop_down_lists_and_a_note_on_each_header(as_persona):
    response = as_persona("tongcheng_clerk").get(reverse("workbook:template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    book = download(response)
    assert book.sheetnames[0] == "附表一"
    ws = book["附表一"]
    assert [c.value for c in ws[3]] == HEADERS
    assert ws.max_row == 3  # no offices in a blank template
    lists = {next(iter(dv.sqref.ranges)).min_col: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists[HEADERS.index("设立单位层级") + 1] == '"市级,县级"'
    assert lists[HEADERS.index("设立单位类别") + 1] == '"政府,部门"'
    assert lists[HEADERS.index("机构性质") + 1] == '"行政,参公,事业,其他"'
    assert lists[HEADERS.index("是否从事对口援助") + 1] == '"是,否"'
    assert "湖南省" in lists[HEADERS.index("驻在省份") + 1]
    assert ws.cell(row=3, column=HEADERS.index("设立时间") + 1).comment.text.startswith("如 2010-03-15")


def test_a_clerk_exports_their_own_offices_only(as_persona):
    book = download(as_persona("tongcheng_clerk").get(reverse("workbook:export")))
    assert names_in(book) == set(Office.objects.filter(jurisdiction__name="通城县").values_list("name", flat=True))


def test_the_city_bureau_exports_the_whole_city_or_any_jurisdiction(as_persona):
    client = as_persona("city_officer")
    assert len(names_in(download(client.get(reverse("workbook:export"))))) == Office.objects.count()
    chongyang = Jurisdiction.objects.get(name="崇阳县")
    book = download(client.get(reverse("workbook:export"), {"jurisdiction": chongyang.pk}))
    assert CHONGYANG_WUHAN in names_in(book) and TONGCHENG_WUHAN not in names_in(book)


def test_asking_for_another_jurisdictions_export_is_as_missing(as_persona):
    client = as_persona("chongyang_clerk")
    tongcheng = Jurisdiction.objects.get(name="通城县")
    assert client.get(reverse("workbook:export"), {"jurisdiction": tongcheng.pk}).status_code == 404
    assert client.get(reverse("workbook:export"), {"jurisdiction": 999999}).status_code == 404


def test_exports_write_formula_like_text_as_quoted_text_that_reads_back_unchanged(as_persona, office_of):
    wuhan = office_of(TONGCHENG_WUHAN)
    hostile = {"address": '=HYPERLINK("http://evil.example","点此")', "remarks": "+1+1", "head_name": "@SUM(A1)"}
    registry.office_update(actor=Actor.system("test"), office=wuhan, values={**hostile, "rank": "-正科级"})
    response = as_persona("tongcheng_clerk").get(reverse("workbook:export"))
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
        styles = zf.read("xl/styles.xml").decode()
    assert "<f>" not in sheet  # no cell is a formula
    assert 'quotePrefix="1"' in styles
    ws = openpyxl.load_workbook(io.BytesIO(data))["附表一"]
    row = next(r for r in ws.iter_rows(min_row=4) if r[1].value == TONGCHENG_WUHAN)
    cell = row[HEADERS.index("详细地址")]
    assert cell.data_type == "s" and cell.value == hostile["address"] and cell.quotePrefix
    # ...and the same workbook imports as a no-op.
    response = upload(as_persona("tongcheng_clerk"), data)
    preview = RegistrationUpload.objects.get().preview
    assert (preview["created"], preview["updated"], preview["errors"]) == (0, 0, [])


# ---- Upload, preview, commit --------------------------------------------------------------------


def test_a_clerk_uploads_previews_and_commits(as_persona):
    client = as_persona("tongcheng_clerk")
    response = upload(client, [office()])
    stored = RegistrationUpload.objects.get()
    assert response.status_code == 302 and response.url == reverse("workbook:preview", args=[stored.pk])
    page = client.get(response.url)
    body = page.content.decode()
    assert NANCHANG in body and "新增" in body and 'id="commit"' in body
    assert not Office.objects.filter(name=NANCHANG).exists()
    committed = client.post(reverse("workbook:commit", args=[stored.pk]))
    assert committed.status_code == 302 and committed.url == reverse("registry:office_list")
    assert Office.objects.filter(name=NANCHANG, jurisdiction__name="通城县").exists()
    stored.refresh_from_db()
    assert stored.status == "committed" and not stored.file


@pytest.mark.parametrize("made_by", [old_excel, wps], ids=["old-excel-xls", "wps-xlsx"])
def test_a_clerk_imports_an_old_excel_or_a_wps_workbook_through_the_same_checks(as_persona, made_by):
    client = as_persona("tongcheng_clerk")
    bad = office(机构名称="驻长沙", 驻在省份="湖南", 驻在城市="长沙", 实有人数="六")
    response = upload(client, made_by(workbook([office(), bad])))
    body = client.get(response.url).content.decode()
    # The same checks as any .xlsx: the good row is new, the bad one named by row, header and value.
    assert NANCHANG in body and "新增" in body
    assert "实有人数" in body and "六" in body and 'id="commit"' not in body
    response = upload(client, made_by(workbook([office()])))
    stored = RegistrationUpload.objects.get()
    assert client.get(response.url).status_code == 200
    client.post(reverse("workbook:commit", args=[stored.pk]))
    imported = Office.objects.get(name=NANCHANG, jurisdiction__name="通城县")
    assert (imported.established_on.isoformat(), imported.staffing_quota, imported.headcount) == ("2013-04-01", 2, 1)


def test_the_preview_lists_changes_old_to_new_and_every_error_with_row_header_and_value(as_persona):
    client = as_persona("tongcheng_clerk")
    rows = [
        office(
            机构名称=TONGCHENG_WUHAN, 驻在省份="湖北", 驻在城市="武汉", 设立时间="1992-06-18", 核定编制数=6, 实有人数=5
        ),
        office(机构名称="通城县人民政府驻长沙第三联络处", 驻在省份="湖南", 驻在城市="长沙", 设立时间="一九九二年"),
    ]
    response = client.get(upload(client, rows).url)
    body = response.content.decode()
    assert "实有人数：<del>6</del> → <ins>5</ins>" in body
    assert "第 5 行“设立时间”的值“一九九二年”无法识别为日期" in body
    assert re.search(r"<td>5</td><td>设立时间</td><td>一九九二年</td>", body)
    assert 'id="commit"' not in body  # the commit button is disabled while there are errors


def test_a_row_outside_the_clerks_jurisdiction_is_an_error_and_blocks_the_commit(as_persona):
    client = as_persona("tongcheng_clerk")
    rows = [office(), office(所属政府="崇阳县", 设立单位="崇阳县人民政府", 机构名称="崇阳县人民政府驻南昌联络处")]
    response = upload(client, rows)
    stored = RegistrationUpload.objects.get()
    assert "不在本次导入的范围（通城县）内" in client.get(response.url).content.decode()
    client.post(reverse("workbook:commit", args=[stored.pk]))
    assert not Office.objects.filter(name__in=[NANCHANG, "崇阳县人民政府驻南昌联络处"]).exists()


def test_a_clerk_cannot_choose_another_jurisdiction_to_import_into(as_persona):
    response = upload(as_persona("tongcheng_clerk"), [office()], jurisdiction="崇阳县")
    assert response.status_code == 422 and "jurisdiction" in response.context["upload_form"].errors
    assert not RegistrationUpload.objects.exists()


def test_read_only_roles_cannot_upload(as_persona):
    for persona in ("inspector", "auditor", "wuhan_office"):
        assert upload(as_persona(persona), [office()], jurisdiction="咸宁市").status_code == 403
    assert not RegistrationUpload.objects.exists()


def test_only_the_uploader_sees_the_preview_or_can_commit_it(as_persona):
    upload(as_persona("tongcheng_clerk"), [office()])
    stored = RegistrationUpload.objects.get()
    for persona in ("city_officer", "chongyang_clerk", "inspector"):
        client = as_persona(persona)
        assert client.get(reverse("workbook:preview", args=[stored.pk])).status_code == 404
    assert as_persona("city_officer").post(reverse("workbook:commit", args=[stored.pk])).status_code == 404
    assert not Office.objects.filter(name=NANCHANG).exists()


def test_the_stored_upload_lies_outside_the_web_root_readable_by_the_server_alone(as_persona, media):
    upload(as_persona("tongcheng_clerk"), [office()])
    stored = RegistrationUpload.objects.get()
    path = stored.file.path
    assert path.startswith(str(media)) and stored.original_name not in path
    assert stat.S_IMODE((media / "workbook" / "uploads").stat().st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_committing_twice_imports_once(as_persona):
    client = as_persona("tongcheng_clerk")
    upload(client, [office()])
    stored = RegistrationUpload.objects.get()
    client.post(reverse("workbook:commit", args=[stored.pk]))
    again = client.post(reverse("workbook:commit", args=[stored.pk]), follow=True)
    assert "已经导入" in again.content.decode()
    assert Office.objects.filter(name=NANCHANG).count() == 1


def test_a_commit_after_someone_else_changed_the_registry_asks_for_a_new_preview(as_persona, office_of):
    client = as_persona("tongcheng_clerk")
    rows = [
        office(
            机构名称=TONGCHENG_WUHAN, 驻在省份="湖北", 驻在城市="武汉", 设立时间="1992-06-18", 核定编制数=6, 实有人数=5
        )
    ]
    upload(client, rows)
    stored = RegistrationUpload.objects.get()
    registry.office_update(actor=Actor.system("test"), office=office_of(TONGCHENG_WUHAN), values={"headcount": 5})
    response = client.post(reverse("workbook:commit", args=[stored.pk]), follow=True)
    assert "预览之后登记数据已有变化" in response.content.decode()
    stored.refresh_from_db()
    (row,) = stored.preview["rows"]
    assert stored.status == "previewed" and "实有人数" not in {change[0] for change in row["changes"]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (files.zip_bomb(50), "压缩炸弹"),
        (files.entity_bomb(), "DOCTYPE"),
        (files.old_excel(), "损坏"),
        (old_excel(workbook([office(实有人数="六")], title=False, footer=False))[:1500], "损坏"),
        (files.csv_renamed(), "CSV"),
        (files.simple_workbook([["姓名", "职务"], ["李明", "科员"]]), "表头"),
        (old_excel(workbook([{"姓名": "李明", "职务": "科员"}], headers=["姓名", "职务"])), "表头"),
    ],
    ids=["zip-bomb", "entity-bomb", "broken-xls", "truncated-xls", "csv", "no-header", "xls-no-header"],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message_and_nothing_is_kept(as_persona, media, data, message):
    response = upload(as_persona("tongcheng_clerk"), data)
    assert response.status_code == 422 and message in response.content.decode()
    assert not RegistrationUpload.objects.exists()
    uploads = media / "workbook" / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())


def test_the_preview_rows_can_be_filtered_with_an_htmx_fragment(as_persona):
    client = as_persona("tongcheng_clerk")
    url = upload(client, [office(), office(机构名称="驻长沙", 驻在省份="湖南", 驻在城市="长沙", 实有人数="x")]).url
    fragment = client.get(url, {"status": "error"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "驻长沙" in fragment and NANCHANG not in fragment
