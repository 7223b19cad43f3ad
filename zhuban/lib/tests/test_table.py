"""Finding the header of a table however it was laid out."""

from __future__ import annotations

from zhuban.lib.table import alias_table, find_header

ALIASES = alias_table(
    [("序号", "seq"), ("机构名称", "name"), ("设立单位", "sponsor"), ("实有人数", "headcount"), ("备注", "remarks")]
)


def test_the_header_is_found_below_a_title_and_a_reporting_line():
    rows = [
        ["附表一 驻省会城市办事机构情况登记表", "", "", ""],
        ["填报单位：通城县人民政府办公室", "", "", ""],
        ["序号", "机构名称", "设立单位", "实有人数"],
        [1, "驻武汉办事处", "通城县人民政府", 6],
    ]
    header = find_header(rows, ALIASES)
    assert header.first_row == header.last_row == 2
    assert header.columns == {"seq": 0, "name": 1, "sponsor": 2, "headcount": 3}


def test_a_group_heading_over_part_of_the_header_makes_a_two_row_header():
    rows = [
        ["序号", "机构名称", "设立单位", "人员情况", ""],
        ["", "", "", "实有人数", "备注"],
        [1, "驻武汉办事处", "通城县人民政府", 6, ""],
    ]
    merged = [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (1, 2)), ((0, 3), (0, 4))]
    header = find_header(rows, ALIASES, merged=merged)
    assert (header.first_row, header.last_row) == (0, 1)
    assert header.columns == {"seq": 0, "name": 1, "sponsor": 2, "headcount": 3, "remarks": 4}
    assert header.unknown == []


def test_unknown_and_repeated_columns_are_reported():
    rows = [["机构名称", "设立单位", "联系人邮箱", "机构名称", "实有人数"]]
    header = find_header(rows, ALIASES)
    assert header.columns["name"] == 0
    assert header.duplicates == [("name", 3)]
    assert header.unknown == [(2, "联系人邮箱")]


def test_no_header_is_found_in_a_sheet_of_something_else():
    assert find_header([["姓名", "年龄"], ["张三", 30]], ALIASES) is None


def test_a_merged_range_claiming_a_million_rows_is_only_filled_within_the_scanned_rows():
    rows = [["机构名称", "设立单位", "实有人数"]] + [["x", "y", 1]] * 5
    header = find_header(rows, ALIASES, merged=[((0, 0), (1_048_575, 16_383))])
    assert header is None or header.last_row <= 1


def test_as_many_merged_ranges_as_the_guard_allows_are_filled_within_a_second():
    import time

    rows = [["机构名称", "设立单位", "实有人数"] + [""] * 61] + [["x", "y", 1] + [""] * 61] * 39
    # Each covers the scanned rows beside the header cells: 24 million cell writes, one by one.
    merged = [((0, 3), (39 + i, 63)) for i in range(10_000)]
    started = time.perf_counter()
    header = find_header(rows, ALIASES, merged=merged)
    assert time.perf_counter() - started < 1
    assert header is not None and header.columns == {"name": 0, "sponsor": 1, "headcount": 2}
