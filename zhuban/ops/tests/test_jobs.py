"""Background jobs: a clerk's export runs on the worker with its progress on the page and a
notification at the end; a job is its requester's alone; a failure is retried and then reported;
the scheduler enqueues each periodic job once a day; a finished job is never run twice."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.management.commands import db_worker

from zhuban.notifications.models import Notification
from zhuban.ops import jobs
from zhuban.ops.management.commands.scheduler import SCHEDULE, due_jobs
from zhuban.ops.models import Job
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Office

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    # The worker closes stale connections between tasks; inside a test's transaction the
    # connection is the test's own and must stay open.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def work() -> None:
    """What a worker does (the product's own worker command): every task that is due, then stop."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)


def start_export(client, name: str = "通城县"):
    return client.post(reverse("ops:export_start"), {"jurisdiction": Jurisdiction.objects.get(name=name).pk})


def test_a_clerks_export_runs_in_the_background_and_ends_with_a_download_and_a_notification(as_persona):
    clerk = as_persona("tongcheng_clerk")
    response = start_export(clerk)
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("ops:job", args=[job.pk])
    page = clerk.get(response.url).content.decode()
    assert "排队中" in page and 'hx-trigger="every 1s"' in page
    work()
    job.refresh_from_db()
    county = Office.objects.filter(jurisdiction__path__startswith=Jurisdiction.objects.get(name="通城县").path)
    assert (job.status, job.done, job.total, job.attempts) == ("done", county.count(), county.count(), 1)
    page = clerk.get(reverse("ops:job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in page and 'value="100"' in page  # finished: the page stops asking
    download = clerk.get(reverse("ops:job_download", args=[job.pk]))
    assert download.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    text = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    assert set(county.values_list("name", flat=True)) <= text
    assert "崇阳县人民政府驻武汉联络处" not in text
    note = Notification.objects.get(recipient__username="tongcheng_clerk", event="job_done")
    assert note.link == reverse("ops:job", args=[job.pk])


def test_a_job_is_its_requesters_alone(as_persona):
    start_export(as_persona("tongcheng_clerk"))
    job = Job.objects.get()
    work()
    for other in ("chongyang_clerk", "city_officer"):
        client = as_persona(other)
        assert client.get(reverse("ops:job", args=[job.pk])).status_code == 404
        assert client.get(reverse("ops:job_download", args=[job.pk])).status_code == 404
    assert not as_persona("chongyang_clerk").get(reverse("ops:jobs")).context["jobs"]


@pytest.mark.parametrize("value", ["崇阳县", None, "abc"])
def test_an_export_of_a_jurisdiction_out_of_reach_is_missing_and_starts_nothing(value, as_persona):
    data = {"jurisdiction": Jurisdiction.objects.get(name=value).pk if value == "崇阳县" else value or ""}
    assert as_persona("tongcheng_clerk").post(reverse("ops:export_start"), data).status_code == 404
    assert not Job.objects.exists()


def test_a_failure_is_retried_after_a_pause_and_a_job_that_keeps_failing_is_reported(settings, monkeypatch, as_persona):
    settings.JOB_MAX_ATTEMPTS, settings.JOB_RETRY_SECONDS = 2, 0
    calls = []

    def broken(job, progress):
        calls.append(job.attempts)
        raise RuntimeError("磁盘已满")

    monkeypatch.setitem(jobs.RUNNERS, Job.Kind.REGISTRATION_EXPORT, broken)
    start_export(as_persona("tongcheng_clerk"))
    work()
    job = Job.objects.get()
    assert calls == [1, 2]  # tried again after the first failure
    assert (job.status, job.attempts) == ("failed", 2) and "磁盘已满" in job.error
    assert "RuntimeError" not in job.error  # the failure's words, never the exception's name
    note = Notification.objects.get(recipient__username="tongcheng_clerk", event="job_failed")
    assert "磁盘已满" in note.summary


def test_a_job_that_fails_once_and_then_succeeds_ends_done(settings, monkeypatch, as_persona):
    settings.JOB_RETRY_SECONDS = 0
    real = jobs.RUNNERS[Job.Kind.REGISTRATION_EXPORT]
    failures = iter([RuntimeError("数据库连接中断")])

    def flaky(job, progress):
        exc = next(failures, None)
        if exc:
            raise exc
        return real(job, progress)

    monkeypatch.setitem(jobs.RUNNERS, Job.Kind.REGISTRATION_EXPORT, flaky)
    start_export(as_persona("tongcheng_clerk"))
    work()
    job = Job.objects.get()
    assert (job.status, job.attempts, job.error) == ("done", 2, "")


def test_a_finished_job_delivered_again_is_not_run_again(monkeypatch, as_persona):
    start_export(as_persona("tongcheng_clerk"))
    work()
    job = Job.objects.get()
    ran = []
    monkeypatch.setitem(jobs.RUNNERS, Job.Kind.REGISTRATION_EXPORT, lambda j, p: ran.append(j) or jobs.Outcome())
    jobs.run_job.call(str(job.pk))
    assert ran == [] and Job.objects.get().attempts == 1


def test_the_scheduler_enqueues_each_periodic_job_once_a_day_from_its_hour(monkeypatch):
    monkeypatch.setattr(jobs, "RUNNERS", {kind: (lambda j, p: jobs.Outcome()) for kind in Job.Kind.values})
    early = datetime(2026, 12, 1, 0, 30, tzinfo=SHANGHAI)
    assert due_jobs(early) == []
    night = datetime(2026, 12, 1, 1, 5, tzinfo=SHANGHAI)
    assert [j.kind for j in due_jobs(night)] == ["audit_anchor"]
    morning = datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)
    due_jobs(morning)
    due_jobs(morning)  # a second scheduler, or a second pass: nothing twice
    assert Job.objects.count() == len(SCHEDULE)
    next_day = datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI)
    due_jobs(next_day)
    assert Job.objects.count() == 2 * len(SCHEDULE)
    work()
    assert set(Job.objects.values_list("status", flat=True)) == {"done"}


def test_the_periodic_jobs_run_their_commands(monkeypatch):
    called = []
    monkeypatch.setattr(jobs, "call_command", lambda name, **kw: called.append(name))
    due_jobs(datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI))
    work()
    assert sorted(called) == sorted(
        ["audit_anchor", "send_reminders", "send_rotation_reminders", "inspection_daily", "reception_check"]
    )
