"""What each event says: a subject and a summary per event, formatted from the sender's
parameters. Stored once in the product's language (for the e-mail and for the record) and
formatted again when shown, so the inbox reads in the reader's language.

Parameters named in ``dates`` are dates (stored as ISO text, shown in the locale's format);
those in ``labels`` are labels from elsewhere in the catalogue (a status, an outcome), translated
when shown. Everything else is shown as given (names of offices and jurisdictions are data).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhuban.notifications.models import Event


@dataclass(frozen=True)
class Message:
    subject: Promise
    summary: Promise
    dates: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()


MESSAGES: dict[str, Message] = {
    Event.PROPOSAL_RETURNED: Message(
        _("精简整合意见被退回：%(office)s"),
        _("%(office)s的精简整合意见被退回，审核意见：%(comments)s"),
    ),
    Event.PROPOSAL_APPROVED: Message(
        _("精简整合意见获批准：%(office)s"),
        _("%(office)s的精简整合意见（%(disposition)s）已获批准，批准文件：%(document)s。"),
        labels=("disposition",),
    ),
    Event.WINDOW_APPLIED: Message(
        _("%(county)s申请设立工作窗口"),
        _("%(county)s于%(applied_on)s申请设立工作窗口（%(members)s人），请审批。"),
        dates=("applied_on",),
    ),
    Event.WINDOW_DECIDED: Message(
        _("%(county)s的工作窗口申请：%(outcome)s"),
        _("%(county)s的工作窗口申请：%(outcome)s。%(note)s"),
        labels=("outcome",),
    ),
    Event.SUBMISSION_DUE: Message(
        _("提醒：%(jurisdiction)s的“%(requirement)s”应于%(due)s前报送"),
        _("提醒：%(jurisdiction)s的“%(requirement)s”应于%(due)s前报送，还有%(n)s个工作日。"),
        dates=("due",),
    ),
    Event.SUBMISSION_OVERDUE: Message(
        _("逾期：%(jurisdiction)s的“%(requirement)s”已于%(due)s截止"),
        _("逾期：%(jurisdiction)s的“%(requirement)s”已于%(due)s截止，逾期%(n)s个工作日，请尽快报送。"),
        dates=("due",),
    ),
    Event.SUBMISSION_ESCALATED: Message(
        _("逾期督办：%(jurisdiction)s的“%(requirement)s”"),
        _("逾期督办：%(jurisdiction)s的“%(requirement)s”已于%(due)s截止，逾期%(n)s个工作日，状态为“%(state)s”。"),
        dates=("due",),
        labels=("state",),
    ),
    Event.SUBMISSION_RETURNED: Message(
        _("报送事项被退回：%(jurisdiction)s的“%(requirement)s”"),
        _("%(jurisdiction)s的“%(requirement)s”被退回，意见：%(comment)s"),
    ),
    Event.FINDING_RECORDED: Message(
        _("检查发现问题：%(office)s"),
        _("%(office)s检查发现问题：%(finding)s"),
    ),
    Event.FINDING_DUE: Message(
        _("整改即将到期：%(office)s"),
        _("%(office)s的问题“%(finding)s”应于%(due)s前整改到位，还有%(n)s个工作日。"),
        dates=("due",),
    ),
    Event.FINDING_OVERDUE: Message(
        _("整改已逾期：%(office)s"),
        _("%(office)s的问题“%(finding)s”已于%(due)s到期，逾期%(n)s个工作日，请尽快报送整改情况。"),
        dates=("due",),
    ),
    Event.FINDING_RETURNED: Message(
        _("整改被退回：%(office)s"),
        _("%(office)s的问题“%(finding)s”整改情况被退回，意见：%(comment)s"),
    ),
    Event.CASE_DISCLOSED: Message(
        _("违规违纪案件通报：%(jurisdiction)s"),
        _("%(jurisdiction)s：%(text)s"),
    ),
    Event.ROTATION_DUE: Message(
        _("提醒：%(office)s的%(name)s应于%(due)s前轮换"),
        _("%(office)s的%(name)s（%(post)s）任职将满轮换年限，应于%(due)s前轮换（二(四)3）。"),
        dates=("due",),
    ),
    Event.ROTATION_OVERDUE: Message(
        _("逾期督办：%(office)s的%(name)s已超过轮换年限"),
        _("%(office)s的%(name)s（%(post)s）应于%(due)s轮换，至今仍在岗，请督促办理（二(四)3）。"),
        dates=("due",),
    ),
    Event.JOB_DONE: Message(_("已完成：%(title)s"), _("后台任务“%(title)s”已完成，可以查看或下载结果。")),
    Event.JOB_FAILED: Message(
        _("未能完成：%(title)s"), _("后台任务“%(title)s”在%(attempts)s次尝试后仍未完成：%(error)s")
    ),
    Event.RECEPTION_WARNING: Message(
        _("接待检查提示：%(office)s %(rule)s"),
        _("%(office)s接待%(unit)s（%(day)s）：%(message)s（%(clause)s）请于%(due)s前说明。"),
        dates=("day", "due"),
    ),
}


def stored(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters as they are kept: dates as ISO text, labels and numbers as they read now."""
    out: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, date):
            out[name] = value.isoformat()
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out[name] = value
        else:
            out[name] = str(value)
    return out


def render(event: str, params: dict[str, Any]) -> tuple[str, str] | None:
    """(subject, summary) in the active language, or None when the event has no wording or the
    parameters do not fit it (a row from before the wording changed)."""
    message = MESSAGES.get(event)
    if message is None:
        return None
    shown: dict[str, Any] = dict(params)
    try:
        for name in message.dates:
            shown[name] = date_format(date.fromisoformat(str(shown[name])), "DATE_FORMAT")
        for name in message.labels:
            shown[name] = gettext(str(shown[name]))
        return str(message.subject) % shown, str(message.summary) % shown
    except (KeyError, ValueError, TypeError):
        return None
