"""The demo campaign: offices that exercise every clause of the plan (docs/reading.md), with staff and assets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

# sponsor unit, office name, city, established, quota, headcount, counterpart assistance, plaque
OFFICES = [
    ("咸宁市人民政府", "咸宁市人民政府驻武汉办事处", "武汉市", date(1988, 5, 1), 12, 11, False, ""),
    ("咸安区人民政府", "咸安区人民政府驻武汉办事处", "武汉市", date(1996, 3, 15), 5, 4, False, ""),
    ("嘉鱼县人民政府", "嘉鱼县人民政府驻武汉办事处", "武汉市", date(1993, 8, 1), 6, 5, False, ""),
    ("通城县人民政府", "通城县人民政府驻武汉办事处", "武汉市", date(1992, 6, 18), 6, 6, False, ""),
    ("崇阳县人民政府", "崇阳县人民政府驻武汉联络处", "武汉市", date(1994, 4, 20), 4, 4, False, ""),
    ("通山县人民政府", "通山县人民政府驻武汉办事处", "武汉市", date(1995, 10, 8), 5, 3, False, ""),
    ("赤壁市人民政府", "赤壁市人民政府驻武汉办事处", "武汉市", date(1990, 1, 10), 7, 6, False, ""),
    ("咸宁市招商局", "咸宁市招商局驻武汉联络处", "武汉市", date(2005, 9, 1), 3, 3, False, ""),
    ("通城县招商局", "通城县招商局驻武汉联络处", "武汉市", date(2008, 3, 1), 2, 2, False, ""),
    ("咸宁高新区管理委员会", "咸宁高新区驻武汉联络处", "武汉市", date(2015, 9, 1), 0, 2, False, ""),
    ("咸宁市人民政府", "咸宁市人民政府驻长沙联络处", "长沙市", date(2006, 5, 12), 3, 3, False, ""),
    ("咸宁市人民政府", "咸宁市人民政府驻广州办事处", "广州市", date(2001, 7, 1), 5, 5, False, ""),
    ("咸宁市人民政府", "咸宁市人民政府驻深圳联络处", "深圳市", date(2003, 11, 1), 3, 2, False, ""),
    ("咸宁市商务局", "咸宁市商务局驻广州联络处", "广州市", date(2009, 2, 1), 2, 2, False, ""),
    ("通城县人民政府", "通城县人民政府驻长沙联络处", "长沙市", date(2007, 6, 1), 2, 2, False, ""),
    ("咸宁市人民政府", "咸宁市人民政府驻北京联络处", "北京市", date(1999, 12, 1), 4, 4, False, ""),
    ("咸宁市人民政府", "咸宁市人民政府驻拉萨工作组", "拉萨市", date(2011, 8, 1), 3, 3, True, "咸宁市对口援藏工作组"),
    ("崇阳县人民政府", "崇阳县人民政府驻上海联络处", "上海市", date(2010, 3, 1), 2, 2, False, ""),
    ("咸宁市农业局", "咸宁市农业局驻杭州联络处", "杭州市", date(2012, 4, 1), 1, 1, False, ""),
    ("通山县招商局", "通山县招商局驻深圳联络处", "深圳市", date(2011, 10, 1), 1, 2, False, ""),
]

STAFF_NAMES = ["王建国", "李红梅", "张志强", "刘晓燕", "陈卫东", "杨丽", "赵军", "黄海涛", "周敏", "吴斌", "徐静"]
POSTS = ["主任", "副主任", "科员", "办事员", "驾驶员"]

# Assets for an office by its index in OFFICES: (category, description, area, plate, certificate, book value)
ASSETS = {
    0: [
        ("building", "办公楼（武昌区中北路）", Decimal("1850.00"), "", "武房权证昌字第2003001号", Decimal("9200000")),
        ("land", "办公楼用地", Decimal("1200.00"), "", "武国用（2003）第118号", Decimal("3600000")),
        ("vehicle", "公务用车（别克GL8）", None, "鄂L·A0101", "", Decimal("286000")),
    ],
    3: [
        ("building", "通城大厦三层办公用房", Decimal("420.00"), "", "武房权证洪字第1999045号", Decimal("1680000")),
        ("vehicle", "公务用车（帕萨特）", None, "鄂L·C3321", "", Decimal("215000")),
        ("other", "办公家具及电脑设备", None, "", "", Decimal("86000")),
    ],
    4: [("vehicle", "公务用车（桑塔纳）", None, "鄂L·D1120", "", Decimal("98000"))],
    6: [("building", "赤壁宾馆附楼", Decimal("960.00"), "", "武房权证汉字第1998201号", Decimal("2100000"))],
    11: [("building", "广州天河区办公用房", Decimal("320.00"), "", "粤房地权证穗字第0200334号", Decimal("2450000"))],
}

# Business entities by office index: (name, kind)
ENTITIES = {0: [("咸宁大厦宾馆", "hotel")], 3: [("通城驻汉招待所", "guesthouse")], 6: [("赤壁宾馆", "hotel")]}

PASSWORD = "Zhuban@2015"  # noqa: S105 - demo accounts exist only in demo mode
# The city bureau's demo account approves only after a TOTP code; this is its authenticator key
# (base32 JBSWY3DPEHPK3PXP, the common example key), so a demo can be followed with any app.
TOTP_KEY_HEX = "48656c6c6f21deadbeef"

# username, full name, role, jurisdiction, unit (a department clerk's) or office (a retained
# office's staff's and head's)
ACCOUNTS = [
    ("city_admin", "市机关事务管理局 周主任", "offices_admin", "咸宁市", None),
    ("tongcheng_clerk", "通城县 填报员 李明", "county_clerk", "通城县", None),
    ("chongyang_clerk", "崇阳县 填报员 王芳", "county_clerk", "崇阳县", None),
    ("zhaoshang_clerk", "市招商局 填报员 陈刚", "department_clerk", "咸宁市", "咸宁市招商局"),
    ("inspector", "市监察局 检查人员 刘强", "inspector", "咸宁市", None),
    ("team_member", "市编办 检查组成员 郑华", "team_member", "咸宁市", None),
    ("auditor", "市审计局 审计人员 孙丽", "auditor", "咸宁市", None),
    ("wuhan_office", "市政府驻汉办 工作人员 赵磊", "wuhan_office", "咸宁市", None),
    ("liaison_staff", "市政府驻汉办 综合科 钱进", "office_staff", "咸宁市", "咸宁市人民政府驻武汉办事处"),
    ("staffing_officer", "市编办 机构编制科 韩雪", "staffing_officer", "咸宁市", None),
    ("liaison_head", "市政府驻汉办 主任 冯远", "office_head", "咸宁市", "咸宁市人民政府驻武汉办事处"),
]
