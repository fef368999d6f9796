"""Acceptance: `packaging/build-installer` builds the setup .exe here; innoextract reads what it carries.

Slow (about 2.5 min with the tools present, plus Debian's wine and npm's innosetup on a fresh
machine): marked `installer`, run by .ci/run after the main suite.
"""

from __future__ import annotations

import glob
import subprocess
import zipfile
from pathlib import PureWindowsPath

import pytest

from tests.installer.iss import ROOT, Script

pytestmark = [pytest.mark.slow, pytest.mark.installer, pytest.mark.timeout(3600)]


def innoextract(*args) -> str:
    proc = subprocess.run(["innoextract", *map(str, args)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_setup_carries_the_wheel_the_lock_uv_and_the_bootstrap(setup_exe, build_installer):
    listing = innoextract("--list", setup_exe)
    version = build_installer.project()["version"]
    for name in (f"app/packages/so8t_control_panel-{version}-py3-none-any.whl", "app/packages/windows-lock.txt",
                 "app/uv.exe", "app/bootstrap.py"):
        assert f'"{name}"' in listing, listing


def test_the_setup_speaks_english_and_japanese(setup_exe):
    languages = innoextract("--list-languages", setup_exe)
    assert " - en: English" in languages and " - ja: 日本語" in languages, languages


def test_every_files_source_exists_after_the_build_and_is_what_was_carried(setup_exe, build_installer, tmp_path):
    for entry in Script().entries("Files"):
        source = ROOT / PureWindowsPath(entry["Source"]).as_posix()
        assert glob.glob(str(source)), f"{entry['Source']} missing after the build"
    innoextract("--extract", "--silent", "--output-dir", tmp_path, setup_exe)
    app = tmp_path / "app"
    assert (app / "bootstrap.py").read_bytes() == (ROOT / "packaging" / "bootstrap.py").read_bytes()
    assert (app / "packages" / "windows-lock.txt").read_bytes() == build_installer.LOCK.read_bytes()
    assert (app / "uv.exe").read_bytes()[:2] == b"MZ"  # a Windows executable
    (wheel,) = (app / "packages").glob("so8t_control_panel-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
    assert "so8t/cli.py" in names and "gui/app.py" in names and "workers/stage_process.py" in names
