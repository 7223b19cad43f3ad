"""Background jobs on Django's task interface: one task (``run_job``) runs any job by its kind,
keeps its progress on the job's row, retries a failure after a growing pause, and tells the
person who asked when it is done.

Every kind is idempotent: a finished job is never run twice, and the periodic kinds (reminders,
the audit chain's anchor) are commands that are themselves safe to run twice.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from zhuban.notifications.models import Event
from zhuban.notifications.services import notification_send
from zhuban.ops.models import Job
from zhuban.org.models import Jurisdiction
from zhuban.workbook import queries as workbook
from zhuban.workbook.exporting import user_export

Progress = Callable[[int, int | None], None]
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    file: Any = None  # an open binary file to keep as the job's result
    name: str = ""


def _registration_export(job: Job, progress: Progress) -> Outcome:
    """附表一 for a jurisdiction, as its requester may read it (the chokepoint runs as them)."""
    user = job.requested_by
    if user is None:
        raise PermissionError(_("导出须由具体的人发起。"))
    jurisdiction = Jurisdiction.objects.filter(pk=job.params.get("jurisdiction")).first()
    allowed = workbook.export_jurisdictions_for(user)
    if jurisdiction is not None and not allowed.filter(pk=jurisdiction.pk).exists():
        raise PermissionError(_("所选行政区划不在您可导出的范围内。"))
    export = user_export(user, jurisdiction)
    total = export.offices.count()
    progress(0, total)

    def counted(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for n, row in enumerate(rows, 1):
            if n % 200 == 0:
                progress(n, total)
            yield row

    target = tempfile.TemporaryFile()  # noqa: SIM115 - closed once stored
    export.write(target, counted)
    progress(total, total)
    target.seek(0)
    return Outcome(target, export.filename)


def _command(name: str) -> Callable[[Job, Progress], Outcome]:
    def run(job: Job, progress: Progress) -> Outcome:
        call_command(name, verbosity=0)
        return Outcome()

    return run


RUNNERS: dict[str, Callable[[Job, Progress], Outcome]] = {
    Job.Kind.REGISTRATION_EXPORT: _registration_export,
    Job.Kind.AUDIT_ANCHOR: _command("audit_anchor"),
    Job.Kind.CAMPAIGN_REMINDERS: _command("send_reminders"),
    Job.Kind.ROTATION_REMINDERS: _command("send_rotation_reminders"),
    Job.Kind.INSPECTION_DAILY: _command("inspection_daily"),
    Job.Kind.RECEPTION_CHECK: _command("reception_check"),
}


def job_enqueue(
    *, kind: str, title: str, requested_by: Any = None, params: dict[str, Any] | None = None, key: str | None = None
) -> Job:
    """A job and its task, written in one transaction; with a ``key`` already used, that job."""
    if key is not None:
        existing = Job.objects.filter(key=key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=Job.Kind(kind), title=title, requested_by=requested_by, params=params or {}, key=key
            )
            run_job.enqueue(str(job.pk))
    except IntegrityError:
        # The same key enqueued by another process a moment ago: theirs is the job.
        return Job.objects.get(key=key)
    return job


def _progress(job: Job) -> Progress:
    last = [0.0]

    def report(done: int, total: int | None) -> None:
        # At most a few writes a second, each its own short transaction, so a page polling the
        # job sees it move while the work goes on.
        now = time.monotonic()
        if now - last[0] < 0.25 and done != total:
            return
        last[0] = now
        Job.objects.filter(pk=job.pk).update(done=done, total=total)

    return report


def _claim(job_id: str) -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return None  # delivered again after it finished: nothing to do
        job.status, job.started_at, job.attempts = Job.Status.RUNNING, timezone.now(), job.attempts + 1
        job.save(update_fields=["status", "started_at", "attempts"])
        return job


def _tell(job: Job, event: Event) -> None:
    if job.requested_by is None:
        return
    notification_send(
        event=event,
        recipients=[job.requested_by],
        key=f"job:{job.pk}:{event.value}",
        obj=job,
        jurisdiction_path="/",
        params={"title": job.title, "attempts": job.attempts, "error": job.error[:200]},
        link=reverse("ops:job", args=[job.pk]),
        email=False,
    )


@task()
def run_job(job_id: str) -> None:
    job = _claim(job_id)
    if job is None:
        return
    try:
        outcome = RUNNERS[job.kind](job, _progress(job))
    except Exception as exc:  # noqa: BLE001 - any failure of a job is recorded on it, then retried
        _failed(job, exc)
        return
    with transaction.atomic():
        job.refresh_from_db(fields=["done", "total"])  # the progress written while it ran
        if outcome.file is not None:
            with outcome.file:
                job.result.save(outcome.name, File(outcome.file, name=outcome.name), save=False)
            job.result_name = outcome.name
        job.status, job.finished_at, job.error = Job.Status.DONE, timezone.now(), ""
        job.done = job.total if job.total is not None else job.done
        job.save()
        _tell(job, Event.JOB_DONE)


def _failed(job: Job, exc: Exception) -> None:
    with transaction.atomic():
        # What the person reads: the failure's own words, never the name of the exception; the
        # whole traceback goes to the log.
        logger.error("job %s (%s) failed", job.pk, job.kind, exc_info=exc)
        job.error = (str(exc) or _("后台任务出错，详情已记入日志。"))[:2000]
        if job.attempts < settings.JOB_MAX_ATTEMPTS:
            job.status = Job.Status.QUEUED
            job.save(update_fields=["status", "error"])
            pause = settings.JOB_RETRY_SECONDS * 2 ** (job.attempts - 1)
            run_job.using(run_after=timezone.now() + timedelta(seconds=pause)).enqueue(str(job.pk))
            return
        job.status, job.finished_at = Job.Status.FAILED, timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        _tell(job, Event.JOB_FAILED)
