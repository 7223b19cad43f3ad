"""Running a function in a child process held to memory and CPU limits. Framework-free.

A reader bug or a file built to exhaust one (a Rust reader aborts the whole process when an
allocation fails) then costs the child, never the worker serving the site. The child sends its
results as messages; the parent reads them one by one, waiting at most ``seconds`` for each, and
learns of a child that died or ran out of time as ``LimitExceeded``.

Children are forked from the calling process, which costs milliseconds (a fork server, or
spawning, cost ~0.7 s a file once Django is set up). The child touches nothing it inherited but
its arguments (no database, no logging) and leaves with os._exit, so inherited connections are
neither used nor closed.
"""

from __future__ import annotations

import errno
import multiprocessing
import resource
import weakref
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

Send = Callable[[Any], None]


class LimitExceeded(Exception):
    """The child ran out of memory or time, or died."""


class ChildFailed(Exception):
    """The child's function raised; the message names the exception."""


def _child(send: Connection, memory: int, cpu_seconds: int, target: Callable[..., None], args: tuple[Any, ...]) -> None:
    # The child starts as a copy of its parent: ``memory`` is what it may map beyond that.
    limit = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    try:
        target(send.send, *args)
    except MemoryError:
        send.send(("__limits__",))
    except Exception as exc:  # noqa: BLE001 - whatever it is, the parent hears of it
        send.send(("__failed__", f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()


def caused_by_memory(exc: BaseException) -> bool:
    """Whether ``exc`` or an exception it was raised while handling is a failed allocation
    (MemoryError, ENOMEM, zlib's or a Rust reader's "memory" error)."""
    seen: BaseException | None = exc
    for _depth in range(10):
        if seen is None:
            return False
        if isinstance(seen, MemoryError) or getattr(seen, "errno", None) == errno.ENOMEM:
            return True
        if "memory" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _address_space() -> int:
    """This process's mapped bytes (Linux); 0 where /proc is missing."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


class Bounded:
    """A running child; ``receive()`` its messages in order; ``close()`` ends it (also on GC)."""

    def __init__(self, target: Callable[..., None], args: tuple[Any, ...], *, memory: int, seconds: float) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self.seconds = seconds
        self._process = context.Process(
            target=_child, args=(send, memory, max(1, int(seconds)), target, args), daemon=True
        )
        self._process.start()
        send.close()
        self._finalizer = weakref.finalize(self, _end, self._process, self._receive)

    def receive(self) -> Any:
        try:
            if not self._receive.poll(self.seconds):
                raise LimitExceeded
            message = self._receive.recv()
        except (EOFError, OSError):
            self.close()
            raise LimitExceeded from None
        except LimitExceeded:
            self.close()
            raise
        if isinstance(message, tuple) and message and message[0] == "__limits__":
            self.close()
            raise LimitExceeded
        if isinstance(message, tuple) and message and message[0] == "__failed__":
            self.close()
            raise ChildFailed(message[1])
        return message

    def close(self) -> None:
        self._finalizer()


def _end(process: multiprocessing.process.BaseProcess, receive: Connection) -> None:
    if process.is_alive():
        process.kill()
    process.join()
    receive.close()
