"""Reading what counties really send: titles, merged two-row headers, blank rows, full-width digits,
units, date forms, short names, 是/否 variants, formulas, a lying size tag."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from zhuban.audit.services import Actor
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import BusinessEntity, Office
from zhuban.testing import xlsx_files
from zhuban.workbook.reading import read_registration
from zhuban.workbook.services import registration_import
from zhuban.workbook.tests.builders import HEADERS, office, xlsx

pytestmark = pytest.mark.django_db

GROUPED = ["实有人数", "其中借调人员", "其中驻地聘用人员"]
# How a county office really wrote some headers.
VARIANTS = {"机构名称": " 机构名称 ", "设立单位": "*设立单位", "房产建筑面积（平方米）": "房产建筑面积\n(平方米)"}


def messy_workbook(path):
    """A county's 附表一 as it arrives: title and signatures, a two-row header with merged cells
    and a group heading, blank rows, a totals row, an extra column, and every accepted form."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "附表一（通城县）"
    headers = HEADERS + ["联系人邮箱"]
    ws["A1"] = "附表一 驻省会城市办事机构情况登记表"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A2"] = "填报单位：通城县人民政府办公室"
    ws["A3"] = "填报日期：2015年7月28日"
    for col, header in enumerate(headers, start=1):
        if header in GROUPED:
            ws.cell(row=5, column=col, value=header)
        else:
            ws.cell(row=4, column=col, value=VARIANTS.get(header, header))
            ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
    first = HEADERS.index("实有人数") + 1
    ws.cell(row=4, column=first, value="人员情况")
    ws.merge_cells(start_row=4, start_column=first, end_row=4, end_column=first + 2)
    rows = [
        {
            "序号": "１",
            "机构名称": "通城县人民政府驻长沙第二联络处",
            "设立单位": "\u3000通城县人民政府\u3000",
            "设立单位层级": "县（市、区）级",
            "设立单位类别": "政府",
            "所属政府": " 通城县 ",
            "驻在省份": "湖南",
            "驻在城市": "长沙",
            "设立时间": "2010年3月",
            "批准文号": "通政函[2010]8号",
            "机构性质": " 参公 ",
            "经费形式": "全额拨款",
            "核定编制数": "１２",
            "实有人数": "10人",
            "其中借调人员": "２",
            "其中驻地聘用人员": 0,
            "房产建筑面积（平方米）": "1,200.5平方米",
            "土地面积（平方米）": "350㎡",
            "车辆数（辆）": "3辆",
            "资产总额（万元）": "35万元",
            "负债总额（万元）": "0",
            "所属经营性实体": "通城长沙宾馆、通城长沙招待所",
            "是否从事对口援助": "√",
            "联系电话": 13800000000,
            "备注": "  保留待议  ",
        },
        None,  # a blank row
        {
            "序号": 2,
            "机构名称": "通城县招商局驻南昌联络处",
            "设立单位": "通城县招商局",
            "设立单位层级": "县级",
            "设立单位类别": "部门",
            "所属政府": "通城县人民政府",
            "驻在省份": "江西",
            "驻在城市": "南昌市",
            "设立时间": datetime(2012, 5, 1),  # noqa: DTZ001 - a date cell carries no time zone
            "批准文号": "通编（2012）3号",
            "核定编制数": 2.0,
            "实有人数": 2,
            "是否从事对口援助": "无",
        },
        {
            "序号": 3,
            "机构名称": "通城县人民政府驻南宁联络处",
            "设立单位": "通城县人民政府",
            "设立单位层级": "县级",
            "设立单位类别": "政府",
            "所属政府": "通城",
            "驻在省份": "广西",
            "驻在城市": "南宁",
            "设立时间": "20110601",
            "核定编制数": "1",
            "实有人数": 1,
        },
        {"序号": "合计", "核定编制数": 15, "实有人数": 13},
    ]
    for offset, row in enumerate(rows):
        for col, header in enumerate(headers, start=1):
            value = (row or {}).get(header)
            if value is not None:
                ws.cell(row=6 + offset, column=col, value=value)
    ws.cell(row=12, column=1, value="填表人：李明　　审核人：王芳")
    ws.merge_cells("A12:F12")
    ws.cell(row=13, column=1, value="联系电话：0715-4321234")
    book.save(path)
    return path


def test_a_messy_county_workbook_is_read_and_imported_correctly(tmp_path):
    path = messy_workbook(tmp_path / "通城县附表一.xlsx")
    result = registration_import(
        actor=Actor.system("test"), jurisdiction=Jurisdiction.objects.get(name="通城县"), sheet=read_registration(path)
    )
    assert result.errors == []
    assert (result.created, result.updated) == (3, 0)
    assert {(n.code, n.row, n.column) for n in result.notices} == {
        ("extra_column", 5, "联系人邮箱"),
        ("totals_row", 10, ""),
    }
    changsha = Office.objects.get(name="通城县人民政府驻长沙第二联络处")
    assert changsha.sponsor.name == "通城县人民政府" and changsha.jurisdiction.name == "通城县"
    assert (changsha.host_province.name, changsha.host_city.name) == ("湖南省", "长沙市")
    assert (changsha.established_on, changsha.established_precision) == (date(2010, 3, 1), "month")
    assert changsha.approval_document == "通政函〔2010〕8号"
    assert changsha.nature == "civil_service_managed" and changsha.funding == "full"
    assert (changsha.staffing_quota, changsha.headcount, changsha.seconded_count, changsha.local_hire_count) == (
        12,
        10,
        2,
        0,
    )
    assert changsha.building_area == Decimal("1200.50") and changsha.land_area == Decimal("350")
    assert changsha.vehicle_count == 3 and changsha.total_assets == Decimal("35") and changsha.total_liabilities == 0
    assert changsha.counterpart_assistance is True
    assert changsha.contact_phone == "13800000000" and changsha.remarks == "保留待议"
    assert set(BusinessEntity.objects.filter(office=changsha).values_list("name", flat=True)) == {
        "通城长沙宾馆",
        "通城长沙招待所",
    }
    nanchang = Office.objects.get(name="通城县招商局驻南昌联络处")
    assert nanchang.established_on == date(2012, 5, 1) and nanchang.counterpart_assistance is False
    assert nanchang.approval_document == "通编〔2012〕3号" and nanchang.host_city.name == "南昌市"
    nanning = Office.objects.get(name="通城县人民政府驻南宁联络处")
    assert nanning.host_province.name == "广西壮族自治区" and nanning.established_on == date(2011, 6, 1)


def test_excel_row_numbers_are_kept_when_the_table_starts_lower_and_further_right(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    for col, header in enumerate(HEADERS, start=3):
        ws.cell(row=5, column=col, value=header)
    bad = office(设立时间="去年")
    for col, header in enumerate(HEADERS, start=3):
        ws.cell(row=7, column=col, value=bad.get(header))
    book.save(tmp_path / "t.xlsx")
    sheet = read_registration(tmp_path / "t.xlsx")
    assert sheet.header_row == 5
    rows = list(sheet.rows)
    assert [r.excel_row for r in rows] == [7]
    assert rows[0].cells["name"] == bad["机构名称"]


def formula_workbook(path, *, cached: bool):
    """附表一 with 核定编制数 as a formula, with or without the value Excel caches beside it."""
    values = office()
    row = [values.get(h, "") if not isinstance(values.get(h), date) else 41365 for h in HEADERS]
    xml = xlsx_files.sheet_xml([HEADERS, row])
    quota = f"{xlsx_files.column_name(HEADERS.index('核定编制数') + 1)}2"
    cell = f'<c r="{quota}"><f>1+1</f><v>2</v></c>' if cached else f'<c r="{quota}"><f>1+1</f><v></v></c>'
    xml = re.sub(rf'<c r="{quota}"><v>2</v></c>'.encode(), cell.encode(), xml)
    path.write_bytes(xlsx_files.package(xml))
    return path


def test_a_formula_is_read_by_its_cached_value_and_never_evaluated(tmp_path):
    sheet = read_registration(formula_workbook(tmp_path / "t.xlsx", cached=True))
    (row,) = list(sheet.rows)
    assert row.cells["staffing_quota"] == 2 and row.formulas == {}


def test_a_formula_without_a_cached_value_is_an_error_naming_the_cell(tmp_path):
    path = formula_workbook(tmp_path / "t.xlsx", cached=False)
    result = registration_import(
        actor=Actor.system("test"),
        jurisdiction=Jurisdiction.objects.get(name="通城县"),
        sheet=read_registration(path),
        dry_run=True,
    )
    assert [(e.code, e.row, e.column, e.value) for e in result.errors] == [("formula", 2, "核定编制数", "=1+1")]
    assert "公式" in result.errors[0].message


def test_a_sheet_whose_size_tag_claims_one_row_is_still_read_whole(tmp_path):
    rows = [office(机构名称=f"通城县人民政府驻南昌第{i}联络处") for i in range(3000)]
    path = xlsx(tmp_path, rows, title=False, footer=False)
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert b"<dimension ref=" in sheet
    parts["xl/worksheets/sheet1.xml"] = re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:B1"/>', sheet)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    # The hazard: a reader that trusts the tag sees one row and silently drops the rest.
    trusting = openpyxl.load_workbook(path, read_only=True)
    assert len(list(trusting.active.iter_rows())) == 1
    assert len(list(read_registration(path).rows)) == 3000
