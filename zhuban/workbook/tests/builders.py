"""附表一 workbooks made by code for the tests (openpyxl, with defusedxml installed)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from zhuban.workbook.layout import COLUMNS, TITLE

HEADERS = [c.header for c in COLUMNS]
NANCHANG = "通城县人民政府驻南昌联络处"
TONGCHENG_WUHAN = "通城县人民政府驻武汉办事处"
CHONGYANG_WUHAN = "崇阳县人民政府驻武汉联络处"


def office(**changes: Any) -> dict[str, Any]:
    """One 附表一 row, by header: a new office of 通城县 unless changed."""
    row = {
        "机构名称": NANCHANG,
        "设立单位": "通城县人民政府",
        "设立单位层级": "县级",
        "设立单位类别": "政府",
        "所属政府": "通城县",
        "驻在省份": "江西省",
        "驻在城市": "南昌市",
        "设立时间": date(2013, 4, 1),
        "核定编制数": 2,
        "实有人数": 1,
        "是否从事对口援助": "否",
    }
    row.update(changes)
    return row


def workbook(
    rows: list[dict[str, Any]],
    *,
    headers: list[str] | None = None,
    title: bool = True,
    footer: bool = True,
    sheet: str = "附表一",
) -> openpyxl.Workbook:
    headers = headers or HEADERS
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    if title:
        ws.append([TITLE])
        ws.append(["填报单位：通城县人民政府办公室"])
    ws.append(headers)
    for number, row in enumerate(rows, start=1):
        ws.append([number if h == "序号" else row.get(h) for h in headers])
    if footer:
        ws.append([])
        ws.append(["填表人：李明", None, None, "审核人：王芳", None, None, "联系电话：0715-4321234"])
    return book


def old_excel(book: openpyxl.Workbook) -> bytes:
    """The same sheet as an Excel 97–2003 .xls (BIFF8, written by xlwt), dates as Excel dates."""
    import xlwt

    out = xlwt.Workbook(encoding="utf-8")
    dated = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for ws in book.worksheets:
        sheet = out.add_sheet(ws.title)
        for r, row in enumerate(ws.iter_rows(values_only=True)):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write(r, c, value, dated)
                elif value is not None:
                    sheet.write(r, c, value)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


# What WPS 表格 puts in an .xlsx that Excel does not: its producer marks (app.xml, KSO custom
# properties), part names given absolute in the relationships, and its x14ac row attributes.
WPS_CUSTOM = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer">'
    "<vt:lpwstr>2052-12.1.0.16120</vt:lpwstr></property></Properties>"
)


def wps(book: openpyxl.Workbook) -> bytes:
    """The workbook as WPS 表格 saves it (see WPS_CUSTOM)."""
    import re
    import zipfile

    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = re.sub(rb'Target="(?!/)', b'Target="/xl/', data)
            elif info.filename == "docProps/app.xml":
                data = re.sub(
                    rb"<Application>[^<]*</Application>", "<Application>WPS 表格</Application>".encode(), data
                )
            elif info.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(
                    b"<worksheet ",
                    b'<worksheet xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" ',
                    1,
                ).replace(b"<row ", b'<row x14ac:dyDescent="0.15" ')
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/docProps/custom.xml" '
                    b'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
                )
            target.writestr(info, data)
        target.writestr("docProps/custom.xml", WPS_CUSTOM)
    return out.getvalue()


def save(book: openpyxl.Workbook, path: Path) -> Path:
    book.save(path)
    return path


def xlsx(tmp_path: Path, rows: list[dict[str, Any]], name: str = "附表一.xlsx", **kwargs: Any) -> Path:
    return save(workbook(rows, **kwargs), tmp_path / name)


def matrix_args(name: str) -> list[Any]:
    """URL arguments for the access matrix (zhuban/tests/test_access_matrix.py): an upload of the
    clerk of 通城县 through the services, previewed with one new office and not yet committed."""
    if name not in {"workbook:preview", "workbook:commit"}:
        return []
    import io

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhuban.org.models import Jurisdiction
    from zhuban.workbook import services
    from zhuban.workbook.models import RegistrationUpload
    from zhuban.workbook.queries import import_scope_for

    clerk = get_user_model().objects.get(username="tongcheng_clerk")
    upload = RegistrationUpload.objects.filter(owner=clerk, status=RegistrationUpload.Status.PREVIEWED).first()
    if upload is None:
        county = Jurisdiction.objects.get(name="通城县")
        buffer = io.BytesIO()
        workbook([office()]).save(buffer)
        upload = services.upload_store(
            user=clerk, jurisdiction=county, file=SimpleUploadedFile("附表一.xlsx", buffer.getvalue())
        )
        services.upload_preview(user=clerk, upload=upload, scope=import_scope_for(clerk, county))
    return [upload.pk]
