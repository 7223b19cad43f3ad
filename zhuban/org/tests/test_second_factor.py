"""The city bureau approves nothing without a second factor (TOTP) in the session."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from zhuban.decision.models import Proposal
from zhuban.org.models import SealedTOTPDevice
from zhuban.testing.personas import totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(as_persona, office_of):
    office = office_of("通城县人民政府驻武汉办事处")
    as_persona("tongcheng_clerk").post(reverse("decision:proposal_create", args=[office.pk]), {"disposition": "revoke"})
    return Proposal.objects.get(office=office)


def test_an_officer_without_the_code_is_sent_to_the_code_page_and_nothing_is_reviewed(as_persona, submitted):
    officer = as_persona("city_officer", second_factor=False)
    url = reverse("decision:proposal_review", args=[submitted.pk])
    response = officer.post(url, {"decision": "accept"})
    assert response.status_code == 302 and response.url.startswith(reverse("org:otp_verify"))
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_the_right_code_lets_the_officer_on_to_the_page_they_asked_for(as_persona, submitted):
    officer = as_persona("city_officer", second_factor=False)
    url = reverse("decision:proposal_review", args=[submitted.pk])
    response = officer.post(reverse("org:otp_verify"), {"token": totp_code(), "next": url})
    assert response.status_code == 302 and response.url == url
    assert officer.post(url, {"decision": "accept"}).status_code == 302


def test_a_wrong_code_is_refused_with_a_message(as_persona):
    officer = as_persona("city_officer", second_factor=False)
    wrong = f"{(int(totp_code()) + 1) % 1_000_000:06d}"
    response = officer.post(reverse("org:otp_verify"), {"token": wrong, "next": "/"})
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()


def test_next_never_leads_off_site(as_persona):
    officer = as_persona("city_officer", second_factor=False)
    response = officer.post(reverse("org:otp_verify"), {"token": totp_code(), "next": "https://evil.example/"})
    assert response.url == "/"


def test_an_officer_without_an_authenticator_enrols_one_by_proving_a_first_code(as_persona, city_officer):
    SealedTOTPDevice.objects.filter(user=city_officer).delete()
    officer = as_persona("city_officer", second_factor=False)
    assert officer.get(reverse("org:otp_verify")).status_code == 302  # to enrolment
    page = officer.get(reverse("org:otp_setup"))
    assert "<svg" in page.content.decode()
    device = SealedTOTPDevice.objects.get(user=city_officer, confirmed=False)
    assert officer.post(reverse("org:otp_setup"), {"token": f"{totp(device.bin_key):06d}"}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed


@pytest.mark.parametrize(
    "url_name", ["campaign:submission_review", "consolidation:dossier_close", "consolidation:window_decide"]
)
def test_other_approvals_also_ask_for_the_code_first(as_persona, url_name, office_of):
    from zhuban.campaign.models import Submission
    from zhuban.consolidation.tests.builders import approved_window, dossier_for

    pk = {
        "campaign:submission_review": lambda: Submission.objects.first().pk,
        "consolidation:dossier_close": lambda: dossier_for().pk,
        "consolidation:window_decide": lambda: approved_window().pk,
    }[url_name]()
    response = as_persona("city_officer", second_factor=False).get(reverse(url_name, args=[pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("org:otp_verify"))


def test_a_password_alone_cannot_enrol_a_second_authenticator(as_persona, city_officer):
    officer = as_persona("city_officer", second_factor=False)
    response = officer.get(reverse("org:otp_setup"))
    assert response.status_code == 302 and response.url.startswith(reverse("org:otp_verify"))
    assert SealedTOTPDevice.objects.filter(user=city_officer).count() == 1


def test_enrolling_an_authenticator_is_in_the_audit_trail(as_persona, city_officer):
    from zhuban.audit.models import AuditEntry

    SealedTOTPDevice.objects.filter(user=city_officer).delete()
    officer = as_persona("city_officer", second_factor=False)
    officer.get(reverse("org:otp_setup"))
    device = SealedTOTPDevice.objects.get(user=city_officer, confirmed=False)
    officer.post(reverse("org:otp_setup"), {"token": f"{totp(device.bin_key):06d}"})
    assert AuditEntry.objects.filter(action="otp.enrol", actor=city_officer).exists()


def test_the_code_is_asked_for_again_once_its_time_has_passed(as_persona, submitted, settings):
    officer = as_persona("city_officer", second_factor=False)
    url = reverse("decision:proposal_review", args=[submitted.pk])
    officer.post(reverse("org:otp_verify"), {"token": totp_code(), "next": url})
    assert settings.OTP_APPROVAL_MAX_AGE_SECONDS == 15 * 60
    with time_machine.travel(timezone.now() + timedelta(minutes=14)):
        assert officer.get(url).status_code == 200
    # Still signed in (the session is kept alive), but the code is too old to approve with.
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = officer.post(url, {"decision": "accept"})
        assert response.status_code == 302 and response.url.startswith(reverse("org:otp_verify"))
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_fresh_code_lets_the_approval_through_again(as_persona, submitted):
    officer = as_persona("city_officer", second_factor=False)
    url = reverse("decision:proposal_review", args=[submitted.pk])
    officer.post(reverse("org:otp_verify"), {"token": totp_code(), "next": url})
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        officer.post(reverse("org:otp_verify"), {"token": totp_code(), "next": url})
        assert officer.post(url, {"decision": "accept"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status != "submitted"


def test_a_session_marked_verified_without_a_time_is_asked_again(as_persona, submitted, city_officer):
    from django_otp import DEVICE_ID_SESSION_KEY

    from zhuban.testing.personas import verified_device

    officer = as_persona("city_officer", second_factor=False)
    session = officer.session
    session[DEVICE_ID_SESSION_KEY] = verified_device(city_officer).persistent_id
    session.save()
    url = reverse("decision:proposal_review", args=[submitted.pk])
    response = officer.post(url, {"decision": "accept"})
    assert response.status_code == 302 and response.url.startswith(reverse("org:otp_verify"))
