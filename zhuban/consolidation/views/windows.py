"""County windows: listed, applied for, staffed, decided by the city, their approval file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhuban.consolidation import forms, queries, services
from zhuban.consolidation.views._common import _form_page, _run
from zhuban.org.access import get_in_scope, scoped, second_factor_redirect
from zhuban.org.capabilities import Capability
from zhuban.org.models import Jurisdiction
from zhuban.pages import attach_errors, posted, posted_files, stored_file
from zhuban.registry.models import StaffMember


@login_required
def window_list(request):
    home = queries.home_jurisdiction(request.user)
    counties = []
    if home is not None:
        places = list(
            scoped(
                request.user,
                Jurisdiction.objects.filter(path__startswith=home.path, level="county"),
                action=Capability.CONSOLIDATION_WINDOW_APPLY,
            )
        )
        refusals = queries.window_refusals(places)
        counties = [(j, refusals[j.pk]) for j in places]
    return render(
        request,
        "consolidation/window_list.html",
        {"windows": queries.windows_for(request.user), "counties": counties},
    )


@login_required
@require_http_methods(["GET", "POST"])
def window_apply(request, pk):
    jurisdiction = get_in_scope(request.user, Jurisdiction.objects.all(), pk=pk)
    # The county government applies: only someone who acts for the whole county (not a
    # department clerk, whose grant is one unit) may.
    if not queries.readable_subtree(request.user, jurisdiction, action=Capability.CONSOLIDATION_WINDOW_APPLY):
        raise PermissionDenied
    refusal = queries.window_refusal(jurisdiction)
    cap = queries.window_cap(jurisdiction)
    staff = scoped(
        request.user,
        StaffMember.objects.filter(office__jurisdiction=jurisdiction, window_membership__isnull=True),
    ).select_related("office")
    form = forms.WindowApplyForm(posted(request), initial={"applied_on": timezone.localdate()})
    members = forms.WindowMemberFormSet(
        posted(request), prefix="members", form_kwargs={"staff": staff}, initial=[{} for _i in range(max(cap, 1))]
    )
    if request.method == "POST" and form.is_valid() and members.is_valid():
        rows = [m.cleaned_data for m in members if m.cleaned_data.get("name")]
        try:
            window = services.window_apply(
                actor=request.user,
                jurisdiction=jurisdiction,
                members=rows,
                applied_on=form.cleaned_data["applied_on"],
                application_document=form.cleaned_data["application_document"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("工作窗口申请已报市政府审批。"))
            return redirect(window.get_absolute_url())
    return render(
        request,
        "consolidation/window_apply.html",
        {"jurisdiction": jurisdiction, "form": form, "members": members, "refusal": refusal, "cap": cap},
        status=422 if form.errors or members.errors and request.method == "POST" else 200,
    )


@login_required
def window_detail(request, pk):
    window = queries.window_for(request.user, pk)
    return render(
        request,
        "consolidation/window_detail.html",
        {
            "window": window,
            "cap": queries.window_cap(window.jurisdiction),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def window_member_add(request, pk):
    window = queries.window_for(request.user, pk, action=Capability.CONSOLIDATION_RECORD)
    staff = StaffMember.objects.filter(
        office__jurisdiction=window.jurisdiction, window_membership__isnull=True
    ).select_related("office")
    form = forms.WindowMemberForm(posted(request), staff=staff)
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            form,
            lambda d: services.window_member_add(actor=request.user, window=window, **d),
            window.get_absolute_url(),
            _("已增加窗口人员。"),
        )
        if done:
            return done
    return _form_page(
        request,
        form,
        title=_("增加窗口人员：%(county)s") % {"county": window.jurisdiction.name},
        back=window.get_absolute_url(),
        intro=_("每个县（市、区）至多%(cap)s人。") % {"cap": queries.window_cap(window.jurisdiction)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def window_decide(request, pk):
    """The city government's approval (or refusal) of a window, recorded by the city bureau."""
    window = queries.window_for(request.user, pk, action=Capability.CONSOLIDATION_WINDOW_DECIDE)
    if challenge := second_factor_redirect(request):
        return challenge
    form = forms.WindowDecisionForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():

        def call(d):
            if d["decision"] == "approve":
                services.window_approve(
                    actor=request.user,
                    window=window,
                    document=d["document"],
                    approved_on=d["approved_on"],
                    file=d["file"],
                )
            else:
                services.window_reject(actor=request.user, window=window, reason=d["reason"])

        done = _run(request, form, call, window.get_absolute_url(), _("市政府意见已录入。"))
        if done:
            return done
    return _form_page(
        request,
        form,
        title=_("录入市政府意见：%(county)s工作窗口") % {"county": window.jurisdiction.name},
        back=window.get_absolute_url(),
    )


@login_required
def window_file(request, pk):
    window = queries.window_for(request.user, pk)
    if not window.approval_file:
        raise Http404
    return stored_file(request, window.approval_file)
