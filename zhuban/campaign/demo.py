"""A believable 2015 history for the demo: who submitted what, when, and what was sent back.

Viewed as of 2015-08-15 it shows the consolidation step under way: 崇阳县's 附表一 returned and
still owed, 咸宁高新区's not yet in, two proposals overdue, 通城县's consolidation report in early.
Events are (month, day, kind, comment); times of day follow the kind so a day reads in order.
"""

from __future__ import annotations

S, T, R, A = "started", "submitted", "returned", "accepted"

HOURS = {S: 9, R: 10, A: 11, T: 15}

CITY = "咸宁市"

# jurisdiction → requirement code → events
HISTORY: dict[str, dict[str, list[tuple[int, int, str, str]]]] = {
    "咸宁市": {
        "task_force": [(7, 17, S, ""), (7, 20, T, ""), (7, 21, A, "")],
        "registration_table": [(7, 21, S, ""), (7, 31, T, ""), (8, 4, A, "")],
        "proposals": [(7, 24, S, ""), (7, 31, T, ""), (8, 6, A, "")],
        "consolidation_report": [(8, 10, S, ""), (8, 31, T, ""), (9, 7, A, "")],
        "mandates": [(9, 1, S, ""), (9, 18, T, ""), (9, 24, A, "")],
    },
    "咸安区": {
        "task_force": [(7, 18, S, ""), (7, 20, T, ""), (7, 22, A, "")],
        "registration_table": [(7, 22, S, ""), (7, 30, T, ""), (8, 3, A, "")],
        "proposals": [(7, 27, S, ""), (7, 31, T, ""), (8, 5, A, "")],
        "consolidation_report": [(8, 6, S, ""), (8, 28, T, ""), (9, 2, A, "")],
        "mandates": [(9, 14, T, "本级无保留的驻外办事机构。"), (9, 16, A, "")],
        "county_summary": [(10, 12, S, ""), (10, 19, T, ""), (10, 26, A, "")],
    },
    "嘉鱼县": {
        "task_force": [(7, 20, S, ""), (7, 20, T, ""), (7, 22, A, "")],
        "registration_table": [(7, 22, S, ""), (7, 31, T, ""), (8, 4, A, "")],
        "proposals": [(7, 31, T, ""), (8, 5, A, "")],
        "consolidation_report": [(8, 12, S, ""), (8, 31, T, ""), (9, 6, A, "")],
        "mandates": [(9, 17, T, "本级无保留的驻外办事机构。"), (9, 21, A, "")],
        "county_summary": [(10, 14, S, ""), (10, 20, T, ""), (10, 26, A, "")],
    },
    "通城县": {
        "task_force": [(7, 19, S, ""), (7, 20, T, ""), (7, 21, A, "")],
        "registration_table": [(7, 21, S, ""), (7, 29, T, ""), (8, 3, A, "")],
        "proposals": [(7, 28, S, ""), (7, 30, T, ""), (8, 5, A, "")],
        "consolidation_report": [(8, 3, S, ""), (8, 14, T, ""), (8, 20, A, "")],
        "mandates": [(9, 15, T, "本级无保留的驻外办事机构。"), (9, 16, A, "")],
        "county_summary": [(10, 9, S, ""), (10, 16, T, ""), (10, 23, A, "")],
    },
    "崇阳县": {
        "task_force": [(7, 20, S, ""), (7, 22, T, ""), (7, 23, A, "")],
        "registration_table": [
            (7, 23, S, ""),
            (7, 31, T, ""),
            (8, 5, R, "驻上海联络处未填报资产和人员情况，请补充后重新报送。"),
            (8, 17, S, ""),
            (8, 19, T, ""),
            (8, 21, A, ""),
        ],
        "proposals": [(7, 28, S, ""), (8, 19, T, ""), (8, 24, A, "")],
        "consolidation_report": [(8, 24, S, ""), (9, 8, T, ""), (9, 10, A, "")],
        "mandates": [(9, 21, T, "本级无保留的驻外办事机构。"), (9, 23, A, "")],
        "county_summary": [(10, 16, S, ""), (10, 21, T, ""), (10, 27, A, "")],
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
        "proposals": [(8, 3, S, ""), (8, 14, T, ""), (8, 18, A, "")],
        "consolidation_report": [
            (8, 17, S, ""),
            (8, 31, T, ""),
            (9, 2, R, "未附资产处置清单。"),
            (9, 6, S, ""),
            (9, 9, T, ""),
            (9, 11, A, ""),
        ],
        "mandates": [(9, 28, T, "本级无保留的驻外办事机构。"), (9, 30, A, "")],
        "county_summary": [(10, 22, S, ""), (10, 28, T, ""), (11, 3, A, "")],
    },
    "赤壁市": {
        "task_force": [(7, 20, S, ""), (7, 20, T, ""), (7, 21, A, "")],
        "registration_table": [(7, 22, S, ""), (7, 31, T, ""), (8, 4, A, "")],
        "proposals": [
            (7, 29, S, ""),
            (7, 31, T, ""),
            (8, 6, R, "赤壁市人民政府驻武汉办事处依二(一)1应予撤销，意见为保留的，须写明理由。"),
            (8, 17, T, "改为撤销。"),
            (8, 19, A, ""),
        ],
        "consolidation_report": [(8, 13, S, ""), (8, 31, T, ""), (9, 2, A, "")],
        "mandates": [(9, 18, T, "本级无保留的驻外办事机构。"), (9, 21, A, "")],
        "county_summary": [
            (10, 15, S, ""),
            (10, 21, T, ""),
            (10, 23, R, "未报送人员安置情况。"),
            (10, 29, T, ""),
            (11, 2, A, ""),
        ],
    },
    "咸宁高新区": {
        "task_force": [(7, 24, S, ""), (8, 3, T, ""), (8, 4, A, "")],
        "registration_table": [(8, 10, S, ""), (8, 25, T, ""), (8, 27, A, "")],
        "proposals": [(8, 28, T, ""), (9, 1, A, "")],
        "consolidation_report": [(8, 28, S, ""), (9, 14, T, ""), (9, 16, A, "")],
        "mandates": [(10, 8, T, "本级无保留的驻外办事机构。"), (10, 9, A, "")],
        "county_summary": [(10, 15, S, ""), (11, 5, T, ""), (11, 9, A, "")],
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
