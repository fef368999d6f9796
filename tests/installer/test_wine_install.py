"""The built setup run under Wine: it installs per user, writes the Run-key entry of `so8t autostart`, and
its uninstaller keeps the user's runs and settings unless the user answers Yes.

Wine is not Windows: uv.exe does not start under it, so the bootstrap's first step fails here, which
shows the failure path (the step named in Setup's log). Slow (about 1.5 min): marked `installer`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from so8t import autostart

pytestmark = [pytest.mark.slow, pytest.mark.installer, pytest.mark.timeout(1800)]

#: How long one Wine start may take on a loaded two-core machine.
WINE_TIMEOUT_S = 300


@pytest.fixture
def wine(tmp_path):
    """A fresh Wine prefix on its own virtual display; yields a function that runs a program in it."""
    for tool in ("wine", "Xvfb", "xdotool"):
        assert shutil.which(tool), f"{tool} missing (Debian: wine, xvfb, xdotool)"
    # Xvfb picks a free display number and writes it to the pipe.
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1024x768x24"],
                            pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        display = ":" + pipe.readline().strip()
    assert display != ":", "Xvfb did not start"
    env = dict(os.environ, DISPLAY=display, WINEPREFIX=str(tmp_path / "prefix"), WINEDEBUG="-all",
               WINEDLLOVERRIDES="mscoree,mshtml=")

    def run(*args, wait=True):
        if not wait:
            return subprocess.Popen(["wine", *map(str, args)], env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
        return subprocess.run(["wine", *map(str, args)], env=env, capture_output=True, timeout=WINE_TIMEOUT_S)

    run.env = env
    run.drive_c = tmp_path / "prefix" / "drive_c"
    run.local = run.drive_c / "users" / os.environ.get("USER", "root") / "AppData" / "Local"
    # The uninstaller restarts itself from a temporary copy and returns at once: wait for the prefix to idle.
    run.wait = lambda: subprocess.run(["wineserver", "-w"], env=env, timeout=WINE_TIMEOUT_S)
    yield run
    subprocess.run(["wineserver", "-k"], env=env)
    xvfb.terminate()
    xvfb.wait()


def registry(wine, key: str) -> str:
    return wine("reg", "query", key).stdout.decode("utf-8", "replace").replace("\r", "")


def answer_yes_until_removed(wine, data: Path, timeout_s: float = 180) -> None:
    """Press Y on each prompt of the uninstaller (its confirmation, then ours), then OK on its last message."""
    deadline = time.monotonic() + timeout_s
    while data.exists() and time.monotonic() < deadline:
        time.sleep(3)
        subprocess.run(["xdotool", "key", "y"], env=wine.env)
    assert not data.exists(), "the uninstaller did not remove the user's data after Yes"
    for _ in range(3):
        time.sleep(2)
        subprocess.run(["xdotool", "key", "Return"], env=wine.env)
    wine.wait()


def test_install_per_user_then_uninstall_keeps_or_removes_the_users_data(setup_exe, wine):
    app = wine.local / "Programs" / "SO8T Control Panel"
    data = wine.local / "SO8T Control Panel" / "workspace" / "runs" / "r-1"
    setup_log = wine.drive_c / "users" / "setup.log"
    install = [setup_exe, "/VERYSILENT", "/SUPPRESSMSGBOXES", "/TASKS=autostart", "/LANG=en", r"/LOG=C:\users\setup.log"]

    assert wine(*install).returncode == 0
    assert sorted(p.name for p in app.iterdir()) == ["bootstrap.py", "packages", "unins000.dat", "unins000.exe",
                                                    "uv.exe"]
    run_key = registry(wine, "HKCU\\" + autostart.RUN_KEY)
    assert f'{autostart.VALUE_NAME}    REG_SZ    "C:\\users\\' in run_key
    assert '\\AppData\\Local\\Programs\\SO8T Control Panel\\env\\Scripts\\pythonw.exe" -m so8t resume --interrupted' in run_key
    log = setup_log.read_bytes().decode("utf-8", "replace")
    assert "bootstrap: uv.exe python install 3.12" in log and 'could not finish the step "python"' in log

    # Silent uninstall: the program goes, the user's runs stay, the Run-key entry goes with the program.
    data.mkdir(parents=True)
    (data / "run.json").write_text("{}")
    assert wine(app / "unins000.exe", "/VERYSILENT", "/SUPPRESSMSGBOXES").returncode == 0
    wine.wait()
    assert not (app / "uv.exe").exists() and (data / "run.json").exists()
    assert autostart.VALUE_NAME not in registry(wine, "HKCU\\" + autostart.RUN_KEY)

    # Interactive uninstall, answering Yes to "Also remove your runs …": they go, with the settings.
    assert wine(*install).returncode == 0
    wine("reg", "add", r"HKCU\Software\SO8T\SO8T Control Panel", "/v", "language", "/d", "ja", "/f")
    wine(app / "unins000.exe", wait=False)
    answer_yes_until_removed(wine, wine.local / "SO8T Control Panel")
    assert not (wine.local / "SO8T Control Panel").exists()
    assert "language" not in registry(wine, r"HKCU\Software\SO8T\SO8T Control Panel")
