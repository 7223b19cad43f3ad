"""What the office holds, one item at a time: an asset disposed, money recorded and settled, a
person placed, a business entity decoupled."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhuban.consolidation import forms, services
from zhuban.consolidation.models import CountyWindow, Dossier, Obligation
from zhuban.consolidation.views._common import _form_page, _run, _writable_dossier
from zhuban.org.access import get_in_scope
from zhuban.org.capabilities import Capability
from zhuban.pages import posted, posted_files
from zhuban.registry.models import Asset, BusinessEntity, Office, StaffMember


def _dossier_of_office(office: Office) -> Dossier:
    dossier = Dossier.objects.filter(office=office).select_related("office").first()
    if dossier is None:
        raise Http404
    return dossier


@login_required
@require_http_methods(["GET", "POST"])
def asset_dispose(request, pk):
    asset = get_in_scope(
        request.user,
        Asset.objects.select_related("office__jurisdiction", "office__sponsor"),
        action=Capability.CONSOLIDATION_RECORD,
        pk=pk,
    )
    dossier = _dossier_of_office(asset.office)
    mark = asset.plate_number if asset.category == Asset.Category.VEHICLE else asset.certificate_number
    form = forms.DisposalForm(posted(request), posted_files(request), initial={"certificate_or_plate": mark})
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            form,
            lambda d: services.asset_dispose(actor=request.user, asset=asset, **d),
            dossier.get_absolute_url() + "#task-assets",
            _("资产处置已录入。"),
        )
        if done:
            return done
    intro = _("%(category)s“%(asset)s”，账面价值%(value)s元。") % {
        "category": asset.get_category_display(),
        "asset": asset.description,
        "value": asset.book_value,
    }
    return _form_page(request, form, title=_("处置资产"), dossier=dossier, intro=intro)


@login_required
@require_http_methods(["GET", "POST"])
def obligation_add(request, pk):
    dossier = _writable_dossier(request, pk)
    form = forms.ObligationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            form,
            lambda d: services.obligation_add(actor=request.user, office=dossier.office, **d),
            dossier.get_absolute_url() + "#task-money",
            _("已登记。"),
        )
        if done:
            return done
    return _form_page(request, form, title=_("登记资金与往来款项"), dossier=dossier)


@login_required
@require_http_methods(["GET", "POST"])
def obligation_settle(request, pk):
    obligation = get_in_scope(
        request.user,
        Obligation.objects.select_related("office__jurisdiction"),
        action=Capability.CONSOLIDATION_RECORD,
        pk=pk,
    )
    dossier = _dossier_of_office(obligation.office)
    remaining = services.remaining_of(obligation)
    initial = {"amount": remaining}
    if obligation.kind == Obligation.Kind.BANK_ACCOUNT:
        initial["method"] = "account_closed"
    form = forms.SettlementForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            form,
            lambda d: services.obligation_settle(actor=request.user, obligation=obligation, **d),
            dossier.get_absolute_url() + "#task-money",
            _("款项清理已录入。"),
        )
        if done:
            return done
    intro = _("%(kind)s“%(who)s”：账面余额%(amount)s元，尚未清理%(remaining)s元。") % {
        "kind": obligation.get_kind_display(),
        "who": obligation.counterparty,
        "amount": obligation.amount,
        "remaining": remaining,
    }
    return _form_page(request, form, title=_("清理款项"), dossier=dossier, intro=intro)


@login_required
@require_http_methods(["GET", "POST"])
def staff_place(request, pk):
    staff = get_in_scope(
        request.user,
        StaffMember.objects.select_related("office__jurisdiction", "office__sponsor"),
        action=Capability.CONSOLIDATION_RECORD,
        pk=pk,
    )
    dossier = _dossier_of_office(staff.office)
    windows = CountyWindow.objects.filter(
        jurisdiction_id=staff.office.jurisdiction_id, status=CountyWindow.Status.APPROVED
    ).select_related("jurisdiction")
    form = forms.PlacementForm(posted(request), windows=windows)
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            form,
            lambda d: services.staff_place(actor=request.user, staff=staff, **d),
            dossier.get_absolute_url() + "#task-staff",
            _("人员安置已录入。"),
        )
        if done:
            return done
    intro = _("%(name)s，%(post)s（%(kind)s）。") % {
        "name": staff.name,
        "post": staff.post or "—",
        "kind": staff.get_employment_display(),
    }
    return _form_page(request, form, title=_("安置工作人员"), dossier=dossier, intro=intro)


@login_required
@require_http_methods(["GET", "POST"])
def entity_decouple(request, pk):
    entity = get_in_scope(
        request.user,
        BusinessEntity.objects.select_related("office__jurisdiction", "office__sponsor"),
        action=Capability.CONSOLIDATION_RECORD,
        pk=pk,
    )
    dossier = _dossier_of_office(entity.office)
    form = forms.DecouplingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            form,
            lambda d: services.entity_decouple(actor=request.user, entity=entity, **d),
            dossier.get_absolute_url() + "#task-decoupling",
            _("脱钩已录入。"),
        )
        if done:
            return done
    intro = _("%(kind)s“%(name)s”，%(state)s。") % {
        "kind": entity.get_kind_display(),
        "name": entity.name,
        "state": entity.get_decoupling_display(),
    }
    return _form_page(request, form, title=_("经营性实体脱钩"), dossier=dossier, intro=intro)
