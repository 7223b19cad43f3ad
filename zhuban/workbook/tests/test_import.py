"""The import engine: every row checked, all rows written or none, and the same trail as the registry."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from django.core.management import call_command

from zhuban.audit.models import AuditEntry
from zhuban.audit.services import Actor
from zhuban.org.models import Jurisdiction, Unit
from zhuban.registry import services as registry
from zhuban.registry.models import BusinessEntity, Office
from zhuban.workbook import checking
from zhuban.workbook.exporting import write_registration
from zhuban.workbook.queries import export_rows, import_scope_for, offices_in
from zhuban.workbook.reading import read_registration
from zhuban.workbook.services import registration_import
from zhuban.workbook.tests.builders import HEADERS, NANCHANG, TONGCHENG_WUHAN, office, xlsx

pytestmark = pytest.mark.django_db


def run(path, jurisdiction="通城县", **kwargs):
    return registration_import(
        actor=Actor.system("test"),
        jurisdiction=Jurisdiction.objects.get(name=jurisdiction),
        sheet=read_registration(path),
        **kwargs,
    )


def export(path, jurisdiction=None):
    write_registration(path, export_rows(offices_in(jurisdiction)))
    return path


def errors_of(result):
    return {(e.row, e.column, e.value) for e in result.errors}


def test_a_new_office_is_registered_with_the_registrys_audit_entry(tmp_path):
    result = run(xlsx(tmp_path, [office(批准文号="通政函[2013]5号", 机构性质="参公", 经费形式="全额拨款")]))
    assert (result.created, result.updated, result.unchanged, result.errors) == (1, 0, 0, [])
    created = Office.objects.get(name=NANCHANG)
    assert created.jurisdiction.name == "通城县" and created.host_province.name == "江西省"
    assert created.approval_document == "通政函〔2013〕5号"
    assert created.nature == Office.Nature.CIVIL_SERVICE_MANAGED and created.funding == Office.Funding.FULL
    entry = AuditEntry.objects.get(subject_id=str(created.pk), action="office.register")
    assert entry.actor_label == "system:test" and entry.after["name"] == NANCHANG and entry.after["headcount"] == 1


def test_importing_the_same_file_twice_changes_nothing_the_second_time(tmp_path):
    path = xlsx(tmp_path, [office(), office(机构名称="通城县人民政府驻南京联络处", 驻在省份="江苏", 驻在城市="南京")])
    assert run(path).created == 2
    entries, versions = AuditEntry.objects.count(), list(Office.objects.values_list("version", flat=True))
    again = run(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert AuditEntry.objects.count() == entries
    assert list(Office.objects.values_list("version", flat=True)) == versions


def test_export_then_import_of_the_whole_city_is_a_no_op(tmp_path):
    path = export(tmp_path / "city.xlsx")
    entries = AuditEntry.objects.count()
    result = run(path, "咸宁市")
    assert (result.created, result.updated, result.errors) == (0, 0, [])
    assert result.unchanged == Office.objects.count()
    assert AuditEntry.objects.count() == entries


def test_export_then_import_of_one_county_is_a_no_op(tmp_path):
    tongcheng = Jurisdiction.objects.get(name="通城县")
    result = run(export(tmp_path / "tc.xlsx", tongcheng), "通城县")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)


def test_a_changed_value_is_previewed_old_to_new_and_written_with_before_and_after(tmp_path, office_of):
    path = export(tmp_path / "tc.xlsx", Jurisdiction.objects.get(name="通城县"))
    book = openpyxl.load_workbook(path)
    ws = book.active
    for row in ws.iter_rows(min_row=4):
        if row[1].value == TONGCHENG_WUHAN:
            row[HEADERS.index("实有人数")].value = 5
            row[HEADERS.index("机构规格")].value = "正科级"
    book.save(path)
    preview = run(path, dry_run=True)
    changed = [r for r in preview.rows if r.status == "changed"]
    assert [(r.name, r.changes) for r in changed] == [
        (TONGCHENG_WUHAN, [("机构规格", "", "正科级"), ("实有人数", "6", "5")])
    ]
    assert office_of(TONGCHENG_WUHAN).headcount == 6  # a preview writes nothing
    result = run(path)
    updated = office_of(TONGCHENG_WUHAN)
    assert result.updated == 1 and updated.headcount == 5 and updated.version == 2
    entry = AuditEntry.objects.get(subject_id=str(updated.pk), action="office.update")
    assert entry.before == {"rank": "", "headcount": 6} and entry.after == {"rank": "正科级", "headcount": 5}


def test_a_date_that_only_loses_its_day_is_shown_and_written_as_a_change(tmp_path, office_of):
    wuhan = office_of(TONGCHENG_WUHAN)
    registry.office_update(actor=Actor.system("test"), office=wuhan, values={"established_on": date(1992, 6, 1)})
    path = export(tmp_path / "tc.xlsx", Jurisdiction.objects.get(name="通城县"))
    book = openpyxl.load_workbook(path)
    for row in book.active.iter_rows(min_row=4):
        if row[1].value == TONGCHENG_WUHAN:
            row[HEADERS.index("设立时间")].value = "1992年6月"
    book.save(path)
    result = run(path)
    assert [r.changes for r in result.rows if r.status == "changed"] == [[("设立时间", "1992-06-01", "1992年6月")]]
    assert office_of(TONGCHENG_WUHAN).established_precision == "month"


def test_a_workbook_with_errors_writes_nothing_and_reports_every_error_by_row_header_and_value(tmp_path):
    rows = [
        office(),
        office(机构名称="通城县人民政府驻长沙第二联络处", 设立时间="2013-13-45", 驻在省份="湖南", 驻在城市="长沙"),
        office(机构名称="通城县人民政府驻合肥联络处", 驻在省份="安微省", 核定编制数=-1),
        office(机构名称=None, 经费形式="财政供养"),
        office(机构名称="通城县人民政府驻南宁联络处", 驻在省份="广西", 驻在城市="南宁", 实有人数=2, 其中借调人员=5),
        office(机构名称="通城县人民政府驻昆明联络处", 驻在省份="云南", 驻在城市="大理", 是否从事对口援助="也许"),
    ]
    offices, entries = Office.objects.count(), AuditEntry.objects.count()
    result = run(xlsx(tmp_path, rows))
    assert errors_of(result) == {
        (5, "设立时间", "2013-13-45"),
        (6, "驻在省份", "安微省"),
        (6, "核定编制数", "-1"),
        (7, "机构名称", ""),
        (7, "经费形式", "财政供养"),
        (8, "其中借调人员", "5"),
        (9, "驻在城市", "大理"),
        (9, "是否从事对口援助", "也许"),
    }
    messages = {e.column: e.message for e in result.errors}
    assert messages["设立时间"].startswith("第 5 行“设立时间”的值“2013-13-45”")
    assert "实有人数" in messages["其中借调人员"]
    assert Office.objects.count() == offices and AuditEntry.objects.count() == entries


def test_all_rows_or_none_even_when_earlier_batches_were_already_written(tmp_path, monkeypatch):
    monkeypatch.setattr(checking, "BATCH_ROWS", 2)
    good = [office(机构名称=f"通城县人民政府驻南昌第{i}联络处") for i in range(5)]
    offices, entries = Office.objects.count(), AuditEntry.objects.count()
    result = run(xlsx(tmp_path, [*good, office(机构名称="通城县人民政府驻南昌末尾联络处", 实有人数="很多")]))
    assert errors_of(result) == {(9, "实有人数", "很多")}
    assert Office.objects.count() == offices and AuditEntry.objects.count() == entries


def test_an_unknown_county_department_becomes_a_new_unit_shown_in_the_preview(tmp_path):
    path = xlsx(tmp_path, [office(设立单位="通城县教育局", 设立单位类别="部门", 机构名称="通城县教育局驻南昌联络处")])
    preview = run(path, dry_run=True)
    assert preview.new_units == [{"name": "通城县教育局", "jurisdiction": "通城县", "kind": "部门", "row": 4}]
    assert preview.rows[0].new_sponsor is True
    assert not Unit.objects.filter(name="通城县教育局").exists()
    run(path)
    unit = Unit.objects.get(name="通城县教育局")
    assert unit.kind == Unit.Kind.DEPARTMENT and unit.jurisdiction.name == "通城县"
    assert AuditEntry.objects.filter(action="unit.create", object_id=str(unit.pk)).exists()
    assert Office.objects.get(name="通城县教育局驻南昌联络处").sponsor == unit


def test_a_sponsor_of_another_jurisdiction_is_an_error_not_a_silent_write(tmp_path, tongcheng_clerk):
    rows = [
        office(所属政府="崇阳县", 设立单位="崇阳县人民政府", 机构名称="崇阳县人民政府驻南昌联络处"),
        office(设立单位="崇阳县教育局", 设立单位类别="部门", 机构名称="崇阳县教育局驻南昌联络处"),
        office(设立单位="崇阳县人民政府", 机构名称="崇阳县人民政府驻南京联络处"),
    ]
    tongcheng = Jurisdiction.objects.get(name="通城县")
    result = run(xlsx(tmp_path, rows), scope=import_scope_for(tongcheng_clerk, tongcheng))
    assert [(e.code, e.row, e.column, e.value) for e in result.errors] == [
        ("out_of_scope", 4, "所属政府", "崇阳县"),
        ("sponsor_elsewhere", 5, "设立单位", "崇阳县教育局"),
        ("sponsor_elsewhere", 6, "设立单位", "崇阳县人民政府"),
    ]
    assert not Office.objects.filter(name__startswith="崇阳县人民政府驻南").exists()


def test_a_department_clerk_imports_only_for_the_unit_they_act_for(tmp_path, zhaoshang_clerk):
    city = Jurisdiction.objects.get(name="咸宁市")
    city_department = {"设立单位层级": "市级", "设立单位类别": "部门", "所属政府": "咸宁市"}
    rows = [
        office(**city_department, 设立单位=sponsor, 机构名称=f"{sponsor}驻南昌联络处")
        for sponsor in ("咸宁市招商局", "咸宁市商务局", "咸宁市教育局")
    ]
    result = run(xlsx(tmp_path, rows), "咸宁市", scope=import_scope_for(zhaoshang_clerk, city))
    assert [(e.code, e.row) for e in result.errors] == [("sponsor_not_own", 5), ("sponsor_not_own", 6)]
    assert result.rows[0].status == "new"


def test_a_department_clerk_learns_nothing_of_which_other_units_exist(tmp_path, zhaoshang_clerk):
    """A unit registered in the city, one registered in a county, one named with the wrong kind,
    and names registered nowhere: the preview says the same of each."""
    city = Jurisdiction.objects.get(name="咸宁市")
    city_department = {"设立单位层级": "市级", "设立单位类别": "部门", "所属政府": "咸宁市"}
    sponsors = [
        ("咸宁市商务局", "部门"),  # registered in the city
        ("咸宁市商务局", "政府"),  # registered, with the wrong kind
        ("通城县人民政府", "政府"),  # registered in a county
        ("咸宁市教育局", "部门"),  # registered nowhere
        ("通城县档案局", "部门"),  # registered nowhere, named after a county
        ("某某贸易公司", "部门"),  # registered nowhere, named after nothing
    ]
    rows = [
        office(**{**city_department, "设立单位类别": kind}, 设立单位=sponsor, 机构名称=f"{sponsor}驻南昌联络处{i}")
        for i, (sponsor, kind) in enumerate(sponsors)
    ]
    result = run(xlsx(tmp_path, rows), "咸宁市", scope=import_scope_for(zhaoshang_clerk, city))
    by_row: dict[int | None, list[str]] = {}
    for e in result.errors:
        by_row.setdefault(e.row, []).append(e.message.replace(e.value, "…").replace(f"第 {e.row} 行", "第 n 行"))
    assert sorted(by_row) == list(range(4, 4 + len(sponsors)))
    assert len({tuple(messages) for messages in by_row.values()}) == 1, by_row


def test_level_and_kind_must_agree_with_the_government_and_the_registered_sponsor(tmp_path):
    result = run(xlsx(tmp_path, [office(设立单位层级="市级", 设立单位类别="部门")]))
    assert {(e.code, e.column) for e in result.errors} == {
        ("level_mismatch", "设立单位层级"),
        ("kind_mismatch", "设立单位类别"),
    }


def test_a_second_government_for_a_county_is_refused(tmp_path):
    result = run(xlsx(tmp_path, [office(设立单位="通城县政府")]))
    assert [(e.code, e.params["existing"]) for e in result.errors] == [("second_government", "通城县人民政府")]


def test_the_same_office_twice_in_one_file_is_an_error_naming_both_rows(tmp_path):
    result = run(xlsx(tmp_path, [office(), office(实有人数=2)]))
    assert [(e.code, e.row, e.params) for e in result.errors] == [("duplicate", 5, {"first": 4})]


def test_a_missing_required_column_is_named(tmp_path):
    headers = [h for h in HEADERS if h not in {"设立时间", "实有人数"}]
    result = run(xlsx(tmp_path, [office()], headers=headers))
    assert [(e.code, e.column) for e in result.errors] == [
        ("missing_column", "设立时间"),
        ("missing_column", "实有人数"),
    ]


def test_business_entities_are_added_but_never_deleted(tmp_path, office_of):
    path = export(tmp_path / "tc.xlsx", Jurisdiction.objects.get(name="通城县"))
    book = openpyxl.load_workbook(path)
    for row in book.active.iter_rows(min_row=4):
        if row[1].value == TONGCHENG_WUHAN:
            row[HEADERS.index("所属经营性实体")].value = "通城驻汉宾馆；通城商贸有限公司"
    book.save(path)
    wuhan = office_of(TONGCHENG_WUHAN)
    additions = AuditEntry.objects.filter(subject_id=str(wuhan.pk), action="entity.add")
    before = additions.count()
    result = run(path)
    names = dict(BusinessEntity.objects.filter(office=wuhan).values_list("name", "kind"))
    assert names == {"通城驻汉招待所": "guesthouse", "通城驻汉宾馆": "hotel", "通城商贸有限公司": "company"}
    assert [n.code for n in result.notices] == ["entity_kept"]
    assert result.notices[0].value == "通城驻汉招待所"
    assert additions.count() == before + 2


def test_the_audit_chain_verifies_after_an_import(tmp_path, capsys):
    run(xlsx(tmp_path, [office(), office(设立单位="通城县教育局", 设立单位类别="部门", 机构名称="教育局驻南昌联络处")]))
    call_command("audit_verify")
    assert "审计链完好" in capsys.readouterr().out


def test_a_commit_refuses_a_plan_that_changed_since_its_preview(tmp_path, office_of):
    path = export(tmp_path / "tc.xlsx", Jurisdiction.objects.get(name="通城县"))
    book = openpyxl.load_workbook(path)
    new = office(驻在省份="江西", 驻在城市="南昌")
    book.active.append([new.get(header) for header in HEADERS])
    book.save(path)
    preview = run(path, dry_run=True)
    wuhan = office_of(TONGCHENG_WUHAN)
    registry.office_update(actor=Actor.system("test"), office=wuhan, values={"headcount": 4})
    result = run(path, expected_digest=preview.digest)
    assert result.stale and not result.written
    assert not Office.objects.filter(name=NANCHANG).exists()
    assert [r.changes for r in result.rows if r.status == "changed"] == [[("实有人数", "4", "6")]]


def test_an_insert_that_collides_with_a_concurrent_one_writes_nothing_and_says_so(tmp_path, monkeypatch):
    from django.db import IntegrityError

    from zhuban.workbook import services

    def colliding(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: registry_office.sponsor_id, registry_office.name")

    monkeypatch.setattr(services, "_write", colliding)
    path = xlsx(tmp_path, [office()])
    result = run(path)
    assert result.stale and not result.written
    assert [e.code for e in result.errors] == ["changed_since_preview"]
    # When nothing changed since the preview, a collision is a bug of ours, and it shows.
    with pytest.raises(IntegrityError):
        run(path, expected_digest=run(path, dry_run=True).digest)
