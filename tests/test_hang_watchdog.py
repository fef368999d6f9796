"""The suite's hang watchdog (tests/conftest.py): a test stuck in C code, out of pytest-timeout's reach,
ends the test process with every thread's stack printed instead of holding CI until its limit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

STUCK = '''
import ctypes

import pytest


@pytest.mark.timeout(1)
def test_stuck_in_c():
    libc = ctypes.PyDLL(None)  # the call keeps the GIL: pytest-timeout's alarm handler never runs
    mutex = ctypes.create_string_buffer(64)
    libc.pthread_mutex_lock(mutex)
    libc.pthread_mutex_lock(mutex)  # {stuck}
'''


def _run(tmp_path: Path, stuck: bool) -> subprocess.CompletedProcess:
    test = tmp_path / "test_stuck.py"
    body = STUCK.format(stuck="locked twice: never returns")
    if not stuck:
        body = body.replace("    libc.pthread_mutex_lock(mutex)  # locked twice", "    libc.pthread_mutex_unlock(mutex)  #")
    test.write_text(body, encoding="utf-8")
    env = {**os.environ, "SO8T_TEST_HANG_GRACE_S": "2"}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
                           "--rootdir", str(tmp_path), "-c", os.devnull, str(test)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.slow
def test_a_test_stuck_in_c_ends_the_process_with_its_stack(tmp_path):
    done = _run(tmp_path, stuck=True)
    assert done.returncode == 1
    assert "Timeout (0:00:03)!" in done.stderr and "test_stuck.py\", line 12 in test_stuck_in_c" in done.stderr


@pytest.mark.slow
def test_a_test_that_ends_is_not_touched(tmp_path):
    done = _run(tmp_path, stuck=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Timeout" not in done.stderr
