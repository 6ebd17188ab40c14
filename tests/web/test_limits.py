"""The worker pool: bounded, answers Busy when full, TimedOut past the timeout, never miscounts."""

from __future__ import annotations

import asyncio
import threading

import pytest

from presslens.errors import ConfigError
from presslens.web.limits import Busy, Settings, TimedOut, WorkQueue


def test_limits_settings_refuse_values_that_cannot_work():
    for bad in ({"workers": 0}, {"max_queue": -1}, {"timeout": 0}, {"max_chars": 0}, {"api_key": "  "}):
        with pytest.raises(ConfigError):
            Settings(**bad)


def test_limits_queue_runs_work_off_the_loop_and_answers_busy_when_full():
    gate = threading.Event()

    async def scenario():
        queue = WorkQueue(workers=1, max_queue=1, timeout=5)
        loop_thread = threading.get_ident()
        first = asyncio.create_task(queue.run(lambda: (gate.wait(5), threading.get_ident())[1]))
        second = asyncio.create_task(queue.run(lambda: "second"))
        await asyncio.sleep(0.05)
        assert queue.pending == 2
        with pytest.raises(Busy) as busy:
            await queue.run(lambda: "third")
        assert busy.value.retry_after >= 1 and queue.rejected == 1
        gate.set()
        worker_thread = await first
        assert worker_thread != loop_thread and await second == "second"
        await asyncio.sleep(0.01)
        assert queue.pending == 0 and queue.completed == 2
        queue.close()

    asyncio.run(scenario())


def test_limits_timeout_keeps_the_slot_until_the_work_ends():
    gate = threading.Event()

    async def scenario():
        queue = WorkQueue(workers=1, max_queue=1, timeout=0.1)
        with pytest.raises(TimedOut):
            await queue.run(gate.wait, 5)
        assert queue.pending == 1  # the thread still runs: its slot is not free yet
        waiting = asyncio.create_task(queue.run(lambda: "queued"))
        await asyncio.sleep(0.15)
        with pytest.raises(TimedOut):
            await waiting  # never started: cancelled, and its slot freed at once
        assert queue.pending == 1
        gate.set()
        for _ in range(100):
            if queue.pending == 0:
                break
            await asyncio.sleep(0.01)
        assert queue.pending == 0
        assert await queue.run(lambda: 42) == 42
        queue.close()

    asyncio.run(scenario())


def test_limits_errors_in_work_reach_the_caller():
    async def scenario():
        queue = WorkQueue(workers=1, max_queue=0, timeout=5)
        with pytest.raises(ZeroDivisionError):
            await queue.run(lambda: 1 / 0)
        assert queue.pending == 0
        queue.close()

    asyncio.run(scenario())
