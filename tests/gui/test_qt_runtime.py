"""The installed Qt binding keeps Python's reference counts intact while signals stream.

PySide6 6.12.0 on Python < 3.12 took a reference from True/False on every emit and aborted a
streaming window within a minute; pyproject.toml excludes it, and this test catches it if it is back.
"""

import sys

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal(int)


def test_emitting_signals_does_not_steal_references():
    probe = _Probe()
    received = []
    probe.ping.connect(received.append)
    before = sys.getrefcount(True) + sys.getrefcount(False)
    for i in range(200):
        probe.ping.emit(i)
    after = sys.getrefcount(True) + sys.getrefcount(False)
    assert received == list(range(200))
    assert after >= before, f"{before - after} references to True/False lost over 200 emits"
