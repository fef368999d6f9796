"""Optional start at logon (Windows: the per-user Run key) to resume interrupted runs; off by default."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

#: The per-user key Windows reads at logon; needs no administrator rights.
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
#: The value's name under the Run key (what Task Manager's "Startup apps" shows).
VALUE_NAME = "SO8T Control Panel"


def logon_command(workspace: str | None = None) -> list[str]:
    """What runs at logon: resume every interrupted run of the workspace, without a console window."""
    python = Path(sys.executable)
    # pythonw.exe runs without opening a console window at logon.
    windowless = python.with_name("pythonw.exe")
    exe = str(windowless if sys.platform == "win32" and windowless.exists() else python)
    command = [exe, "-m", "so8t", "resume", "--interrupted"]
    if workspace:
        command += ["--workspace", str(workspace)]
    return command


class Autostart:
    """Start at logon: `enable(command)`, `disable()`, `is_enabled()`. This base does nothing (not Windows)."""

    supported = False

    def is_enabled(self) -> bool:
        return False

    def command(self) -> str | None:
        """The command line registered now, or None."""
        return None

    def enable(self, command: list[str] | None = None) -> None:
        """Register `command` (default: `logon_command()`) to run at logon; nothing here."""

    def disable(self) -> None:
        """Remove the registration; nothing here."""


class WindowsRunKey(Autostart):
    """The per-user Run key (HKEY_CURRENT_USER): no admin rights, removed with `disable()`."""

    supported = True

    def __init__(self, winreg: Any = None) -> None:
        if winreg is None:  # pragma: no cover - Windows only
            import winreg as winreg_module

            winreg = winreg_module
        self._reg = winreg

    def command(self) -> str | None:
        reg = self._reg
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_READ) as key:
                value, _kind = reg.QueryValueEx(key, VALUE_NAME)
        except FileNotFoundError:
            return None
        return str(value)

    def is_enabled(self) -> bool:
        return self.command() is not None

    def enable(self, command: list[str] | None = None) -> None:
        reg = self._reg
        line = subprocess.list2cmdline(command or logon_command())
        with reg.CreateKeyEx(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
            reg.SetValueEx(key, VALUE_NAME, 0, reg.REG_SZ, line)

    def disable(self) -> None:
        reg = self._reg
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
                reg.DeleteValue(key, VALUE_NAME)
        except FileNotFoundError:
            pass  # already off


def autostart() -> Autostart:
    """The start-at-logon switch of this platform (a no-op outside Windows)."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return WindowsRunKey()
    return Autostart()
