"""The installer's scripts as modules (packaging/ is not a package: its files ship as they are)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load(name: str):
    """packaging/<name>.py, imported once per session."""
    module_name = f"so8t_packaging_{name}"
    if module_name not in sys.modules:
        spec = importlib.util.spec_from_file_location(module_name, ROOT / "packaging" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    return sys.modules[module_name]


@pytest.fixture(scope="session")
def bootstrap():
    return load("bootstrap")


@pytest.fixture(scope="session")
def build_installer():
    return load("build_installer")


@pytest.fixture(scope="session")
def setup_exe(build_installer):
    """dist/SO8T-Control-Panel-<version>-setup.exe, built once per session by `packaging/build-installer`."""
    proc = subprocess.run([str(ROOT / "packaging" / "build-installer")], cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ, PYTHON=os.environ.get("PYTHON", sys.executable)))
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    setup = ROOT / "dist" / f"SO8T-Control-Panel-{build_installer.project()['version']}-setup.exe"
    assert setup.exists(), proc.stdout[-2000:]
    return setup
