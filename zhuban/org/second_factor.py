"""TOTP enrolment and verification for the city bureau's accounts (django-otp underneath)."""

from __future__ import annotations

from base64 import b32encode
from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from zhuban.org.access import mark_second_factor
from zhuban.org.models import SealedTOTPDevice
from zhuban.org.services import otp_enrol
from zhuban.pages import posted


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("动态验证码"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": gettext_lazy("请输入认证器上显示的 6 位数字。")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    out = BytesIO()
    image.save(out)
    return out.getvalue().decode()


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    devices = list(SealedTOTPDevice.objects.devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect(f"{reverse('org:otp_setup')}?{urlencode({'next': _safe_next(request)})}")
    form = TokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        for device in devices:
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                mark_second_factor(request.session)
                return redirect(_safe_next(request))
        form.add_error("token", _("验证码不正确或已过期。"))
    return render(request, "org/otp_verify.html", {"form": form, "next": _safe_next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Enrol an authenticator: the device is kept unconfirmed until a first code proves it works.

    Only for an account that has none: an account that already has one must use it, so a stolen
    password alone can never enrol a second authenticator and approve with it.
    """
    if SealedTOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists():
        return redirect(f"{reverse('org:otp_verify')}?{urlencode({'next': _safe_next(request)})}")
    device = SealedTOTPDevice.objects.devices_for_user(request.user, confirmed=False).first()
    if device is None:
        device = SealedTOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    form = TokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            otp_enrol(actor=request.user, device=device)
            otp_login(request, device)
            mark_second_factor(request.session)
            return redirect(_safe_next(request))
        form.add_error("token", _("验证码不正确或已过期。"))
    return render(
        request,
        "org/otp_setup.html",
        {
            "form": form,
            "qr": _qr_svg(device.config_url),
            "secret": b32encode(device.bin_key).decode(),
            "next": _safe_next(request),
        },
    )
