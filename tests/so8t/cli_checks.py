"""What every refusal of the CLI must look like: exit 2, one stderr line naming the input, no traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from so8t.cli import main


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    """`so8t <argv>` in this process: (exit code, stdout, stderr)."""
    capsys.readouterr()
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse usage errors
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


def in_process(argv: list, capsys) -> subprocess.CompletedProcess:
    """`so8t <argv>` in this process, shaped as `run_real`'s answer: for checks of what the CLI says and
    writes, where the executable itself is not what is tested (a child pays seconds of imports per case)."""
    code, out, err = run_cli(argv, capsys)
    return subprocess.CompletedProcess(["so8t", *map(str, argv)], code, out, err)


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


def assert_one_line_error(code: int, err: str, *names: str) -> str:
    """Exit 2 and exactly one stderr line that names each of `names`; returns that line."""
    assert "Traceback" not in err, err
    lines = error_lines(err)
    assert code == 2, f"exit {code}: {err}"
    assert len(lines) == 1, err
    for name in names:
        assert str(name) in lines[0], f"{name!r} not named in: {lines[0]}"
    return lines[0]


def refuse(argv: list[str], capsys, *names: str) -> str:
    """Run the CLI in process and assert a one-line refusal naming `names`."""
    code, _, err = run_cli(argv, capsys)
    return assert_one_line_error(code, err, *names)


def so8t_executable() -> list[str]:
    """The installed `so8t` console script (falls back to `python -m so8t` where none is on PATH)."""
    exe = shutil.which("so8t")
    return [exe] if exe else [sys.executable, "-m", "so8t"]


def run_real(argv: list[str], *, cwd: str | os.PathLike[str] | None = None, prefix: list[str] | None = None,
             timeout: float = 300, env: dict[str, str] | None = None,
             executable: list[str] | None = None) -> subprocess.CompletedProcess:
    """The real `so8t` executable (with this checkout first on the path), as a user runs it; `executable`
    replaces it (tests.so8t.injected_errors runs the same `main(argv)` with OS errors injected)."""
    root = str(Path(__file__).resolve().parents[2])
    full_env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
                "PYTHONUNBUFFERED": "1", **(env or {})}
    return subprocess.run([*(prefix or []), *(executable or so8t_executable()), *[str(a) for a in argv]], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, env=full_env, check=False)


def run_here(argv: list, *, cwd: str | os.PathLike[str] | None = None,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`so8t <argv>` in this process, in folder `cwd` with `env` added, shaped as `run_real`'s answer: for
    fixtures and helpers without capsys, where the executable itself is not what is tested."""
    import contextlib
    import io

    import pytest

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        if cwd is not None:
            patch.chdir(cwd)
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return subprocess.CompletedProcess(["so8t", *map(str, argv)], code, out.getvalue(), err.getvalue())


def sigkill_when(proc: subprocess.Popen, ready, what: str, timeout_s: float) -> None:
    """SIGKILL `proc` (no handler, no cleanup: as a power cut would) once `ready()` holds; fails if it ends first."""
    import signal
    import time

    deadline = time.monotonic() + timeout_s
    try:
        while not ready():
            assert proc.poll() is None, f"so8t ended before the kill: {proc.stderr.read()[-3000:]}"
            assert time.monotonic() < deadline, f"so8t never reached {what}"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
