"""For the packages whose tests make Qt objects (tests/gui, tests/workers): cycles are collected on the GUI
thread while their tests run, as in the window's process (workers.background), and automatic collection is
back on for the engine's tests after them."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="package", autouse=True)
def gui_thread_collection(qapp):
    from workers.background import collect_on_gui_thread

    collector = collect_on_gui_thread()
    yield collector
    collector.stop()
