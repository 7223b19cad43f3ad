"""The audit trail as the auditor and the offices administration read it: searched, paged by
keyset, and exported, always through the access chokepoint (``audit.read_trail``)."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zhuban.audit.forms import TrailFilterForm
from zhuban.audit.models import AuditEntry
from zhuban.audit.queries import jurisdiction_names, search_trail, trail_page
from zhuban.lib.keyset import int_param
from zhuban.lib.spreadsheet import XLSX_TYPE, Column, WorkbookWriter, looks_like_formula
from zhuban.org.access import require, scoped
from zhuban.org.capabilities import Capability
from zhuban.org.models import Jurisdiction

# An export past this many entries is cut at the newest ones and says so: narrow the search.
EXPORT_LIMIT = 50_000
BATCH = 2000
FILTER_FIELDS = ("office", "actor", "action", "jurisdiction", "since", "until")


def _searched(request):
    """The search form (bound to the query string) and the entries it finds in the user's reach."""
    require(request.user, Capability.AUDIT_READ_TRAIL)
    jurisdictions = scoped(request.user, Jurisdiction.objects.all()).order_by("path")
    form = TrailFilterForm(request.GET, jurisdictions=jurisdictions)
    return form, search_trail(request.user, form.trail_filter())


def _names(request) -> dict[str, str]:
    return jurisdiction_names(request.user)


def _query(request) -> str:
    """The search as a query string, for the pager and the export links."""
    params = request.GET.copy()
    for key in list(params):
        if key not in FILTER_FIELDS or not params.get(key):
            del params[key]
    return params.urlencode()


@login_required
@require_GET
def entry_list(request):
    form, entries = _searched(request)
    page = trail_page(entries, before=int_param(request.GET, "before"), after=int_param(request.GET, "after"))
    query = _query(request)
    return render(
        request,
        "audit/entry_list.html",
        {"entries": page, "form": form, "query": query, "pager_query": f"{query}&" if query else ""},
    )


def _changes(entry: AuditEntry) -> str:
    return "；".join(
        f"{label}：{before} → {after}" if before is not None else f"{label}：{after}"
        for label, before, after in entry.changes
    )


def _rows(entries, names: dict[str, str]) -> Iterator[list]:
    """Newest first, at most EXPORT_LIMIT, read by keyset in batches (the trail may hold millions)."""
    left, last = EXPORT_LIMIT, None
    while left > 0:
        batch = entries.filter(seq__lt=last) if last is not None else entries
        rows = list(batch.order_by("-seq")[: min(BATCH, left)])
        if not rows:
            return
        for e in rows:
            yield [
                timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
                e.actor_shown,
                e.action_label,
                e.object_label,
                names.get(e.jurisdiction_path, ""),
                _changes(e),
                e.reason,
            ]
        left -= len(rows)
        last = rows[-1].seq


def _headers() -> list[str]:
    return [_("时间"), _("操作人"), _("操作"), _("对象"), _("行政区划"), _("修改内容（修改前 → 修改后）"), _("理由")]


def _filename(extension: str) -> str:
    return f"{_('审计记录')}{timezone.localdate():%Y%m%d}.{extension}"


def _cut_note(entries) -> list[str]:
    if entries[EXPORT_LIMIT : EXPORT_LIMIT + 1].exists():
        return [_("仅导出最新的 %(n)s 条记录，请缩小查询范围后分批导出。") % {"n": f"{EXPORT_LIMIT:,}"}]
    return []


@login_required
@require_GET
def entry_export_xlsx(request):
    _form, entries = _searched(request)
    target = tempfile.TemporaryFile()
    widths = (20, 24, 24, 36, 14, 60, 30)
    with WorkbookWriter(target) as book:
        sheet = book.sheet(
            _("审计记录"),
            [Column(h, width=w) for h, w in zip(_headers(), widths, strict=True)],
            title=_("审计记录"),
            lines=[
                _("导出时间：%(at)s") % {"at": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
                *_cut_note(entries),
            ],
        )
        sheet.write_rows(_rows(entries, _names(request)))
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=_filename("xlsx"), content_type=XLSX_TYPE)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _guarded(value) -> str:
    # A cell a spreadsheet would run as a formula once the CSV is opened is shown as typed.
    text = str(value)
    return "'" + text if looks_like_formula(text) else text


@login_required
@require_GET
def entry_export_csv(request):
    _form, entries = _searched(request)
    writer = csv.writer(_Echo())
    names = _names(request)

    def lines() -> Iterator[str]:
        yield "\ufeff"  # so that Excel reads the file as UTF-8
        for note in _cut_note(entries):
            yield writer.writerow([note])
        yield writer.writerow(_headers())
        for row in _rows(entries, names):
            yield writer.writerow([_guarded(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(_filename('csv'))}"
    return response
