"""Shared test setup: offscreen Qt, quiet transformers, tiny models built once per session."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# One intra-op thread for torch in this process and in every child (set before anything imports torch): the
# suite runs one test at a time on tiny models, which gain nothing from more, and on a busy 2-core machine
# two threads thrash (test_bake.py: 83 s on two, 17 s on one, back to back). Set either to run otherwise.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import pytest  # noqa: E402

ARCHITECTURES = ("llama", "mistral", "qwen2", "phi3", "gemma")


@pytest.fixture(scope="module")
def one_torch_thread():
    """In-process training of a tiny model gains nothing from intra-op threads; on a busy 2-core machine
    they thrash (10× slower). Modules that train use it with `pytest.mark.usefixtures`."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="session")
def tiny_model_dirs(tmp_path_factory) -> dict[str, os.PathLike[str]]:
    """One tiny fp32 model folder per supported family, seed 0 (read-only: copy before changing)."""
    from so8t.model.tiny import build_tiny_model

    root = tmp_path_factory.mktemp("tiny_models")
    return {arch: build_tiny_model(arch, root / arch, seed=0) for arch in ARCHITECTURES}


@pytest.fixture(scope="session")
def demo_command(tmp_path_factory):
    """`so8t demo` (baked model, f16 and Q8_0 GGUF, triality head, calibration, A/B evaluation), run once in this
    process (~20 s): (workspace, run folder, what it printed). Read-only: copy before changing."""
    from pathlib import Path

    from tests.so8t.cli_checks import run_here

    workspace = Path(tmp_path_factory.mktemp("demo_workspace"))
    done = run_here(["demo", "--workspace", workspace])
    assert done.returncode == 0, done.stderr[-3000:]
    (run_dir,) = (workspace / "runs").iterdir()
    assert (run_dir / "calibration.json").is_file(), done.stdout[-3000:]
    return workspace, run_dir, done.stdout


@pytest.fixture(scope="session")
def demo_run(demo_command):
    """The demo's run folder (read-only: copy before changing)."""
    return demo_command[1]


#: Fixtures that train, bake or build GGUF files (seconds to minutes): a test that uses one is `slow`, so
#: `pytest -m "not slow"` (the fast lane) leaves it out. Keyed by "module::fixture".
SLOW_FIXTURES = {
    "tests.conftest::demo_command": "training, bake, two GGUF files, triality head, calibration and evaluation",
    "tests.conftest::demo_run": "training, bake, two GGUF files, triality head and calibration",
    "tests.so8t.conftest::reference_run": "a `so8t train` run",
    "tests.so8t.test_bad_input::pipeline_workspace": "a `so8t run` that trains",
    "tests.so8t.test_train::trained": "a training run",
    "tests.so8t.test_fuzz_cli::assets": "a training run and a GGUF export",
    "tests.so8t.test_cli_runs::finished_run": "a `so8t run` that pretrains and trains",
    "tests.gui.test_bake_status::runs": "two bakes, one in a `so8t` child",
    "tests.so8t.test_compare::lr_runs": "two `so8t run` trainings",
    "tests.gui.test_compare_view::lr_runs": "two `so8t run` trainings",
    "tests.gui.test_compare_view::evaluated_runs": "two `so8t evaluate` runs",
}


@pytest.fixture(autouse=True)
def default_line_cap():
    """The JSONL line cap is process state that each `so8t` command sets from `--max-line-mb`; a command run
    in this process with a larger cap must not carry it into the next test (the Data view's drop table lost
    its too_long_line row after one did, on the same xdist worker)."""
    yield
    from so8t.jsonl import DEFAULT_MAX_LINE_MB, set_max_line_mb

    set_max_line_mb(DEFAULT_MAX_LINE_MB)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark `slow` every test that uses one of SLOW_FIXTURES (before `-m` deselects)."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        for name, defs in (info.name2fixturedefs.items() if info else ()):
            if any(f"{d.func.__module__}::{name}" in SLOW_FIXTURES for d in defs):
                item.add_marker(pytest.mark.slow)
                break


def pytest_unconfigure(config):
    """llama-cpp-python opens two /dev/null handles at import and never closes them; close them here so
    the interpreter's exit does not print ResourceWarnings after the test summary."""
    import sys

    utils = sys.modules.get("llama_cpp._utils")
    for name in ("outnull_file", "errnull_file"):
        handle = getattr(utils, name, None)
        if handle is not None and not handle.closed:
            handle.close()


#: Seconds past a test's own timeout (pytest-timeout's) before the hang watchdog ends the process (the variable
#: is for the watchdog's own test).
HANG_GRACE_S = int(os.environ.get("SO8T_TEST_HANG_GRACE_S", "300"))
_hang_fd: list[int] = []


def pytest_configure(config):
    """Keep a copy of the real stderr for the hang watchdog (pytest's capture replaces fd 2 during a test)."""
    import sys

    _hang_fd.append(os.dup(sys.stderr.fileno()))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """The hang watchdog: a test stuck where pytest-timeout's alarm cannot reach it (C code waiting on a
    lock the Python side holds) would stop the suite silently until CI's own limit; past its timeout and
    HANG_GRACE_S more, every thread's stack is printed and the process exits with status 1."""
    import faulthandler

    marker = item.get_closest_marker("timeout")
    limit = float(marker.args[0]) if marker and marker.args else float(item.config.getini("timeout") or 600)
    faulthandler.dump_traceback_later(limit + HANG_GRACE_S, exit=True, file=_hang_fd[0])
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
