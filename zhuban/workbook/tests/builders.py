"""附表一 workbooks made by code for the tests (openpyxl, with defusedxml installed)."""

from __future__ import annotations

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
