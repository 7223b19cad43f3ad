"""A forged version on an edit form (the hidden field that guards against lost updates) is a form
error or a stale-record refusal, never a number the database cannot hold (a 500)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.campaign.models import TaskForce
from zhuban.registry.models import Office

pytestmark = pytest.mark.django_db

FORGED = ["-9223372036854775800", "-1", "9223372036854775807", "9223372036854775808", "1" + "0" * 20]

TASK_FORCE = {
    "lead_name": "吴海波",
    "lead_post": "县人民政府办公室主任",
    "members": "县编办 张三\n县财政局 李四",
    "contact_name": "李明",
    "contact_phone": "0715-4321234",
    "established_on": "2015-07-18",
}


@pytest.mark.parametrize("version", FORGED)
def test_a_forged_version_on_the_task_force_form_is_refused_and_writes_nothing(as_persona, version):
    from zhuban.tests.test_access_matrix import open_submission

    submission = open_submission("campaign:task_force_edit")  # a campaign with no history yet
    client = as_persona("tongcheng_clerk")
    url = reverse("campaign:task_force_edit", args=[submission.pk])
    assert client.post(url, TASK_FORCE).status_code == 302  # the first save creates it
    before = (TaskForce.objects.filter(submission=submission).values().get(), AuditEntry.objects.count())
    response = client.post(url, {**TASK_FORCE, "members": "改过的名单", "version": version})
    assert response.status_code == 422
    assert response.context["form"].errors
    assert (TaskForce.objects.filter(submission=submission).values().get(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize("version", FORGED)
def test_a_forged_version_on_the_first_save_of_a_task_force_is_refused_and_writes_nothing(as_persona, version):
    from zhuban.tests.test_access_matrix import open_submission

    submission = open_submission("campaign:task_force_edit")
    entries = AuditEntry.objects.count()
    response = as_persona("tongcheng_clerk").post(
        reverse("campaign:task_force_edit", args=[submission.pk]), {**TASK_FORCE, "version": version}
    )
    assert response.status_code == 422
    assert not TaskForce.objects.filter(submission=submission).exists() and AuditEntry.objects.count() == entries


@pytest.mark.parametrize("version", FORGED)
def test_a_forged_version_on_the_office_form_is_refused_and_writes_nothing(as_persona, office_of, version):
    office = office_of("通城县人民政府驻武汉办事处")
    before = (Office.objects.filter(pk=office.pk).values().get(), AuditEntry.objects.count())
    response = as_persona("tongcheng_clerk").post(
        reverse("registry:office_edit", args=[office.pk]), {"name": office.name + "（改）", "version": version}
    )
    assert response.status_code == 422
    assert (Office.objects.filter(pk=office.pk).values().get(), AuditEntry.objects.count()) == before


def test_every_form_that_carries_a_version_bounds_it():
    from django import forms

    from zhuban.versioning import VersionedForm

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    carrying = [
        f
        for f in subclasses(forms.BaseForm)
        if "version" in getattr(f, "base_fields", {}) and f.__module__.startswith("zhuban")
    ]
    assert any(issubclass(f, VersionedForm) for f in carrying) and len(carrying) > 3
    for form in carrying:
        field = form.base_fields["version"]
        assert (field.min_value, field.max_value) == (0, 2**31 - 1), form
