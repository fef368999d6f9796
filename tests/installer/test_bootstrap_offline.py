"""Acceptance: the bootstrap, run here with this machine's Python against a local wheel folder (offline),
creates the environment and installs the project; `so8t selfcheck` passes in it.

The wheel folder is filled by `pip wheel` (PyPI, pip's cache, the local torch wheel) once per
machine in the build cache (~/.cache/so8t-build-installer/test-wheels); the run itself is offline. About 4 min on a fresh machine
(1.3 min for the wheels, 2.5 min for the bootstrap, its self-check included): marked `installer`.
"""

from __future__ import annotations

import configparser
import os
import subprocess
import sys

import pytest

from tests.installer.iss import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.installer, pytest.mark.timeout(1800)]

def test_the_bootstrap_installs_the_project_offline_and_selfcheck_passes(build_installer, bootstrap, tmp_path):
    wheels = build_installer.CACHE / "test-wheels"
    # The app folder as the installer lays it out, with a space and non-ASCII characters in its path.
    app = tmp_path / "SO8T Control Panel テスト"
    (app / "packages").mkdir(parents=True)
    wheel = build_installer.build_wheel(app / "packages")
    # A project wheel of the same name left from an earlier fill makes `pip wheel` skip the new one and every
    # dependency added since (it then exits 0 without them): the folder keeps only third-party wheels.
    wheels.mkdir(parents=True, exist_ok=True)
    for old in wheels.glob("so8t_control_panel-*.whl"):
        old.unlink()
    fill = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--wheel-dir", wheels, wheel],
                          capture_output=True, text=True)
    assert fill.returncode == 0, fill.stderr[-4000:]
    # A lock for this machine from that folder, written by the same code as the Windows lock.
    build_installer.write_lock(app / "packages" / bootstrap.LOCK_NAME, python_platform=None, python_version=None,
                               find_links=wheels)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([sys.executable, str(ROOT / "packaging" / "bootstrap.py"), "--app", str(app),
                           "--uv", build_installer.ensure_uv(), "--wheels", str(wheels), "--python", sys.executable],
                          capture_output=True, text=True, env=env)
    log = (app / bootstrap.LOG_NAME).read_text(encoding="utf-8")
    assert proc.returncode == 0, log[-6000:]
    ini = configparser.ConfigParser()
    ini.read(app / bootstrap.SUMMARY_NAME, encoding="utf-8")
    # The fused kernels are Windows' (triton-windows), with the CUDA build of torch only.
    assert dict(ini["install"]) == {"torch": "local", "kernels": "skipped", "llama": "local", "check": "passed",
                                    "failed": "", "reason": ""}
    assert "self-check passed" in log
    # The environment is its own: the project comes from the installed wheel, not from this checkout.
    python = app / "env" / "bin" / "python"
    where = subprocess.run([python, "-c", "import so8t, torch, llama_cpp, PySide6; print(so8t.__file__)"],
                           capture_output=True, text=True, env=env, cwd=tmp_path, check=True).stdout.strip()
    assert where.startswith(str(app / "env")), where
    # Running it again repairs in place: the environment is kept and the checks pass again.
    again = subprocess.run([sys.executable, str(ROOT / "packaging" / "bootstrap.py"), "--app", str(app),
                            "--uv", build_installer.ensure_uv(), "--wheels", str(wheels), "--step", "venv",
                            "--step", "project"], capture_output=True, text=True, env=env)
    assert again.returncode == 0 and "exists: kept" in (app / bootstrap.LOG_NAME).read_text(encoding="utf-8")
