"""The special report: the page, its narrative, and its Word and Excel downloads."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhuban.consolidation import events, forms, queries, report, services
from zhuban.consolidation.views._common import _form_page, _run
from zhuban.org.capabilities import Capability
from zhuban.org.models import Jurisdiction
from zhuban.pages import posted


@login_required
def report_page(request, pk):
    jurisdiction = queries.report_jurisdiction_for(request.user, pk)
    data = report.report_data(request.user, jurisdiction)
    # Where the report's submission stands is the campaign's to say (through zhuban.flows): a
    # report already sent, or one this level does not owe, offers no button but says so.
    answers = [a for _r, a in events.report_state_asked.send(sender=Jurisdiction, jurisdiction=jurisdiction) if a]
    return render(
        request,
        "consolidation/report.html",
        {
            "data": data,
            "figures": data.figures,
            "jurisdiction": jurisdiction,
            "report_state": answers[0] if answers else None,
            "can_edit": queries.readable_subtree(request.user, jurisdiction, action=Capability.CONSOLIDATION_REPORT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    jurisdiction = queries.report_jurisdiction_for(request.user, pk, action=Capability.CONSOLIDATION_REPORT)
    narrative = queries.narrative_of(jurisdiction)
    initial = {}
    if narrative is not None:
        initial = {
            "text": narrative.text,
            "issuing_unit": narrative.issuing_unit,
            "document_number": narrative.document_number,
            "signer": narrative.signer,
            "report_date": narrative.report_date,
            "version": narrative.version,
        }
    form = forms.NarrativeForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            form,
            lambda d: services.report_narrative_save(
                actor=request.user,
                jurisdiction=jurisdiction,
                text=d["text"],
                issuing_unit=d["issuing_unit"],
                document_number=d["document_number"],
                signer=d["signer"],
                report_date=d["report_date"],
                expected_version=d["version"],
            ),
            reverse("consolidation:report", args=[jurisdiction.pk]),
            _("报告正文已保存。"),
        )
        if done:
            return done
    return _form_page(
        request,
        form,
        title=_("专项工作报告正文：%(j)s") % {"j": jurisdiction.name},
        back=reverse("consolidation:report", args=[jurisdiction.pk]),
    )


@login_required
def report_docx(request, pk):
    jurisdiction = queries.report_jurisdiction_for(request.user, pk)
    data = report.report_data(request.user, jurisdiction)
    return FileResponse(
        io.BytesIO(report.render_docx(data)),
        as_attachment=True,
        filename=f"{data.title}.docx",
        content_type=report.DOCX_TYPE,
    )


@login_required
def report_xlsx(request, pk):
    jurisdiction = queries.report_jurisdiction_for(request.user, pk)
    data = report.report_data(request.user, jurisdiction)
    return FileResponse(
        io.BytesIO(report.render_xlsx(data)),
        as_attachment=True,
        filename=f"{data.annex_name}.xlsx",
        content_type=report.XLSX_TYPE,
    )


@login_required
@require_http_methods(["POST"])
def report_submit(request, pk):
    """Report the special report to the offices administration: the campaign's submission
    专项工作报告 of this jurisdiction is marked submitted (once; a second click changes nothing)."""
    jurisdiction = queries.report_jurisdiction_for(request.user, pk, action=Capability.CONSOLIDATION_REPORT)
    if not services.report_submit(actor=request.user, jurisdiction=jurisdiction):
        messages.info(request, _("专项工作报告已报送，或本级无须报送。"))
    else:
        messages.success(request, _("专项工作报告已报送市机关事务管理局。"))
    return redirect("consolidation:report", pk=jurisdiction.pk)
