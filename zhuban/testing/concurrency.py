"""Real concurrent writers for tests: threads that start together, each on its own connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def run_together(*jobs: Callable[[], object]) -> list[object]:
    """Start every job at the same instant on its own connection; return results or exceptions."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def worker(i: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each writer got
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results
