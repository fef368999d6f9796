"""Work around PySide6 refcount bugs that crash long-running windows on Python < 3.12.

PySide6 6.12.0's `SignalInstance.emit` returns `True` (or `False`) without taking a new reference,
so every emit takes one reference from the interpreter's `True`; and a Python override of a
virtual method that returns None (pyqtgraph's paint() on every redraw) loses one reference to
None. After a few hundred signals or redraws a count reaches zero and CPython aborts
("bool_dealloc: deallocating True or False", "none_dealloc: deallocating None"). A run streams
tens of thousands of metric signals and redraws ten times a second: the window died within a
minute of a run starting.

Python 3.12+ makes these singletons immortal and is unaffected. On older versions
`protect_bools()` detects the fault with one probe signal and, only if present, raises the
singletons' reference counts by 2**40, in effect what 3.12 does by design.
"""

from __future__ import annotations

import ctypes
import sys

#: Headroom added to the reference counts of True and False: 2**40 ≈ 1.1e12 emits. A busy window
#: emits under 1e4 signals a second, so this lasts more than three years of nonstop streaming.
REFCOUNT_HEADROOM = 1 << 40

#: The singletons that PySide6 6.12.0 releases without owning: True/False from `emit`, None from
#: Python overrides of virtual methods returning nothing (pyqtgraph's paint() on every redraw).
PROTECTED = (True, False, None)

_applied = False


def emit_steals_bool_reference() -> bool:
    """Whether emitting a signal here takes a reference from True/False (the PySide6 6.12.0 fault)."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True) + sys.getrefcount(False)
    for _ in range(4):
        probe.ping.emit()
    after = sys.getrefcount(True) + sys.getrefcount(False)
    return after < before


def protect_bools() -> bool:
    """Apply the workaround once per process if it is needed; returns whether it was applied."""
    global _applied
    if _applied:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not emit_steals_bool_reference():
        return False
    for obj in PROTECTED:
        # ob_refcnt is the first field of every CPython object, at the object's address.
        ctypes.c_ssize_t.from_address(id(obj)).value += REFCOUNT_HEADROOM
    _applied = True
    return True
