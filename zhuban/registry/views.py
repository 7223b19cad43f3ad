"""Registry pages. Each view: access helper, bound form, service call, redirect or fragment."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhuban.audit.queries import history_of, trail_page
from zhuban.lib.keyset import int_param
from zhuban.org.access import can, require
from zhuban.org.capabilities import Capability
from zhuban.pages import form_page, posted
from zhuban.registry import queries, services
from zhuban.registry.forms import AssetForm, EntityForm, OfficeFilterForm, OfficeForm, StaffForm
from zhuban.registry.models import Office

PAGE_SIZE = 50


@login_required
def office_list(request):
    form = OfficeFilterForm(request.GET or None, user=request.user)
    f = queries.OfficeFilter()
    if form.is_valid():
        data = form.cleaned_data
        f = queries.OfficeFilter(
            q=data["q"].strip(),
            host_city=data["host_city"].pk if data["host_city"] else None,
            sponsors=data["sponsor"],
            status=data["status"],
        )
    offices = queries.offices_for(request.user, f)
    if form.is_bound and not form.is_valid():
        offices = offices.none()  # a filter naming what does not exist matches nothing
    page = queries.office_page(
        offices,
        after=int_param(request.GET, "after"),
        before=int_param(request.GET, "before"),
        size=PAGE_SIZE,
    )
    context = {"form": form, "page": page}
    if request.htmx:
        return render(request, "registry/_office_rows.html", context)
    return render(request, "registry/office_list.html", context)


@login_required
def sponsor_options(request):
    """The datalist of the sponsor filter, as the clerk types."""
    names = queries.sponsor_suggestions(request.user, request.GET.get("sponsor", "")[:100])
    return render(request, "registry/_sponsor_options.html", {"names": names})


@login_required
def office_detail(request, pk):
    office = queries.office_for(request.user, pk)
    # A revoked or merged office (its dossier closed) is read-only; its history stays visible.
    read_only = office.status != Office.Status.ACTIVE
    can_edit = not read_only and can(request.user, Capability.REGISTRY_EDIT, office)
    return render(
        request, "registry/office_detail.html", {"office": office, "can_edit": can_edit, "read_only": read_only}
    )


def _save(request, form, write, template, context, success_url):
    return form_page(
        request, form, write, template=template, context=context, success_url=success_url, message=_("已保存。")
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_create(request):
    require(request.user, Capability.REGISTRY_EDIT)
    form = OfficeForm(posted(request), user=request.user)
    return _save(
        request,
        form,
        lambda f: services.office_register(actor=request.user, values=f.values()),
        "registry/office_form.html",
        {"office": None},
        lambda office: office.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_edit(request, pk):
    office = queries.office_for(request.user, pk, action=Capability.REGISTRY_EDIT)
    form = OfficeForm(posted(request), instance=office, user=request.user)
    return _save(
        request,
        form,
        lambda f: services.office_update(
            actor=request.user,
            office=office,
            values=f.values(),
            expected_version=f.cleaned_data.get("version"),
            reason=request.POST.get("reason", "").strip(),
        ),
        "registry/office_form.html",
        {"office": office},
        lambda office: office.get_absolute_url(),
    )


@login_required
def office_history(request, pk):
    office = queries.office_for(request.user, pk)
    entries = trail_page(
        history_of(request.user, office),
        before=int_param(request.GET, "before"),
        after=int_param(request.GET, "after"),
        size=PAGE_SIZE,
    )
    return render(request, "registry/office_history.html", {"office": office, "entries": entries})


CHILDREN = {
    "asset": (AssetForm, services.asset_add, services.asset_update, queries.asset_for, _("资产")),
    "staff": (StaffForm, services.staff_add, services.staff_update, queries.staff_for, _("工作人员")),
    "entity": (EntityForm, services.entity_add, services.entity_update, queries.entity_for, _("经营性实体")),
}


@login_required
@require_http_methods(["GET", "POST"])
def child_create(request, pk, kind):
    form_class, add, _update, _get, label = CHILDREN[kind]
    office = queries.office_for(request.user, pk, action=Capability.REGISTRY_EDIT)
    form = form_class(posted(request))
    return _save(
        request,
        form,
        lambda f: add(actor=request.user, office=office, values=f.values(), reason=request.POST.get("reason", "")),
        "registry/child_form.html",
        {"office": office, "kind": kind, "label": label, "obj": None},
        lambda obj: office.get_absolute_url() + f"#{kind}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def child_edit(request, kind, child_pk):
    form_class, _add, update, get, label = CHILDREN[kind]
    obj = get(request.user, child_pk, action=Capability.REGISTRY_EDIT)
    form = form_class(posted(request), instance=obj)
    return _save(
        request,
        form,
        lambda f: update(
            actor=request.user,
            **{kind: obj},
            values=f.values(),
            expected_version=f.cleaned_data.get("version"),
            reason=request.POST.get("reason", ""),
        ),
        "registry/child_form.html",
        {"office": obj.office, "kind": kind, "label": label, "obj": obj},
        lambda o: o.office.get_absolute_url() + f"#{kind}",
    )
