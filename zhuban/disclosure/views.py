"""The disclosure's internal pages: draft, review, approve, publish, correct. Each view: access
helper, bound form, service call, redirect. The public pages are in ``public.py``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from zhuban.disclosure import queries, services
from zhuban.disclosure.forms import CorrectForm, DraftForm, NotesForm, ReviewForm
from zhuban.org.access import can, subtree_in_scope, widest_paths
from zhuban.org.capabilities import Capability as C
from zhuban.org.models import Jurisdiction
from zhuban.pages import form_page, posted


@login_required
def index(request):
    offices = list(queries.retained_offices(request.user))
    jurisdictions = list(Jurisdiction.objects.filter(path__in=widest_paths(request.user)).order_by("path"))
    return render(
        request,
        "disclosure/index.html",
        {
            "disclosures": queries.disclosures(request.user)[:500],
            "offices": offices,
            "jurisdictions": jurisdictions,
            "may_draft": can(request.user, C.DISCLOSURE_DRAFT),
            "last_year": queries.today().year - 1,
        },
    )


def _form(request, form, write, *, title: str, message: str, d=None):
    """Every edit page of a disclosure: the shared form template, back to the disclosure after."""
    return form_page(
        request,
        form,
        write,
        template="disclosure/form.html",
        context={"title": title, "d": d},
        success_url=lambda result: result.get_absolute_url(),
        message=message,
    )


def _draft_form(request) -> DraftForm:
    return DraftForm(posted(request), initial={"year": queries.today().year - 1})


@login_required
@require_http_methods(["GET", "POST"])
def draft(request, pk):
    office = queries.office_for(request.user, pk, action=C.DISCLOSURE_DRAFT)
    return _form(
        request,
        _draft_form(request),
        lambda f: services.disclosure_draft(actor=request.user, office=office, year=f.cleaned_data["year"]),
        title=_("起草%(office)s接待经费年度公开") % {"office": office.name},
        message=_("已按录入的数据起草。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def rollup_draft(request, pk):
    jurisdiction = subtree_in_scope(request.user, pk, action=C.DISCLOSURE_DRAFT)
    return _form(
        request,
        _draft_form(request),
        lambda f: services.disclosure_draft(actor=request.user, jurisdiction=jurisdiction, year=f.cleaned_data["year"]),
        title=_("起草%(name)s保留驻外机构接待经费汇总公开") % {"name": jurisdiction.name},
        message=_("已按录入的数据起草。"),
    )


@login_required
def detail(request, pk):
    disclosure = queries.disclosure_for(request.user, pk)
    return render(request, "disclosure/detail.html", {"d": disclosure, "versions": queries.versions_of(disclosure)})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    disclosure = queries.disclosure_for(request.user, pk, action=C.DISCLOSURE_DRAFT)
    return _form(
        request,
        NotesForm(posted(request), instance=disclosure),
        lambda f: services.disclosure_update(
            actor=request.user, disclosure=disclosure, values=f.values(), expected_version=f.cleaned_data.get("version")
        ),
        title=_("修改公开说明"),
        message=_("已保存。"),
        d=disclosure,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    disclosure = queries.disclosure_for(request.user, pk, action=C.DISCLOSURE_REVIEW)
    return _form(
        request,
        ReviewForm(posted(request)),
        lambda f: services.disclosure_review(
            actor=request.user,
            disclosure=disclosure,
            accept=f.cleaned_data["decision"] == "accept",
            comments=f.cleaned_data["comments"],
        ),
        title=_("审核接待经费年度公开"),
        message=_("已记录审核意见。"),
        d=disclosure,
    )


@login_required
@require_http_methods(["GET", "POST"])
def correct(request, pk):
    disclosure = queries.disclosure_for(request.user, pk, action=C.DISCLOSURE_DRAFT)
    return _form(
        request,
        CorrectForm(posted(request)),
        lambda f: services.disclosure_correct(
            actor=request.user, disclosure=disclosure, reason=f.cleaned_data["reason"]
        ),
        title=_("起草更正版本"),
        message=_("已起草更正版本；发布后原版本标为已被取代，仍可公开查阅。"),
        d=disclosure,
    )


def _act(action: str, service, message):
    """A one-button step (a POST without a form): the service's refusal shown on the disclosure."""

    @login_required
    @require_POST
    def view(request, pk):
        disclosure = queries.disclosure_for(request.user, pk, action=action)
        try:
            result = service(actor=request.user, disclosure=disclosure)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
            return redirect(disclosure.get_absolute_url())
        messages.success(request, str(message))
        return redirect(result.get_absolute_url())

    return view


redraw = _act(C.DISCLOSURE_DRAFT, services.disclosure_redraw, gettext_lazy("已按录入的数据重新汇总。"))
submit = _act(C.DISCLOSURE_DRAFT, services.disclosure_submit, gettext_lazy("已报送审核。"))
approve = _act(C.DISCLOSURE_APPROVE, services.disclosure_approve, gettext_lazy("已批准。"))
publish = _act(C.DISCLOSURE_PUBLISH, services.disclosure_publish, gettext_lazy("已向社会公开。"))
