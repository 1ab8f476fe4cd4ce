"""Cyclic garbage is collected on the GUI thread only (lebwallet.ui.garbage)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from lebwallet.ui.garbage import GuiThreadCollector, collect_due


@pytest.fixture
def thresholds() -> Iterator[None]:
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_collector_turns_automatic_collection_off_and_collects_on_its_timer(
    qtbot: QtBot, thresholds: None
) -> None:
    gc.enable()
    collector = GuiThreadCollector(interval_ms=20)
    assert not gc.isenabled()
    gc.set_threshold(10, 10, 10)
    collected_in: list[str] = []

    class Watched:
        def __init__(self) -> None:
            self.me = self

        def __del__(self) -> None:
            collected_in.append(threading.current_thread().name)

    def make_garbage_in_a_worker() -> None:
        for _ in range(100):
            Watched()  # enough allocations to pass every threshold

    worker = threading.Thread(target=make_garbage_in_a_worker, name="worker")
    worker.start()
    worker.join()
    assert collected_in == []  # nothing collected in the worker
    qtbot.waitUntil(lambda: len(collected_in) == 100, timeout=2000)
    assert set(collected_in) == {threading.current_thread().name}
    collector.timer.stop()


def test_collect_due_collects_only_what_passed_its_threshold(thresholds: None) -> None:
    gc.collect()
    gc.set_threshold(1000, 10, 10)
    assert collect_due() is None
    for _ in range(1001):
        _Cycle()
    assert collect_due() == 0


def test_a_qobject_in_a_cycle_is_not_destroyed_by_a_worker(qtbot: QtBot, thresholds: None) -> None:
    gc.enable()  # as Python starts
    GuiThreadCollector(interval_ms=10_000)  # off, and no collection by its timer here
    gc.set_threshold(5, 1, 1)
    destroyed_in: list[str] = []

    def make() -> None:
        owner = QObject()
        owner.destroyed.connect(lambda: destroyed_in.append(threading.current_thread().name))
        owner.cycle = owner  # type: ignore[attr-defined]

    make()
    worker = threading.Thread(target=lambda: [_Cycle() for _ in range(200)], name="worker")
    worker.start()
    worker.join()
    assert destroyed_in == []
    gc.collect()
    assert destroyed_in == [threading.current_thread().name]


def test_after_a_burst_the_free_heap_is_handed_back_once_and_not_when_idle(
    qtbot: QtBot, thresholds: None
) -> None:
    """A trim after work (a sync's ~50 MiB of freed heap), once the collections calm down;
    never when nothing happens (idle CPU)."""
    trims: list[int] = []

    def trim() -> bool:
        trims.append(1)
        return True

    collector = GuiThreadCollector(interval_ms=10, trim_every_s=0.0, trim=trim)
    gc.collect()
    gc.set_threshold(100_000, 10, 10)
    qtbot.wait(100)
    assert trims == []  # nothing happened: no trim
    gc.set_threshold(10, 10, 10)
    for _ in range(50):
        _Cycle()  # work: collections are due
    qtbot.waitUntil(lambda: trims == [1], timeout=2000)
    gc.set_threshold(100_000, 10, 10)
    qtbot.wait(100)
    assert trims == [1]  # once, then quiet again
    collector.timer.stop()
