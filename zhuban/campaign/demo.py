"""The demo's manual submissions in 2015: the task forces and the 附表一 tables, who sent what,
when, and what was sent back. The story stops on STORY_DATE, the day the demo's campaign opens
on, so "overdue" on that day means what it says.

The other submissions are not stamped here: 精简整合意见 and 专项工作报告 follow from the work
itself (the proposals, approvals and the special report the consolidation demo makes through
the real services, zhuban.flows), and the mandates and summaries fall due after the story stops.
Viewed as of 2015-08-15 it shows the consolidation step under way: 崇阳县's 附表一 returned and
still owed, 咸宁高新区's not yet in; 崇阳县's proposals short of an office, 咸宁高新区's not
begun; 通城县's consolidation report in early.
Events are (month, day, kind, comment); times of day follow the kind so a day reads in order.
"""

from __future__ import annotations

from datetime import date

S, T, R, A = "started", "submitted", "returned", "accepted"

HOURS = {S: 9, R: 10, A: 11, T: 15}

CITY = "咸宁市"
STORY_DATE = date(2015, 8, 15)

# jurisdiction → requirement code → events
HISTORY: dict[str, dict[str, list[tuple[int, int, str, str]]]] = {
    "咸宁市": {
        "task_force": [(7, 17, S, ""), (7, 20, T, ""), (7, 21, A, "")],
        "registration_table": [(7, 21, S, ""), (7, 31, T, ""), (8, 4, A, "")],
    },
    "咸安区": {
        "task_force": [(7, 18, S, ""), (7, 20, T, ""), (7, 22, A, "")],
        "registration_table": [(7, 22, S, ""), (7, 30, T, ""), (8, 3, A, "")],
    },
    "嘉鱼县": {
        "task_force": [(7, 20, S, ""), (7, 20, T, ""), (7, 22, A, "")],
        "registration_table": [(7, 22, S, ""), (7, 31, T, ""), (8, 4, A, "")],
    },
    "通城县": {
        "task_force": [(7, 19, S, ""), (7, 20, T, ""), (7, 21, A, "")],
        "registration_table": [(7, 21, S, ""), (7, 29, T, ""), (8, 3, A, "")],
    },
    "崇阳县": {
        "task_force": [(7, 20, S, ""), (7, 22, T, ""), (7, 23, A, "")],
        "registration_table": [
            (7, 23, S, ""),
            (7, 31, T, ""),
            (8, 5, R, "驻上海联络处未填报资产和人员情况，请补充后重新报送。"),
        ],
    },
    "通山县": {
        "task_force": [
            (7, 21, S, ""),
            (7, 27, T, ""),
            (7, 28, R, "专班成员未列明县编办、财政局人员，请补充。"),
            (7, 29, S, ""),
            (7, 30, T, ""),
            (7, 31, A, ""),
        ],
        "registration_table": [(7, 27, S, ""), (8, 6, T, ""), (8, 10, A, "")],
    },
    "赤壁市": {
        "task_force": [(7, 20, S, ""), (7, 20, T, ""), (7, 21, A, "")],
        "registration_table": [(7, 22, S, ""), (7, 31, T, ""), (8, 4, A, "")],
    },
    "咸宁高新区": {
        "task_force": [(7, 24, S, ""), (8, 3, T, ""), (8, 4, A, "")],
        "registration_table": [(8, 10, S, "")],
    },
}

LEADS = {
    "咸宁市": ("刘卫国", "市人民政府副秘书长"),
    "咸安区": ("陈志刚", "区人民政府办公室主任"),
    "嘉鱼县": ("黄建华", "县人民政府办公室主任"),
    "通城县": ("吴海波", "县人民政府办公室主任"),
    "崇阳县": ("周晓明", "县人民政府办公室主任"),
    "通山县": ("杨春林", "县人民政府办公室主任"),
    "赤壁市": ("胡国强", "市人民政府办公室主任"),
    "咸宁高新区": ("孙立新", "管委会办公室主任"),
}
CONTACTS = ["李明", "王芳", "张伟", "赵静", "钱勇", "孙敏", "周杰", "吴娟"]
