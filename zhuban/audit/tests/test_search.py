"""The trail searched by office, actor, action, jurisdiction and date, paged by keyset with the
search kept, and exported as Excel and CSV: only what the reader may see, only labels shown."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.audit.services import Actor, audit_record
from zhuban.org.models import Jurisdiction
from zhuban.registry import services as registry
from zhuban.testing.personas import ensure_persona

pytestmark = pytest.mark.django_db

TRAIL = reverse("audit:entry_list")
TONGCHENG_WUHAN = "通城县人民政府驻武汉办事处"
CHONGYANG_WUHAN = "崇阳县人民政府驻武汉联络处"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def on(day: str):
    return time_machine.travel(datetime.fromisoformat(f"{day}T10:00").replace(tzinfo=SHANGHAI), tick=False)


def edit(office, persona: str, **values):
    with transaction.atomic():
        return registry.office_update(actor=ensure_persona(persona), office=office, values=values, reason="核对")


@pytest.fixture
def history(office_of):
    """Edits of two counties' offices on two days, by their own clerks, and a staff member added."""
    tongcheng, chongyang = office_of(TONGCHENG_WUHAN), office_of(CHONGYANG_WUHAN)
    with on("2015-07-20"):
        edit(tongcheng, "tongcheng_clerk", headcount=5)
    with on("2015-07-25"):
        edit(chongyang, "chongyang_clerk", headcount=3)
        with transaction.atomic():
            registry.staff_add(
                actor=ensure_persona("tongcheng_clerk"),
                office=tongcheng,
                values={"name": "张三", "post": "主任", "employment": "establishment"},
            )
    return tongcheng, chongyang


def found(client, **params) -> list[tuple[str, str]]:
    response = client.get(TRAIL, params)
    assert response.status_code == 200
    return [(e.object_label, e.action_label) for e in response.context["entries"].items]


def test_the_trail_is_searched_by_office_including_what_hangs_off_it(as_persona, history):
    rows = found(as_persona("auditor"), office="通城县人民政府驻武汉")
    assert ("张三", "添加工作人员") in rows or any(label == "张三" for label, _a in rows)
    assert all(CHONGYANG_WUHAN not in label for label, _a in rows)
    assert any(TONGCHENG_WUHAN in label for label, _a in rows)


def test_the_trail_is_searched_by_the_actors_name(as_persona, history):
    rows = found(as_persona("auditor"), actor="王芳")  # 崇阳县 填报员 王芳
    assert rows and all(CHONGYANG_WUHAN in label for label, _a in rows)


def test_the_trail_is_filtered_by_action_chosen_by_its_label(as_persona, history):
    page = as_persona("auditor").get(TRAIL)
    choices = dict(page.context["form"].fields["action"].choices)
    assert choices["office.update"] == "修改办事机构"  # the list shows the label, never the code
    rows = found(as_persona("auditor"), action="office.update")
    assert {a for _l, a in rows} == {"修改办事机构"}


def test_the_trail_is_filtered_by_jurisdiction_and_date(as_persona, history):
    chongyang = Jurisdiction.objects.get(name="崇阳县")
    response = as_persona("auditor").get(TRAIL, {"jurisdiction": chongyang.pk})
    entries = response.context["entries"].items
    assert CHONGYANG_WUHAN in {e.object_label for e in entries}
    assert all(e.jurisdiction_path.startswith(chongyang.path) for e in entries)
    first_day = found(as_persona("auditor"), since="2015-07-20", until="2015-07-20")
    assert first_day == [(TONGCHENG_WUHAN, "修改办事机构")]
    later = found(as_persona("auditor"), since="2015-07-21", until="2015-07-31")
    assert TONGCHENG_WUHAN not in {label for label, a in later if a == "修改办事机构"}


def test_a_search_with_the_dates_reversed_is_told_so_and_nothing_breaks(as_persona, history):
    response = as_persona("auditor").get(TRAIL, {"since": "2015-07-31", "until": "2015-07-01"})
    assert response.status_code == 200
    assert "结束日期不能早于起始日期" in response.content.decode()
    response = as_persona("auditor").get(TRAIL, {"since": "七月", "jurisdiction": "abc", "action": "drop table"})
    assert response.status_code == 200 and response.context["entries"].items


def test_what_lies_outside_the_readers_jurisdiction_is_neither_listed_nor_exported(as_persona, history):
    wuhan = Jurisdiction.objects.get(name="武汉市")
    with transaction.atomic():
        audit_record(
            actor=Actor.system("test"),
            action="office.update",
            obj=wuhan,
            subject=wuhan,
            jurisdiction_path=wuhan.path,
            unit_id=None,
            before=None,
            after={"name": "外省的记录"},
        )
    auditor = as_persona("auditor")
    assert "武汉市" not in {label for label, _a in found(auditor, action="office.update")}
    # A jurisdiction out of reach is not a choice: the filter narrows nothing it may not see.
    assert wuhan not in auditor.get(TRAIL).context["form"].fields["jurisdiction"].queryset
    assert "外省的记录" not in b"".join(auditor.get(reverse("audit:export_csv")).streaming_content).decode()
    assert "武汉市" in {label for label, _a in found(as_persona("province_officer"), action="office.update")}


def test_those_who_may_not_read_the_trail_get_a_refusal_for_the_list_and_the_exports(as_persona):
    for name in ("audit:entry_list", "audit:export_xlsx", "audit:export_csv"):
        assert as_persona("tongcheng_clerk").get(reverse(name)).status_code == 403


def test_the_pager_keeps_the_search(as_persona, history, monkeypatch):
    from zhuban.audit import queries

    real = queries.trail_page
    monkeypatch.setattr(
        "zhuban.audit.views.trail_page", lambda qs, before, after: real(qs, before=before, after=after, size=1)
    )
    body = as_persona("auditor").get(TRAIL, {"actor": "李明"}).content.decode()
    assert "?actor=%E6%9D%8E%E6%98%8E&amp;before=" in body


def test_the_excel_export_holds_the_search_in_labels(as_persona, history):
    response = as_persona("auditor").get(
        reverse("audit:export_xlsx"), {"jurisdiction": Jurisdiction.objects.get(name="通城县").pk}
    )
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = rows.index(["时间", "操作人", "操作", "对象", "行政区划", "修改内容（修改前 → 修改后）", "理由"])
    data = rows[header + 1 :]
    assert data and {r[4] for r in data} == {"通城县"}
    assert ["通城县 填报员 李明", "修改办事机构", TONGCHENG_WUHAN] in [r[1:4] for r in data]
    text = repr(rows)
    for internal in ("office.update", "headcount", "tongcheng_clerk"):
        assert internal not in text
    assert any("现有人数" in (r[5] or "") or "人数" in (r[5] or "") for r in data)


def test_the_csv_export_opens_in_excel_and_runs_no_formula(as_persona, office_of):
    office = office_of(TONGCHENG_WUHAN)
    with transaction.atomic():
        registry.office_update(
            actor=ensure_persona("tongcheng_clerk"), office=office, values={"headcount": 4}, reason="=1+1"
        )
    response = as_persona("auditor").get(reverse("audit:export_csv"), {"office": "通城县人民政府驻武汉"})
    raw = b"".join(response.streaming_content).decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))
    assert rows[0][:3] == ["时间", "操作人", "操作"]
    assert rows[1][6] == "'=1+1" and rows[1][2] == "修改办事机构"


def test_an_entry_written_by_the_system_shows_the_system_not_the_command(as_persona, office_of):
    wuhan = office_of(TONGCHENG_WUHAN)
    with transaction.atomic():
        registry.office_update(actor=Actor.system("load_demo"), office=wuhan, values={"headcount": 2})
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.actor_shown == "系统"
    assert "load_demo" not in as_persona("auditor").get(TRAIL).content.decode()
