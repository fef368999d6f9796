"""Start at logon: off by default, a no-op outside Windows, the per-user Run key on Windows."""

from __future__ import annotations

import sys

from so8t.autostart import RUN_KEY, VALUE_NAME, Autostart, WindowsRunKey, autostart, logon_command


class FakeWinreg:
    """The calls WindowsRunKey makes, on a dict (the registry itself exists on Windows only)."""

    HKEY_CURRENT_USER, KEY_READ, KEY_SET_VALUE, REG_SZ = "HKCU", 1, 2, 1

    def __init__(self):
        self.values: dict[tuple[str, str], dict[str, str]] = {}

    class _Key:
        def __init__(self, store, path):
            self.store, self.path = store, path

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def OpenKey(self, root, path, reserved, access):
        if (root, path) not in self.values:
            raise FileNotFoundError(path)
        return self._Key(self.values[(root, path)], path)

    def CreateKeyEx(self, root, path, reserved, access):
        return self._Key(self.values.setdefault((root, path), {}), path)

    def QueryValueEx(self, key, name):
        if name not in key.store:
            raise FileNotFoundError(name)
        return key.store[name], self.REG_SZ

    def SetValueEx(self, key, name, reserved, kind, value):
        key.store[name] = value

    def DeleteValue(self, key, name):
        if name not in key.store:
            raise FileNotFoundError(name)
        del key.store[name]


def test_off_by_default_and_a_no_op_outside_windows():
    switch = autostart()
    if sys.platform != "win32":
        assert type(switch) is Autostart and not switch.supported
        switch.enable()
        assert not switch.is_enabled() and switch.command() is None
        switch.disable()


def test_the_run_key_is_written_and_removed():
    reg = FakeWinreg()
    switch = WindowsRunKey(reg)
    assert not switch.is_enabled()
    switch.disable()  # removing what is not there is fine
    switch.enable(["C:\\Program Files\\Python\\pythonw.exe", "-m", "so8t", "resume", "--interrupted"])
    assert switch.is_enabled()
    assert reg.values[("HKCU", RUN_KEY)][VALUE_NAME] == (
        '"C:\\Program Files\\Python\\pythonw.exe" -m so8t resume --interrupted')
    switch.disable()
    assert not switch.is_enabled()


def test_the_logon_command_resumes_interrupted_runs_of_the_workspace(tmp_path):
    command = logon_command(str(tmp_path))
    assert command[1:] == ["-m", "so8t", "resume", "--interrupted", "--workspace", str(tmp_path)]


def test_cli_status_off_windows_and_on_refused(capsys, monkeypatch):
    import json

    from so8t import autostart as autostart_module
    from so8t.cli import main

    monkeypatch.setattr(autostart_module, "autostart", Autostart)
    assert main(["autostart", "status", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result == {"supported": False, "enabled": False, "command": None}
    assert main(["autostart", "on"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "only available on Windows" in err[0]


def test_cli_on_and_off_write_and_remove_the_run_key(capsys, monkeypatch, tmp_path):
    import json

    from so8t import autostart as autostart_module
    from so8t.cli import main

    reg = FakeWinreg()
    monkeypatch.setattr(autostart_module, "autostart", lambda: WindowsRunKey(reg))
    assert main(["autostart", "on", "--workspace", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["enabled"] is True
    assert "resume --interrupted --workspace" in reg.values[("HKCU", RUN_KEY)][VALUE_NAME]
    assert main(["autostart", "off", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["enabled"] is False
    assert reg.values[("HKCU", RUN_KEY)] == {}
