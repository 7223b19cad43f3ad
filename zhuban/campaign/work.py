"""What the product's own records say about the work behind a submission.

A submission's status lives in its events (models.py), and the events of the submissions whose
work is in the product are written by that work (zhuban.flows): the proposals when every office
of the jurisdiction has one, the city's review returning one, the approvals; the special report
when it is reported from its page. This module reads the same records, so a button that would
do nothing can say why and list what is missing:

* ``proposals`` (精简整合意见): every office of the jurisdiction still active in the registry
  has a live proposal or a decision (``decision`` app); accepted once every one is approved.
* ``consolidation_report`` (专项工作报告): generated and reported from the consolidation
  report's page, the one place it exists.
* ``county_summary`` (清理规范工作总结): generated from the inspection's records and reported
  from the county's summary page (zhuban.inspection), the one place it exists.
* ``registration_table`` (附表一): the table is the registry's record of the jurisdiction's
  offices; sending it stays the jurisdiction's act (a sealed table to the offices
  administration), so this lists what it covers and refuses nothing.
* ``mandates`` (三定方案): one for each office whose retention was approved, filed and approved
  as the retained offices' own records (``MANDATE_FILINGS``, registered from zhuban.flows): the
  submission is reported once every retained office has filed one and accepted once every one
  is approved; refused while an office has no approved decision (which offices are retained is
  not known yet). A jurisdiction with no retained office reports so by hand.

Reads are a fixed number of queries per submission (the offices with their live proposal and
decision, prefetched).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zhuban.campaign.codes import RequirementCode
from zhuban.decision.models import Decision, Disposition, Proposal
from zhuban.registry.models import Office

if TYPE_CHECKING:
    from zhuban.campaign.models import Submission
    from zhuban.org.models import Jurisdiction

LIVE_PROPOSAL = (Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED)
LIVE_DECISION = (Decision.Status.APPROVED, Decision.Status.AWAITING_PROVINCE)


@dataclass(frozen=True)
class OfficeLine:
    """One office named on a submission's page, with a link to it and what is said of it."""

    office_id: int
    name: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class ProposalsWork:
    missing: list[OfficeLine]  # active offices with no live proposal and no decision
    returned: list[OfficeLine]  # offices whose proposal the city's review sent back
    unapproved: list[OfficeLine]  # offices with no approved decision yet
    offices: int  # the offices the proposals cover
    last_approved_on: date | None = None  # the latest approval (the province's, where it approves)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def approved(self) -> bool:
        """Every office covered has an approved decision (and there is at least one)."""
        return self.offices > 0 and not self.unapproved


def _offices(jurisdiction: Jurisdiction):
    """The offices a jurisdiction's proposals cover: those still active in the registry, and
    those already carried out under a decision (closed by their dossier)."""
    return (
        Office.objects.filter(jurisdiction=jurisdiction)
        .filter(Q(status=Office.Status.ACTIVE) | Q(decisions__status__in=LIVE_DECISION))
        .distinct()
        .prefetch_related(
            Prefetch(
                "proposals",
                queryset=Proposal.objects.exclude(status=Proposal.Status.SUPERSEDED).order_by("-submitted_at", "-id"),
                to_attr="live_proposals",
            ),
            Prefetch(
                "decisions",
                queryset=Decision.objects.filter(status__in=LIVE_DECISION).order_by("-recorded_at", "-id"),
                to_attr="live_decisions",
            ),
        )
        .order_by("name", "id")
    )


def _line(office: Office, note: str = "") -> OfficeLine:
    return OfficeLine(office_id=office.pk, name=office.name, url=office.get_absolute_url(), note=note)


def proposals_of(jurisdiction: Jurisdiction) -> ProposalsWork:
    missing: list[OfficeLine] = []
    returned: list[OfficeLine] = []
    unapproved: list[OfficeLine] = []
    approved_on: list[date] = []
    offices = list(_offices(jurisdiction))
    for office in offices:
        # Lists set by Prefetch(to_attr=...), which the stubs cannot see on the model.
        proposals = office.live_proposals
        decisions = office.live_decisions
        proposal = proposals[0] if proposals else None
        decision = decisions[0] if decisions else None
        if decision is None or decision.status != Decision.Status.APPROVED:
            note = _("待省政府批准") if decision is not None else ""
            unapproved.append(_line(office, note))
        else:
            approved_on.append(decision.province_approved_on or decision.city_approved_on)
        if decision is not None:
            continue
        if proposal is None:
            missing.append(_line(office, _("尚未报送意见")))
        elif proposal.status == Proposal.Status.RETURNED:
            returned.append(_line(office, proposal.review_comments))
            missing.append(_line(office, _("意见被退回：%(comments)s") % {"comments": proposal.review_comments}))
    return ProposalsWork(
        missing=missing,
        returned=returned,
        unapproved=unapproved,
        offices=len(offices),
        last_approved_on=max(approved_on, default=None),
    )


def retained_offices(jurisdiction: Jurisdiction) -> list[OfficeLine]:
    """The offices whose retention was approved: each needs a mandate (三定方案, 二(四))."""
    decisions = (
        Decision.objects.filter(
            office__jurisdiction=jurisdiction, status=Decision.Status.APPROVED, disposition=Disposition.RETAIN
        )
        .select_related("office")
        .order_by("office__name", "office_id")
    )
    return [_line(d.office, d.city_document) for d in decisions]


# Who says which offices filed a mandate and whether it is approved: the retained offices' app,
# which the campaign may not import; zhuban.flows registers its query here. Each answer maps an
# office id to a filing with an ``approved`` attribute; an office absent from it filed none.
MANDATE_FILINGS: list[Callable[[Iterable[int]], Mapping[int, Any]]] = []
# Where mandates are drafted and filed, registered beside the query: (label, url name).
MANDATE_PAGE: list[tuple[str, str]] = []


@dataclass(frozen=True)
class MandatesWork:
    retained: list[OfficeLine]  # each retained office, noted with where its mandate stands
    unfiled: list[OfficeLine]  # retained offices with no mandate filed
    unapproved: list[OfficeLine]  # retained offices whose mandate is not approved yet
    undecided: list[OfficeLine]  # offices with no approved decision: whether they stay is open

    @property
    def complete(self) -> bool:
        return not self.undecided and not self.unfiled and bool(self.retained)

    @property
    def approved(self) -> bool:
        return self.complete and not self.unapproved


def mandates_of(jurisdiction: Jurisdiction) -> MandatesWork:
    retained = retained_offices(jurisdiction)
    filings: dict[int, Any] = {}
    for source in MANDATE_FILINGS:
        filings.update(source([line.office_id for line in retained]))
    lines = []
    for line in retained:
        filing = filings.get(line.office_id)
        if filing is None:
            note = _("未报送三定方案")
        elif filing.approved:
            note = _("三定方案已批准")
        else:
            note = _("三定方案已报送，待审核批准")
        lines.append(OfficeLine(line.office_id, line.name, line.url, note))
    return MandatesWork(
        retained=lines,
        unfiled=[x for x in lines if filings.get(x.office_id) is None],
        unapproved=[x for x in lines if not getattr(filings.get(x.office_id), "approved", False)],
        undecided=proposals_of(jurisdiction).unapproved,
    )


@dataclass(frozen=True)
class Work:
    """What a submission's page says about the work behind it."""

    # Why the submit button would do nothing ("" when it may be pressed), and what is missing.
    blocker: str = ""
    missing: list[OfficeLine] = field(default_factory=list)
    # What the submission covers, and a plain note on how it is made.
    covers_title: str = ""
    covers: list[OfficeLine] = field(default_factory=list)
    note: str = ""
    # Where the work is done, when it is done on another page: (label, url).
    elsewhere: tuple[str, str] | None = None
    # Why an acceptance would do nothing ("" when it may be accepted).
    accept_blocker: str = ""
    accept_missing: list[OfficeLine] = field(default_factory=list)


def _missing_offices(n: int) -> str:
    return ngettext(
        "尚有 %(n)s 个办事机构未报送精简整合意见（或意见被退回），全部报送后本事项自动报送：",
        "尚有 %(n)s 个办事机构未报送精简整合意见（或意见被退回），全部报送后本事项自动报送：",
        n,
    ) % {"n": n}


def _unapproved_offices(n: int) -> str:
    return ngettext(
        "尚有 %(n)s 个办事机构没有批准的处置决定：",
        "尚有 %(n)s 个办事机构没有批准的处置决定：",
        n,
    ) % {"n": n}


def work_of(submission: Submission) -> Work:
    code = submission.requirement.code
    jurisdiction = submission.jurisdiction
    if code == RequirementCode.PROPOSALS:
        work = proposals_of(jurisdiction)
        return Work(
            blocker=_missing_offices(len(work.missing)) if work.missing else "",
            missing=work.missing,
            note=_(
                "各办事机构的意见在“处置意见”页面逐个报送；全部报送后本事项自动报送，市机关事务管理局退回任一意见即退回本事项，全部处置决定批准后本事项即审核通过。"
            ),
            elsewhere=(_("处置意见"), reverse("decision:board") + f"?jurisdiction={jurisdiction.pk}"),
            accept_blocker=_unapproved_offices(len(work.unapproved)) if work.unapproved else "",
            accept_missing=work.unapproved,
        )
    if code == RequirementCode.CONSOLIDATION_REPORT:
        url = reverse("consolidation:report", args=[jurisdiction.pk])
        return Work(
            blocker=_("专项工作报告在其页面生成，并在该页面报送。"),
            note=_("报告由整合档案的数据生成；在报告页面报送后，本事项即为已报送。"),
            elsewhere=(_("专项工作报告"), url),
        )
    if code == RequirementCode.MANDATES:
        return _mandates_work(jurisdiction)
    if code == RequirementCode.COUNTY_SUMMARY:
        url = reverse("inspection:county_summary", args=[jurisdiction.pk])
        return Work(
            blocker=_("工作总结在其页面生成，并在该页面报送。"),
            note=_("总结由检查发现的问题及其整改记录生成；在总结页面报送后，本事项即为已报送。"),
            elsewhere=(_("工作总结"), url),
        )
    if code == RequirementCode.REGISTRATION_TABLE:
        offices = Office.objects.filter(jurisdiction=jurisdiction).order_by("name", "id")
        return Work(
            covers_title=_("附表一登记的办事机构（取自登记库）"),
            covers=[_line(o, o.get_status_display()) for o in offices],
            note=_("附表一即登记库中本级办事机构的记录；核对无误后加盖公章报送，并在此登记。"),
            elsewhere=(_("登记库"), reverse("registry:office_list")),
        )
    return Work()


def _mandates_work(jurisdiction: Jurisdiction) -> Work:
    work = mandates_of(jurisdiction)
    if work.undecided:
        blocker = _unapproved_offices(len(work.undecided)) + " " + _("保留哪些机构尚未确定，暂不能报送三定方案。")
        missing = work.undecided
    elif work.unfiled:
        blocker = ngettext(
            "尚有 %(n)s 个保留机构未报送三定方案，全部报送后本事项自动报送：",
            "尚有 %(n)s 个保留机构未报送三定方案，全部报送后本事项自动报送：",
            len(work.unfiled),
        ) % {"n": len(work.unfiled)}
        missing = work.unfiled
    else:
        blocker, missing = "", []
    page = MANDATE_PAGE[0] if MANDATE_PAGE else None
    if not work.retained:
        note = _("本级没有保留机构：报送时写明即可。")
    else:
        note = _("三定方案由各保留机构逐个起草报送；全部报送后本事项自动报送，全部批准后本事项即审核通过。")
    return Work(
        blocker=blocker,
        missing=missing,
        covers_title=_("须报送三定方案的保留机构"),
        covers=work.retained,
        note=note,
        elsewhere=(_(page[0]), reverse(page[1])) if page and work.retained else None,
        accept_blocker=ngettext(
            "尚有 %(n)s 个保留机构的三定方案未批准：",
            "尚有 %(n)s 个保留机构的三定方案未批准：",
            len(work.unapproved),
        )
        % {"n": len(work.unapproved)}
        if work.retained and work.unapproved
        else "",
        accept_missing=work.unapproved,
    )
