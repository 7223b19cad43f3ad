"""What the import says, by stable code. Messages are formatted when shown, in the reader's language.

An error names the Excel row, the column's header and the value as read; a stored preview keeps
codes and parameters, so it reads in English after the user switches language.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

ROW_MESSAGES = {
    "required": gettext_noop("第 %(row)s 行“%(column)s”必须填写。"),
    "formula": gettext_noop(
        "第 %(row)s 行“%(column)s”是没有计算结果的公式“%(value)s”："
        "系统不计算公式，请在 Excel 中重新计算并保存，或改填数值。"
    ),
    "number": gettext_noop("第 %(row)s 行“%(column)s”的值“%(value)s”不是数字。"),
    "whole_number": gettext_noop("第 %(row)s 行“%(column)s”的值“%(value)s”不是整数。"),
    "negative": gettext_noop("第 %(row)s 行“%(column)s”的值“%(value)s”不能小于 0。"),
    "date": gettext_noop(
        "第 %(row)s 行“%(column)s”的值“%(value)s”无法识别为日期（可写作 2010-03-15、2010年3月15日 或 2010年3月）。"
    ),
    "date_range": gettext_noop(
        "第 %(row)s 行“%(column)s”的日期“%(value)s”不在 %(earliest)s 年至 %(latest)s 年之间，请核对年份。"
    ),
    "yes_no": gettext_noop("第 %(row)s 行“%(column)s”的值“%(value)s”应为“是”或“否”。"),
    "choice": gettext_noop("第 %(row)s 行“%(column)s”的值“%(value)s”应为以下之一：%(choices)s。"),
    "province": gettext_noop("第 %(row)s 行“%(column)s”的值“%(value)s”不是省级行政区的名称。"),
    "city": gettext_noop("第 %(row)s 行“%(column)s”的值“%(value)s”不是%(province)s的城市。"),
    "city_unknown": gettext_noop("第 %(row)s 行“%(column)s”的值“%(value)s”不在城市名录中。"),
    "government": gettext_noop("第 %(row)s 行“%(column)s”的值“%(value)s”不是本市的政府或行政区划。"),
    "out_of_scope": gettext_noop("第 %(row)s 行“%(column)s”的值“%(value)s”不在本次导入的范围（%(jurisdiction)s）内。"),
    "sponsor_elsewhere": gettext_noop("第 %(row)s 行“%(column)s”的值“%(value)s”属于%(other)s，不属于%(government)s。"),
    "sponsor_not_own": gettext_noop("第 %(row)s 行“%(column)s”的值“%(value)s”不是您填报的单位：您只能为本单位填报。"),
    "sponsor_new_not_allowed": gettext_noop(
        "第 %(row)s 行“%(column)s”的值“%(value)s”尚未登记为单位，您只能为已登记的本单位填报。"
    ),
    "second_government": gettext_noop(
        "第 %(row)s 行“%(column)s”的值“%(value)s”：%(government)s的政府已登记为“%(existing)s”，请使用该名称。"
    ),
    "level_mismatch": gettext_noop(
        "第 %(row)s 行“%(column)s”的值“%(value)s”与所属政府%(government)s的层级（%(level)s）不符。"
    ),
    "kind_mismatch": gettext_noop(
        "第 %(row)s 行“%(column)s”的值“%(value)s”与已登记的单位“%(sponsor)s”（%(kind)s）不符。"
    ),
    "duplicate": gettext_noop("第 %(row)s 行与第 %(first)s 行是同一个办事机构（设立单位与“%(value)s”均相同）。"),
    "entity_too_long": gettext_noop("第 %(row)s 行“%(column)s”中的名称“%(value)s”超过 %(max)s 个字。"),
    "invalid": gettext_noop("第 %(row)s 行“%(column)s”的值“%(value)s”有误：%(detail)s"),
    "row_invalid": gettext_noop("第 %(row)s 行有误：%(detail)s"),
    "missing_column": gettext_noop("第 %(row)s 行的表头缺少必填列“%(column)s”。"),
    "office_closed": gettext_noop("第 %(row)s 行的“%(value)s”已撤销或整合，登记信息只读，不能再修改或添加经营性实体。"),
    "changed_since_preview": gettext_noop("预览之后登记数据已有变化，请查看新的预览后再确认导入。"),
}

NOTICE_MESSAGES = {
    "extra_column": gettext_noop("第 %(row)s 行表头中的“%(column)s”不是附表一的列，已忽略。"),
    "duplicate_column": gettext_noop("“%(column)s”列出现了不止一次，只读取第一列。"),
    "totals_row": gettext_noop("第 %(row)s 行是合计行，已跳过。"),
    "entity_kept": gettext_noop(
        "第 %(row)s 行：经营性实体“%(value)s”已登记但表中未列出；导入不删除经营性实体，请在办事机构页面处理。"
    ),
}

# Why a file cannot be read at all: exit 2 on the command line, a form error on the page.
FILE_MESSAGES = {
    "empty_file": gettext_noop("文件是空的。"),
    "too_large": gettext_noop("文件太大（%(size_mb)s MB），上限为 %(limit_mb)s MB。"),
    "xls": gettext_noop("这是旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 后再上传。"),
    "xls_old": gettext_noop("这是 Excel 95 或更早版本的工作簿，请在 Excel 中另存为 .xlsx 后再上传。"),
    "encrypted": gettext_noop("工作簿设置了打开密码，请取消密码后再上传。"),
    "csv": gettext_noop("这是文本（CSV）文件，不是 Excel 工作簿，请在 Excel 中另存为 .xlsx 后再上传。"),
    "not_xlsx": gettext_noop("这不是 Excel 工作簿（.xlsx）。"),
    "xlsm": gettext_noop("工作簿含有宏（.xlsm），请另存为不含宏的 .xlsx 后再上传。"),
    "corrupt": gettext_noop("工作簿已损坏，无法读取。"),
    "bomb": gettext_noop("工作簿解压后异常庞大（疑似压缩炸弹），已拒绝。"),
    "too_many_entries": gettext_noop("工作簿的内部文件过多（%(count)s 个），已拒绝。"),
    "entity": gettext_noop("工作簿含有 XML 实体声明（DOCTYPE），已拒绝。"),
    "encoding": gettext_noop("工作簿的内部编码不是 UTF-8，已拒绝。"),
    "out_of_bounds": gettext_noop("工作表的单元格超出范围（最多 %(rows)s 行、%(columns)s 列），已拒绝。"),
    "too_many_merged_cells": gettext_noop("工作表的合并单元格过多（超过 %(limit)s 处），已拒绝。"),
    "too_heavy": gettext_noop(
        "文件无法在限定的内存（%(memory_mb)s MB）和时间（%(seconds)s 秒）内读取，已拒绝。"
        "请检查工作簿是否含有异常庞大的内容，或另存为新的 .xlsx 后再上传。"
    ),
    "too_many_rows": gettext_noop("表中的办事机构超过上限 %(limit)s 行，请分批导入。"),
    "empty_workbook": gettext_noop("工作簿中没有任何数据。"),
    "no_header": gettext_noop("没有找到附表一的表头（至少应有“机构名称”“设立单位”等列）。"),
}


@dataclass
class Problem:
    """An error or a notice: a code, the Excel row, the header, the value as read, and extras."""

    code: str
    row: int | None = None
    column: str = ""
    value: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        template = ROW_MESSAGES.get(self.code) or NOTICE_MESSAGES.get(self.code) or self.code
        return _(template) % {"row": self.row, "column": self.column, "value": self.value, **self.params}

    def as_json(self) -> dict[str, Any]:
        """The command line's error object."""
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}

    def stored(self) -> dict[str, Any]:
        return asdict(self)


def file_message(code: str, params: dict[str, Any]) -> str:
    params = dict(params)
    if "size" in params:
        params["size_mb"] = f"{params['size'] / 1024 / 1024:.1f}"
    if "limit" in params and code == "too_large":
        params["limit_mb"] = f"{params['limit'] / 1024 / 1024:.0f}"
    return _(FILE_MESSAGES.get(code, FILE_MESSAGES["corrupt"])) % params
