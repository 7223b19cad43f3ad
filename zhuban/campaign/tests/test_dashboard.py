"""The city bureau's dashboard: its figures equal the data, a county sees its own row, and its
queries do not grow with the number of jurisdictions."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zhuban.audit.services import Actor
from zhuban.campaign import clock, services, views
from zhuban.campaign.models import Status, Submission, SubmissionEvent, derive_status, state_after
from zhuban.campaign.tests.conftest import at
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Office

pytestmark = pytest.mark.django_db

AUGUST_15 = date(2015, 8, 15)
COUNTIES = ["咸安区", "嘉鱼县", "通城县", "崇阳县", "通山县", "赤壁市", "咸宁高新区"]


def dashboard_of(client, campaign=None, as_of=AUGUST_15, **params):
    url = reverse("campaign:campaign_dashboard", args=[campaign.pk]) if campaign else reverse("campaign:dashboard")
    response = client.get(url, {"as_of": as_of.isoformat(), **params})
    assert response.status_code == 200
    return response


def expected_counts(campaign, as_of: date, jurisdictions=None) -> dict[str, Counter]:
    """The figures worked out the slow, obvious way: every submission, every event, in Python."""
    cal = campaign.work_calendar()
    end = clock.end_of(as_of)
    out: dict[str, Counter] = {}
    subs = Submission.objects.filter(campaign=campaign).select_related("requirement", "jurisdiction")
    for sub in subs:
        if jurisdictions is not None and sub.jurisdiction.name not in jurisdictions:
            continue
        events = [e for e in SubmissionEvent.objects.filter(submission=sub).order_by("at", "id") if e.at < end]
        state = state_after(events[-1].kind if events else None)
        due = cal.next_working_day(sub.requirement.due_on)
        out.setdefault(sub.requirement.code, Counter())[derive_status(state, due, as_of)] += 1
    return out


def test_the_dashboard_counts_equal_the_data_on_a_date_of_the_demo(as_persona, campaign_2015):
    board = dashboard_of(as_persona("city_officer")).context["board"]
    got = {c.requirement.code: +board.counts[c.requirement.pk] for c in board.columns}
    assert got == {code: +n for code, n in expected_counts(campaign_2015, AUGUST_15).items()}
    assert sum(board.totals.values()) == Submission.objects.filter(campaign=campaign_2015).count()


def test_on_15_august_the_demo_shows_four_overdue_items_the_oldest_first(as_persona):
    # The demo's proposals are real work (the consolidation demo proposes, reviews, approves).
    call_command("load_demo_consolidation", verbosity=0)
    board = dashboard_of(as_persona("city_officer")).context["board"]
    overdue = {(o.jurisdiction, o.requirement, o.state) for o in board.overdue}
    assert overdue == {
        ("崇阳县", "核实登记表（附表一）", Status.RETURNED),
        ("咸宁高新区", "核实登记表（附表一）", Status.IN_PROGRESS),
        ("崇阳县", "精简整合意见", Status.IN_PROGRESS),
        ("咸宁高新区", "精简整合意见", Status.NOT_STARTED),
    }
    # 7月31日 → 8月15日: 10 working days late (8月3日–7日, 10日–14日).
    assert {o.working_days for o in board.overdue} == {10}
    # Jurisdictions with overdue items head the grid (then in the tree's order: the zone's code
    # is 421200-GX, so it sorts before the counties).
    assert [r.name for r in board.rows[:2]] == ["咸宁高新区", "崇阳县"]
    assert [r.overdue for r in board.rows[:2]] == [2, 2]


def test_the_same_campaign_viewed_on_other_dates_shows_what_was_then_true(as_persona, campaign_2015):
    client = as_persona("city_officer")
    for day in (date(2015, 7, 20), date(2015, 7, 21), date(2015, 9, 1), date(2015, 10, 22), date(2015, 12, 1)):
        board = dashboard_of(client, as_of=day).context["board"]
        got = {c.requirement.code: +board.counts[c.requirement.pk] for c in board.columns}
        assert got == {code: +n for code, n in expected_counts(campaign_2015, day).items()}, day
    before = dashboard_of(client, as_of=date(2015, 7, 19)).context["board"]
    assert before.totals[Status.OVERDUE] == 0 and before.totals[Status.ACCEPTED] == 0


def test_the_grid_has_a_row_per_jurisdiction_coloured_by_status(as_persona):
    body = dashboard_of(as_persona("city_officer")).content.decode()
    for name in ["咸宁市", *COUNTIES]:
        assert f'data-jurisdiction="{name}"' in body
    assert 'class="cell st-overdue" data-status="overdue"' in body
    # The city owes no county summary: its cell says so instead of inventing a status.
    city_row = body.split('data-jurisdiction="咸宁市"')[1].split("</tr>")[0]
    assert 'class="cell na"' in city_row


def test_the_status_table_and_the_chart_data_carry_the_same_figures(as_persona):
    response = dashboard_of(as_persona("city_officer"))
    board = response.context["board"]
    body = response.content.decode()
    data = json.loads(body.split('<script id="campaign-chart-data" type="application/json">')[1].split("</script>")[0])
    assert data["requirements"] == [c.requirement.name for c in board.columns]
    assert sum(sum(v) for v in data["counts"].values()) == sum(board.totals.values())
    assert data["counts"]["overdue"] == [board.counts[c.requirement.pk][Status.OVERDUE] for c in board.columns]


def test_office_figures_equal_the_registry(as_persona):
    board = dashboard_of(as_persona("city_officer")).context["board"]
    by_key = {b.key: b for b in board.breakdowns}
    registry = {value: n for value, _label, n in by_key["registry_status"].items}
    assert registry == {s: Office.objects.filter(status=s).count() for s, _label in Office.Status.choices}
    disposition = by_key["disposition"]
    assert disposition.total == Office.objects.count()


def test_a_county_clerk_sees_only_the_row_and_figures_of_the_county(as_persona, campaign_2015):
    response = dashboard_of(as_persona("tongcheng_clerk"))
    board = response.context["board"]
    assert [r.name for r in board.rows] == ["通城县"]
    assert (
        sum(board.totals.values())
        == Submission.objects.filter(campaign=campaign_2015, jurisdiction__name="通城县").count()
    )
    got = {c.requirement.code: +board.counts[c.requirement.pk] for c in board.columns}
    assert got == {code: +n for code, n in expected_counts(campaign_2015, AUGUST_15, {"通城县"}).items()}
    offices = {b.key: b for b in board.breakdowns}["registry_status"].total
    assert offices == Office.objects.filter(jurisdiction__name="通城县").count()
    body = response.content.decode()
    assert "崇阳县" not in body and "咸宁高新区" not in body


def test_a_department_clerk_sees_the_city_row_only(as_persona):
    board = dashboard_of(as_persona("zhaoshang_clerk")).context["board"]
    assert [r.name for r in board.rows] == ["咸宁市"]


def test_an_unreadable_date_falls_back_to_today_and_says_so(as_persona):
    response = as_persona("city_officer").get(reverse("campaign:dashboard"), {"as_of": "2015-13-45"})
    assert response.status_code == 200 and response.context["bad_date"] is True
    assert response.context["as_of"] == clock.today()


def test_paging_the_grid_with_htmx_returns_only_the_fragment(as_persona):
    response = as_persona("city_officer").get(
        reverse("campaign:dashboard"), {"as_of": "2015-08-15"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" not in body and 'data-jurisdiction="通城县"' in body


def test_the_page_works_without_the_chart_library(as_persona, monkeypatch):
    monkeypatch.setattr(views, "echarts_available", lambda: False)
    body = dashboard_of(as_persona("city_officer")).content.decode()
    assert "echarts.min.js" not in body and "dashboard.js" not in body
    assert 'id="status-counts"' in body and "<svg" in body


def test_the_chart_library_is_loaded_from_our_own_static_files_when_present(as_persona, monkeypatch):
    monkeypatch.setattr(views, "echarts_available", lambda: True)
    body = dashboard_of(as_persona("city_officer")).content.decode()
    assert '<script src="/static/vendor/echarts/echarts.min.js" defer></script>' in body
    assert "http://" not in body.split("<main")[1] and "https://" not in body.split("<main")[1]
    assert "<script>" not in body  # no inline script: the data travels as JSON


def test_the_timeline_draws_a_line_at_the_date_viewed(as_persona):
    response = dashboard_of(as_persona("city_officer"))
    timeline = response.context["timeline"]
    assert timeline.today_x is not None
    assert 'class="today"' in response.content.decode()
    # Worked weekend days of the campaign's period are marked (Sunday 9月6日, Saturday 10月10日).
    assert len([d for d in timeline.days if d.css == "worked"]) == 2


def grow(campaign, n: int) -> None:
    """n more counties under the city, enrolled in the campaign, each with some history."""
    city = campaign.jurisdiction
    for i in range(n):
        code = f"4212X{i:02d}"
        Jurisdiction.objects.create(
            code=code, name=f"测试县{i}", name_en=f"Test {i}", kind="county", level="county", parent=city,
            path=f"{city.path}{code}/",
        )  # fmt: skip
    services.campaign_enrol(actor=Actor.system("test"), campaign=campaign)
    for sub in Submission.objects.filter(
        campaign=campaign, jurisdiction__name__startswith="测试县", requirement__code="task_force"
    ):
        services.submission_start(actor=Actor.system("test"), submission=sub, at=at(7, 18))


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"as_of": "2015-08-15"})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["city_officer", "tongcheng_clerk"])
def test_the_dashboard_makes_no_more_queries_when_there_are_more_jurisdictions(as_persona, campaign_2015, persona):
    client = as_persona(persona)
    url = reverse("campaign:campaign_dashboard", args=[campaign_2015.pk])
    client.get(url)  # warm the per-session queries
    small = count_queries(client, url)
    grow(campaign_2015, 40)
    large = count_queries(client, url)
    assert large == small
    if persona == "city_officer":
        board = dashboard_of(client, campaign_2015).context["board"]
        assert len(board.rows) == 48


def test_offices_by_consolidation_state_follow_the_dossiers_dates(as_persona):
    from datetime import timedelta

    from zhuban.consolidation.models import Dossier
    from zhuban.consolidation.tests.builders import complete, dossier_for

    closed = complete(dossier_for())
    from zhuban.consolidation import services

    services.dossier_close(actor=closed.decision.recorded_by, dossier=closed, closed_on=date(2015, 8, 28))
    dossier_for("崇阳县人民政府驻武汉联络处")  # opened today, after the dates viewed below
    client = as_persona("city_officer")

    def states(as_of):
        board = dashboard_of(client, as_of=as_of).context["board"]
        return {v: n for v, _l, n in {b.key: b for b in board.breakdowns}["consolidation"].items}

    total = Office.objects.count()
    closed_on = Dossier.objects.get(pk=closed.pk).closed_on
    assert states(closed_on - timedelta(days=1))["closed"] == 0
    on_closing = states(closed_on)
    assert on_closing["closed"] == 1 and sum(on_closing.values()) == total
    today = states(timezone.localdate())
    assert (today["closed"], today["open"]) == (1, 1)
