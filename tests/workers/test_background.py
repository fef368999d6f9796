"""run_in_background: work on a pool thread, its result on the GUI thread, nothing for a deleted widget."""

from __future__ import annotations

import gc
import threading
import weakref

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, QThreadPool

from workers.background import collect_on_gui_thread, run_in_background

WAIT_MS = 10_000


def test_the_work_runs_off_the_gui_thread_and_its_result_arrives_on_it(qtbot):
    owner = QObject()
    seen = {}

    def work():
        seen["work_thread"] = threading.get_ident()
        return 41 + 1

    def deliver(result):
        seen["result"] = result
        seen["deliver_on_gui"] = QThread.currentThread() == QCoreApplication.instance().thread()

    run_in_background(owner, work, deliver)
    qtbot.waitUntil(lambda: "result" in seen, timeout=WAIT_MS)
    assert seen["work_thread"] != threading.get_ident()
    assert seen == {"work_thread": seen["work_thread"], "result": 42, "deliver_on_gui": True}


def test_nothing_is_delivered_to_a_deleted_owner_and_a_live_one_still_gets_its_own(qtbot):
    gone, kept = QObject(), QObject()
    release = threading.Event()
    delivered = []
    run_in_background(gone, lambda: release.wait(WAIT_MS / 1000) and "for gone", delivered.append)
    run_in_background(kept, lambda: release.wait(WAIT_MS / 1000) and "for kept", delivered.append)
    shiboken6.delete(gone)  # the widget that asked is closed while its work runs
    release.set()
    qtbot.waitUntil(lambda: delivered == ["for kept"], timeout=WAIT_MS)
    QThreadPool.globalInstance().waitForDone(WAIT_MS)
    qtbot.wait(50)  # any late delivery would have arrived by now
    assert delivered == ["for kept"]


def test_work_that_raises_delivers_nothing_and_says_why_on_stderr(qtbot, capfd):
    owner = QObject()
    delivered = []

    def broken():
        raise ValueError("the run's log is unreadable")

    run_in_background(owner, broken, delivered.append)
    run_in_background(owner, lambda: "next", delivered.append)
    qtbot.waitUntil(lambda: delivered == ["next"], timeout=WAIT_MS)
    QThreadPool.globalInstance().waitForDone(WAIT_MS)
    qtbot.wait(50)
    assert delivered == ["next"]
    assert "ValueError: the run's log is unreadable" in capfd.readouterr().err


def test_many_jobs_for_widgets_closed_midway_leave_the_process_standing(qtbot):
    """The crash this module exists for was a Qt object deleted on a pool thread; here hundreds of jobs
    end while their owners are deleted and collected, and every live owner gets its answer."""
    import gc

    answers = []
    owners = [QObject() for _ in range(200)]
    for i, owner in enumerate(owners):
        run_in_background(owner, lambda i=i: i, answers.append)
        if i % 2:
            shiboken6.delete(owner)
    del owners
    gc.collect()
    qtbot.waitUntil(lambda: len(answers) == 100, timeout=WAIT_MS)
    QThreadPool.globalInstance().waitForDone(WAIT_MS)
    qtbot.wait(50)
    assert sorted(answers) == list(range(0, 200, 2))


class _Node:
    """One object in a reference cycle: only the cycle collector frees it."""


def _cycle_reporting_where_it_dies(died_on: list[int]) -> None:
    node = _Node()
    node.itself = node
    weakref.finalize(node, lambda: died_on.append(threading.get_ident()))


def _allocate_a_lot() -> list[list[int]]:
    return [[i] for i in range(200_000)]  # kept: far past the collector's first threshold


def test_cycles_die_on_the_gui_thread_even_when_a_pool_thread_allocates(qtbot):
    collector = collect_on_gui_thread()  # as MainWindow does; this package's fixture made it already
    assert collector is collect_on_gui_thread() and not gc.isenabled()
    gui = threading.get_ident()
    died_on: list[int] = []
    _cycle_reporting_where_it_dies(died_on)
    allocated = []
    owner = QObject()
    run_in_background(owner, _allocate_a_lot, allocated.append)
    qtbot.waitUntil(lambda: bool(allocated and died_on), timeout=WAIT_MS)
    assert died_on == [gui]

    # Negative control: with Python's automatic collection on, the thread that allocates frees the cycle.
    gc.collect()
    gc.enable()
    try:
        _cycle_reporting_where_it_dies(died_on)
        worker = threading.Thread(target=_allocate_a_lot)
        worker.start()
        worker.join()
    finally:
        gc.disable()
    assert died_on[1:] == [worker.ident]
