"""A function run bounded: what a child that aborts, overruns its memory or time, or raises costs."""

from __future__ import annotations

import os
import time

import pytest

from zhuban.lib.bounded import Bounded, ChildFailed, LimitExceeded, Send

MEMORY = 512 * 1024 * 1024


def answers(send: Send, value: int) -> None:
    send(("value", value, os.getpid()))


def aborts(send: Send) -> None:
    os.abort()  # what a Rust reader does when an allocation fails


def allocates(send: Send, size: int) -> None:
    send(("value", len(bytearray(size)), 0))


def spins(send: Send) -> None:
    while True:
        pass


def raises(send: Send) -> None:
    raise KeyError("no such sheet")


def test_a_child_answers_from_another_process():
    _kind, value, pid = Bounded(answers, (7,), memory=MEMORY, seconds=10).receive()
    assert value == 7 and pid != os.getpid()


def test_a_child_that_aborts_costs_a_refusal_not_this_process():
    with pytest.raises(LimitExceeded):
        Bounded(aborts, (), memory=MEMORY, seconds=10).receive()


def test_a_child_that_asks_for_more_memory_than_its_limit_is_refused():
    with pytest.raises(LimitExceeded):
        Bounded(allocates, (4 * MEMORY,), memory=MEMORY, seconds=10).receive()


def test_a_child_that_runs_past_its_time_is_ended():
    started = time.perf_counter()
    with pytest.raises(LimitExceeded):
        Bounded(spins, (), memory=MEMORY, seconds=1).receive()
    assert time.perf_counter() - started < 5


def test_a_child_that_raises_says_what():
    with pytest.raises(ChildFailed, match="KeyError"):
        Bounded(raises, (), memory=MEMORY, seconds=10).receive()
