"""Builders for inspection tests (and the access matrix): the city's joint team, an inspection of
通城县's Wuhan office, findings in each state, cases. Everything goes through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from zhuban.inspection import services
from zhuban.inspection.models import Body, Case, CaseKind, Finding, Inspection, Target, TeamBody, TeamMember
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Office
from zhuban.testing.personas import ensure_persona

TONGCHENG_WUHAN = "通城县人民政府驻武汉办事处"
CHONGYANG_WUHAN = "崇阳县人民政府驻武汉联络处"
PDF = b"%PDF-1.4\n% inspection evidence\n"
ON = date(2015, 9, 24)  # a Thursday of the inspection phase (9月21日至10月20日)
# Who acts for which body in the tests: the supervision bureau leads.
SEATS = {"inspector": Body.SUPERVISION, "city_officer": Body.OFFICES_ADMINISTRATION, "team_member": Body.STAFFING}


def pdf(name: str = "证明材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def city() -> Jurisdiction:
    return Jurisdiction.objects.get(name="咸宁市")


def office(name: str = TONGCHENG_WUHAN) -> Office:
    return Office.objects.select_related("jurisdiction", "sponsor").get(name=name)


def member(persona: str, body: str | None = None) -> TeamMember:
    """The persona on the city's team, for ``body`` (their seat in ``SEATS`` by default)."""
    services.team_set_up(actor=ensure_persona("city_officer"), jurisdiction=city())
    user = ensure_persona(persona)
    existing = TeamMember.objects.filter(jurisdiction=city(), user=user).first()
    if existing:
        return existing
    seat = TeamBody.objects.get(jurisdiction=city(), body=body or SEATS[persona])
    return services.team_member_add(actor=ensure_persona("city_officer"), body=seat, user=user, post="成员")


def inspection(
    *, names: tuple[str, ...] = (TONGCHENG_WUHAN, CHONGYANG_WUHAN), extra: tuple[str, ...] = ()
) -> Inspection:
    """The campaign's joint inspection of the named offices, led by the supervision bureau's inspector,
    with the offices administration's officer and any ``extra`` personas on the team."""
    existing = Inspection.objects.filter(name="2015年清理规范检查").first()
    if existing:
        return existing
    leader = member("inspector")
    team = [member("city_officer"), *(member(p, SEATS.get(p, Body.FINANCE)) for p in extra)]
    return services.inspection_plan(
        actor=ensure_persona("inspector"),
        jurisdiction=city(),
        name="2015年清理规范检查",
        starts_on=date(2015, 9, 21),
        ends_on=date(2015, 10, 20),
        offices=[office(n) for n in names],
        leader=leader,
        members=team,
    )


def target(name: str = TONGCHENG_WUHAN, **kw) -> Target:
    return inspection(**kw).targets.select_related("office__jurisdiction", "inspection").get(office__name=name)


def finding(name: str = TONGCHENG_WUHAN, *, state: str = Finding.Status.OPEN, **kw) -> Finding:
    """A finding about the office, brought to ``state`` through the services."""
    t = target(name, **kw)
    f = services.finding_record(
        actor=ensure_persona("inspector"),
        target=t,
        severity="serious",
        description="驻汉办事处所属宾馆尚未脱钩",
        responsible_unit=t.office.sponsor,
        deadline_days=10,
        recorded_on=ON,
        clause="二(四)2",
        files=[pdf("现场照片.pdf")],
    )
    if state == Finding.Status.OPEN:
        return f
    clerk = "tongcheng_clerk" if t.office.jurisdiction.name == "通城县" else "chongyang_clerk"
    services.finding_rectify(
        actor=ensure_persona(clerk),
        finding=f,
        text="已签订脱钩协议",
        answered_on=date(2015, 9, 30),
        files=[pdf("协议.pdf")],
    )
    if state == Finding.Status.ANSWERED:
        return Finding.objects.get(pk=f.pk)
    if state == Finding.Status.RETURNED:
        return services.finding_return(
            actor=ensure_persona("inspector"), finding=f, on=date(2015, 10, 8), comment="缺少产权移交材料"
        )
    return services.finding_accept(actor=ensure_persona("inspector"), finding=f, on=date(2015, 10, 8))


def case(status: str = Case.Status.PROPOSED, name: str = TONGCHENG_WUHAN) -> Case:
    o = office(name)
    inspector = ensure_persona("inspector")
    c = services.case_propose(
        actor=inspector, jurisdiction=o.jurisdiction, office=o, kind=CaseKind.KEPT, facts="撤销后仍以原班人马对外办公"
    )
    assert c is not None
    if status == Case.Status.PROPOSED:
        return c
    c = services.case_open(actor=inspector, case=c, handling_body="市监察局", opened_on=date(2015, 10, 9))
    if status == Case.Status.DECIDED:
        c = services.case_decide(
            actor=inspector,
            case=c,
            measure="责令撤销，通报批评",
            document="咸监〔2015〕9号",
            decided_on=date(2015, 10, 15),
        )
    return c


def matrix_args(name: str) -> list:
    """For the access matrix (zhuban/tests/test_access_matrix.py): arguments of each inspection URL
    that point at 通城县's records (or the city's, where the record is the city's)."""
    short = name.removeprefix("inspection:")
    # Every persona holding a team capability sits on the team, so the matrix checks the table.
    kw: dict[str, Any] = {"extra": ("province_officer", "team_member")}
    if short in {"index", "finding_list", "case_list", "case_detect", "case_propose", "schedule_list"}:
        return []
    if short in {"team", "team_member_add", "plan_create", "schedule_create"}:
        inspection(**kw)
        return [city().pk]
    if short.startswith("county_summary"):
        finding(**kw)
        return [office().jurisdiction_id]
    if short == "team_member_remove":
        inspection(**kw)
        return [member("auditor", Body.AUDIT).pk]  # on the team, leading nothing
    if short in {
        "inspection_detail",
        "plan_edit",
        "checklist_prefill",
        "inspection_close",
        "report",
        "report_docx",
        "report_xlsx",
    }:
        return [inspection(**kw).pk]
    if short in {"target_detail", "finding_create"}:
        return [target(**kw).pk]
    if short == "entry_decide":
        i = inspection(**kw)
        services.checklist_prefill(actor=ensure_persona("inspector"), inspection=i, as_of=ON)
        return [target(**kw).entries.order_by("id").first().pk]
    if short in {"finding_detail", "finding_rectify"}:
        return [finding(**kw).pk]
    if short == "finding_review":
        return [finding(state=Finding.Status.ANSWERED, **kw).pk]
    if short == "evidence_file":
        return [finding(**kw).evidence.first().pk]
    if short in {"case_detail", "case_open", "case_dismiss"}:
        return [case().pk]
    if short in {"case_note", "case_decide", "case_disclose", "case_involve"}:
        return [case(Case.Status.OPEN).pk]
    if short == "case_follow_up":
        return [case(Case.Status.DECIDED).pk]
    if short == "case_note_file":
        c = case(Case.Status.OPEN)
        return [services.case_note_add(actor=ensure_persona("inspector"), case=c, text="询问笔录", file=pdf()).pk]
    if short in {"schedule_run", "schedule_edit"}:
        leader = member("inspector")
        s = services.schedule_create(
            actor=ensure_persona("inspector"),
            jurisdiction=city(),
            kind="patrol",
            name="保留机构年度巡查",
            next_on=date(2016, 9, 1),
            leader=leader,
        )
        return [s.pk]
    raise KeyError(name)
