"""附表一 as data: its 31 columns in order, with the forms each accepts (docs: REGISTRATION.md).

The headers and the choice labels are the table's own Chinese text, whatever the UI language:
they are the format, not user-interface strings. The notes on the template's headers are UI text
and are translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zhuban.lib.cells import choice_table
from zhuban.lib.table import alias_table

SHEET_NAME = "附表一"
TITLE = "附表一 驻省会城市办事机构情况登记表"
# Lines above and below the table that are not offices: the signature block and notes.
FOOTER_PREFIXES = ("填表人", "填报人", "审核人", "制表人", "单位负责人", "联系电话", "填表说明", "说明", "注")
TOTAL_LABELS = frozenset({"合计", "总计", "小计", "合 计"})

# (label as written in the table, code). The first label of each code is the one exports write.
LEVELS = (("市级", "city"), ("县级", "county"), ("县（市、区）级", "county"), ("县(市、区)级", "county"),
          ("县市区级", "county"), ("市", "city"), ("县", "county"), ("区级", "county"))  # fmt: skip
UNIT_KINDS = (("政府", "government"), ("部门", "department"), ("人民政府", "government"),
              ("管委会", "government"), ("政府部门", "department"), ("直属部门", "department"),
              ("所属部门", "department"))  # fmt: skip
NATURES = (("行政", "administrative"), ("参公", "civil_service_managed"), ("事业", "public_institution"),
           ("其他", "other"), ("行政机关", "administrative"), ("行政机构", "administrative"),
           ("参照公务员法管理", "civil_service_managed"), ("参公事业单位", "civil_service_managed"),
           ("事业单位", "public_institution"))  # fmt: skip
FUNDINGS = (("全额拨款", "full"), ("差额拨款", "partial"), ("自收自支", "self"), ("其他", "other"),
            ("全额", "full"), ("差额", "partial"), ("财政全额拨款", "full"), ("财政差额拨款", "partial"))  # fmt: skip
YES_NO = (("是", True), ("否", False))

AREA_UNITS = ("平方米", "平米", "㎡", "m²", "m2")
PEOPLE_UNITS = ("人", "名")


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: str = "text"
    required: bool = False
    note: Promise | str = ""
    units: tuple[str, ...] = ()
    choices: tuple[tuple[str, object], ...] = ()
    aliases: tuple[str, ...] = ()
    width: int = 14

    @property
    def export_labels(self) -> dict[object, str]:
        """code → the label exports write (the first one listed)."""
        out: dict[object, str] = {}
        for label, code in self.choices:
            out.setdefault(code, label)
        return out

    @property
    def drop_down(self) -> list[str]:
        return list(self.export_labels.values())


COLUMNS: tuple[Column, ...] = (
    Column("序号", "seq", "seq", note=_("导入时不读取。"), width=6),
    Column("机构名称", "name", required=True, note=_("全称；与设立单位一起确定一个办事机构。"),
           aliases=("办事机构名称", "驻外机构名称"), width=30),
    Column("加挂牌子", "additional_plaque", width=20),
    Column("设立单位", "sponsor", "sponsor", required=True, note=_("设立该机构的政府或部门全称。"),
           aliases=("派出单位",), width=24),
    Column("设立单位层级", "sponsor_level", "choice", required=True, note=_("市级 或 县级。"),
           choices=LEVELS, aliases=("层级",), width=10),
    Column("设立单位类别", "sponsor_kind", "choice", required=True, note=_("政府 或 部门。"),
           choices=UNIT_KINDS, aliases=("单位类别",), width=10),
    Column("所属政府", "government", "government", required=True, note=_("设立单位所属的政府，如 咸宁市、通城县。"),
           width=12),
    Column("驻在省份", "host_province", "province", required=True, note=_("可写简称，如 湖南、广西。"),
           aliases=("驻地省份",), width=12),
    Column("驻在城市", "host_city", "city", required=True, note=_("可写简称，如 长沙。"), aliases=("驻地城市", "驻地"),
           width=12),
    Column("详细地址", "address", aliases=("地址",), width=30),
    Column("设立时间", "established_on", "date", required=True,
           note=_("如 2010-03-15、2010年3月15日；只知年月可写 2010年3月。"), aliases=("成立时间",), width=14),
    Column("批准机关", "approval_authority", width=16),
    Column("批准文号", "approval_document", "document", note=_("如 咸政函〔2003〕12号。"), width=20),
    Column("机构性质", "nature", "choice", note=_("行政、参公、事业 或 其他。"), choices=NATURES, width=10),
    Column("机构规格", "rank", note=_("如 正处级。"), width=10),
    Column("经费形式", "funding", "choice", note=_("全额拨款、差额拨款、自收自支 或 其他。"), choices=FUNDINGS,
           aliases=("经费来源",), width=12),
    Column("核定编制数", "staffing_quota", "whole", required=True, note=_("整数，不小于 0。"), units=PEOPLE_UNITS,
           aliases=("编制数", "核定编制"), width=10),
    Column("实有人数", "headcount", "whole", required=True, note=_("整数，不小于 0。"), units=PEOPLE_UNITS, width=10),
    Column("其中借调人员", "seconded_count", "whole", note=_("不超过实有人数。"), units=PEOPLE_UNITS,
           aliases=("借调人员",), width=12),
    Column("其中驻地聘用人员", "local_hire_count", "whole", note=_("不超过实有人数。"), units=PEOPLE_UNITS,
           aliases=("驻地聘用人员",), width=14),
    Column("房产建筑面积（平方米）", "building_area", "decimal", units=AREA_UNITS, width=14),
    Column("土地面积（平方米）", "land_area", "decimal", units=AREA_UNITS, width=14),
    Column("车辆数（辆）", "vehicle_count", "whole", units=("辆", "台"), width=10),
    Column("资产总额（万元）", "total_assets", "decimal", units=("万元",), width=12),
    Column("负债总额（万元）", "total_liabilities", "decimal", units=("万元",), width=12),
    Column("所属经营性实体", "business_entities", "entities", note=_("宾馆、招待所、公司等的名称，用顿号或分号分隔。"),
           width=24),
    Column("是否从事对口援助", "counterpart_assistance", "yes_no", note=_("是 或 否；空白视为否。"), choices=YES_NO,
           aliases=("对口援助",), width=10),
    Column("主要职能", "main_functions", "paragraph", width=30),
    Column("负责人", "head_name", width=10),
    Column("联系电话", "contact_phone", "phone", note=_("按文本填写。"), aliases=("电话",), width=16),
    Column("备注", "remarks", "paragraph", width=20),
)  # fmt: skip

BY_KEY = {c.key: c for c in COLUMNS}
HEADERS = {c.key: c.header for c in COLUMNS}
REQUIRED = tuple(c.key for c in COLUMNS if c.required)


def _header_aliases():
    for column in COLUMNS:
        yield column.header, column.key
        for alias in column.aliases:
            yield alias, column.key
        if "（" in column.header:  # 房产建筑面积 without its unit
            yield column.header.split("（", 1)[0], column.key


HEADER_ALIASES = alias_table(_header_aliases())
CHOICE_TABLES = {c.key: choice_table(dict(c.choices)) for c in COLUMNS if c.kind == "choice"}
