"""TaskRunner: work on a pool thread, exactly one outcome back on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from lebwallet.ui.tasks import TaskRunner

TIMEOUT_MS = 5000


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[TaskRunner]:
    task_runner = TaskRunner(max_threads=2)
    yield task_runner
    assert task_runner.shutdown(TIMEOUT_MS)


@pytest.fixture
def owner(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


class Recorder:
    """Collects callback calls with the thread each one ran on."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object, QThread]] = []

    def success(self, value: object) -> None:
        self.calls.append(("success", value, QThread.currentThread()))

    def failure(self, error: Exception) -> None:
        self.calls.append(("failure", error, QThread.currentThread()))


def test_result_is_delivered_once_on_the_gui_thread(qtbot, runner, owner):
    recorder = Recorder()
    worker_threads: list[QThread] = []

    def work() -> int:
        worker_threads.append(QThread.currentThread())
        return 42

    with qtbot.wait_signal(runner.idle, timeout=TIMEOUT_MS):
        task = runner.run(owner, work, recorder.success, recorder.failure)
    gui_thread = owner.thread()
    assert worker_threads
    assert worker_threads[0] is not gui_thread
    assert recorder.calls == [("success", 42, gui_thread)]
    assert task.done
    assert not task.cancelled
    assert runner.active_count() == 0


def test_an_exception_goes_to_on_failure_on_the_gui_thread(qtbot, runner, owner):
    recorder = Recorder()

    def work() -> int:
        raise LookupError("card 7 is not bound")

    with qtbot.wait_signal(runner.idle, timeout=TIMEOUT_MS):
        runner.run(owner, work, recorder.success, recorder.failure)
    assert len(recorder.calls) == 1
    kind, error, thread = recorder.calls[0]
    assert kind == "failure"
    assert isinstance(error, LookupError)
    assert str(error) == "card 7 is not bound"
    assert thread is owner.thread()


def test_an_unhandled_failure_is_logged(qtbot, runner, owner, caplog):
    recorder = Recorder()

    def work() -> None:
        raise OSError("keyring locked")

    with qtbot.wait_signal(runner.idle, timeout=TIMEOUT_MS):
        runner.run(owner, work, recorder.success, description="unlock keyring")
    assert recorder.calls == []
    assert "unlock keyring" in caplog.text
    assert "keyring locked" in caplog.text


def test_nothing_is_called_when_the_owner_is_deleted_first(qtbot, runner):
    parent = QWidget()
    owner = QWidget(parent)
    release = threading.Event()
    recorder = Recorder()

    def work() -> str:
        assert release.wait(TIMEOUT_MS / 1000)
        return "late"

    task = runner.run(owner, work, recorder.success, recorder.failure)
    shiboken6.delete(parent)  # deletes `owner` too, on the C++ side
    assert not shiboken6.isValid(owner)
    with qtbot.wait_signal(runner.idle, timeout=TIMEOUT_MS):
        release.set()
    assert recorder.calls == []
    assert task.done


def test_a_cancelled_task_calls_nothing(qtbot, runner, owner):
    release = threading.Event()
    recorder = Recorder()
    task = runner.run(owner, lambda: release.wait(TIMEOUT_MS / 1000), recorder.success)
    task.cancel()
    with qtbot.wait_signal(runner.idle, timeout=TIMEOUT_MS):
        release.set()
    assert recorder.calls == []
    assert task.cancelled
    assert task.done


def test_many_tasks_each_deliver_exactly_once(qtbot, runner, owner):
    recorder = Recorder()
    count = 50

    def make_work(index: int) -> Callable[[], int]:
        def work() -> int:
            if index % 5 == 0:
                raise ValueError(str(index))
            return index

        return work

    with qtbot.wait_signal(runner.idle, timeout=TIMEOUT_MS):
        for index in range(count):
            runner.run(owner, make_work(index), recorder.success, recorder.failure)
    successes = sorted(int(str(value)) for kind, value, _ in recorder.calls if kind == "success")
    failures = sorted(int(str(value)) for kind, value, _ in recorder.calls if kind == "failure")
    assert successes == [i for i in range(count) if i % 5]
    assert failures == [i for i in range(count) if i % 5 == 0]
    assert len(recorder.calls) == count


def test_shutdown_waits_for_running_work_and_drops_results(qtbot, owner):
    runner = TaskRunner(max_threads=1)
    started = threading.Event()
    finished = threading.Event()
    recorder = Recorder()

    def work() -> str:
        started.set()
        QThread.msleep(200)
        finished.set()
        return "done"

    runner.run(owner, work, recorder.success)
    queued = runner.run(owner, lambda: "never started", recorder.success)
    assert started.wait(TIMEOUT_MS / 1000)
    assert runner.shutdown(TIMEOUT_MS)
    assert finished.is_set()
    qtbot.wait(50)  # let any queued delivery run: it must be dropped
    assert recorder.calls == []
    assert queued.cancelled
    assert runner.active_count() == 0
    with pytest.raises(RuntimeError, match="shut down"):
        runner.run(owner, lambda: 1, recorder.success)


def test_run_refuses_a_deleted_owner(runner):
    owner = QObject()
    shiboken6.delete(owner)
    with pytest.raises(RuntimeError, match="already deleted"):
        runner.run(owner, lambda: 1, lambda value: None)


def test_run_refuses_other_threads(qtbot, runner, owner):
    errors: list[Exception] = []

    def from_a_thread() -> None:
        try:
            runner.run(owner, lambda: 1, lambda value: None)
        except RuntimeError as error:
            errors.append(error)

    thread = threading.Thread(target=from_a_thread)
    thread.start()
    thread.join(TIMEOUT_MS / 1000)
    assert len(errors) == 1
    assert "thread that owns it" in str(errors[0])


def test_max_threads_must_be_positive(qapp):
    with pytest.raises(ValueError, match="at least 1"):
        TaskRunner(max_threads=0)
