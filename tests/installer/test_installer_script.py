"""installer.iss is sound: fixed AppId, per-user install, both languages, the Run key of `so8t autostart`,
the bootstrap's steps, and an uninstaller that removes the user's data only when asked."""

from __future__ import annotations

import re
import subprocess
import types
from pathlib import PureWindowsPath

from so8t import autostart
from so8t.store.runs import APP_NAME
from tests.installer.iss import Script

#: Never to change: an upgrade or repair finds the installed copy by it.
APP_ID = "{{8E0F6C2A-3B5D-4C71-9A7E-5D2B1F4C8A63}"
#: An install folder with a space and a non-ASCII user name, as Windows gives it.
APP = r"C:\Users\山田 太郎\AppData\Local\Programs\SO8T Control Panel"


def test_app_id_is_fixed_and_the_install_is_per_user_without_admin():
    iss = Script()
    assert iss.setup("AppId") == APP_ID
    assert iss.setup("PrivilegesRequired") == "lowest"
    assert iss.setup("PrivilegesRequiredOverridesAllowed") is None  # no "install for all users" dialog
    assert iss.setup("DefaultDirName") == r"{localappdata}\Programs\SO8T Control Panel"
    # Nothing that a per-user install cannot write: no Program Files, no HKLM.
    assert not re.search(r"\{(commonpf|pf|pf64|commonappdata|win|sys)\}", iss.text)
    assert {e["Root"] for e in iss.entries("Registry")} == {"HKCU"}
    assert "HKEY_LOCAL_MACHINE" not in iss.code()


def test_english_and_japanese_and_every_message_in_both():
    iss = Script()
    assert {e["Name"]: e["MessagesFile"] for e in iss.entries("Languages")} == {
        "en": "compiler:Default.isl", "ja": r"compiler:Languages\Japanese.isl"}
    keys = [line.split("=", 1)[0] for line in iss.sections["CustomMessages"]]
    english = {k[3:] for k in keys if k.startswith("en.")}
    japanese = {k[3:] for k in keys if k.startswith("ja.")}
    assert english and english == japanese and len(keys) == 2 * len(english)
    # Every message the [Code] asks for exists.
    used = set(re.findall(r"CustomMessage\('(\w+)'\)", iss.code())) | set(re.findall(r"\{cm:(\w+)", iss.text))
    used |= {"Step" + s for s in re.findall(r"Result := '(\w+)'", iss.procedure("StepName"))}
    builtin = {"CreateDesktopIcon", "AdditionalIcons"}
    assert used - builtin - {"Step"} <= english, used - builtin - english


def test_the_autostart_task_writes_what_so8t_autostart_writes(monkeypatch):
    iss = Script()
    (entry,) = [e for e in iss.entries("Registry") if e.get("Tasks") == "autostart"]
    assert entry["Subkey"] == autostart.RUN_KEY and entry["ValueName"] == autostart.VALUE_NAME
    assert entry["ValueType"] == "string" and "uninsdeletevalue" in entry["Flags"]

    class WindowsPath(PureWindowsPath):
        def exists(self):
            return True  # pythonw.exe is in the environment's Scripts folder

    # `so8t autostart on` run from the installed environment, the platform branch simulated.
    monkeypatch.setattr(autostart, "Path", WindowsPath)
    monkeypatch.setattr(autostart, "sys", types.SimpleNamespace(platform="win32",
                                                               executable=APP + r"\env\Scripts\python.exe"))
    command = subprocess.list2cmdline(autostart.logon_command())
    assert entry["ValueData"].replace("{app}", APP) == command
    assert command.startswith(f'"{APP}\\env\\Scripts\\pythonw.exe" ')  # the spaces are quoted


def test_the_wizard_runs_the_bootstraps_steps_in_order(bootstrap):
    iss = Script()
    assert iss.defines["PythonVersion"] == bootstrap.PYTHON_VERSION
    steps = tuple(re.findall(r"Result := '(\w+)'", iss.procedure("StepName")))
    assert steps == bootstrap.STEPS
    assert re.search(rf"StepCount = {len(steps)};", iss.code())
    run = iss.procedure("RunBootstrap")
    # Python goes into the program folder; every path is quoted (spaces, non-ASCII user names).
    assert "SetEnvironmentVariable('UV_PYTHON_INSTALL_DIR', ExpandConstant('{app}\\python'))" in run
    assert "AddQuotes(ExpandConstant('{app}\\bootstrap.py'))" in run and "AddQuotes(ExpandConstant('{app}'))" in run
    # A failed step stops the rest and shows the failure page instead of the summary.
    assert run.count("StepFailed(") == 2 and run.count("exit;") == 2
    assert "BootstrapFailed" in iss.procedure("CurPageChanged")
    assert iss.procedure("StepFailed").count("BootstrapFailed := True") == 1
    # The shortcut and the launch start the environment's windowed entry point.
    for e in [*iss.entries("Icons"), *iss.entries("Run")]:
        assert e["Filename"] == r"{app}\env\Scripts\so8t-panel.exe"


def test_the_finished_page_says_whether_the_fused_kernels_are_on_and_why_not():
    iss = Script()
    summary = iss.procedure("InstallSummary")
    assert "GetIniString('install', 'kernels', '', Ini)" in summary
    # The bootstrap's values (packaging/bootstrap.py, step_kernels) and the message each one shows.
    shown = dict(re.findall(r"Kernels = '(\w+)' then\s+Result := Result \+ #13#10 \+ .*?'(Kernels\w+)'", summary))
    assert shown == {"installed": "KernelsOn", "failed": "KernelsFailed", "cpu": "KernelsCpu"}
    assert "FmtMessage(CustomMessage('KernelsFailed'), [LogFile])" in summary  # the log that says why
    messages = dict(line.split("=", 1) for line in iss.sections["CustomMessages"])
    assert "could not be installed" in messages["en.KernelsFailed"] and "%1" in messages["en.KernelsFailed"]
    assert "plain PyTorch path" in messages["en.KernelsFailed"] and "off" in messages["en.KernelsCpu"]


def test_files_come_from_the_build_folder_and_land_where_the_bootstrap_looks(bootstrap):
    iss = Script()
    files = {PureWindowsPath(e["Source"]).name: e["DestDir"] for e in iss.entries("Files")}
    assert files == {"so8t_control_panel-*.whl": r"{app}\packages", "windows-lock.txt": r"{app}\packages",
                     "uv.exe": "{app}", "bootstrap.py": "{app}"}
    assert bootstrap.PACKAGES_DIR == "packages" and bootstrap.LOCK_NAME == "windows-lock.txt"


def test_uninstall_keeps_runs_and_settings_unless_the_user_says_yes():
    from gui.i18n import APPLICATION, ORGANIZATION

    iss = Script()
    # The data the program keeps lives outside {app}: platformdirs' user data folder and QSettings' key.
    assert iss.defines["UserDataDir"] == "{localappdata}\\" + APP_NAME
    assert iss.defines["SettingsKey"] == f"Software\\{ORGANIZATION}\\{APPLICATION}"
    removed = [e["Name"] for e in iss.entries("UninstallDelete")]
    assert all(name.startswith("{app}") for name in removed)
    assert {r"{app}\env", r"{app}\python", r"{app}\uv-cache"} <= set(removed)

    body = iss.procedure("CurUninstallStepChanged")
    # The answer: No unless the user says Yes (default button No); silent uninstalls keep everything.
    assignments = re.findall(r"RemoveUserData := (.*?);", body, re.S)
    assert assignments[0] == "False" and len(assignments) == 2
    assert re.fullmatch(r"MsgBox\(.*RemoveDataPrompt.*MB_YESNO or MB_DEFBUTTON2\) = IDYES", " ".join(
        assignments[1].split()))
    assert re.search(r"if not UninstallSilent then\s+RemoveUserData := MsgBox", body)
    # Every removal of the user's data sits in the block guarded by that answer.
    guarded = re.search(r"if \(CurUninstallStep = usPostUninstall\) and RemoveUserData then\s+begin(.*?)end;",
                        body, re.S)
    assert guarded
    for call in ("DelTree(", "RegDeleteKeyIncludingSubkeys("):
        assert body.count(call) == 1 and call in guarded[1]
    assert "DelTree" not in iss.code().replace(body, "")


def test_so8t_autostart_sees_and_removes_the_entry_the_installer_wrote():
    from tests.so8t.test_autostart import FakeWinreg

    (entry,) = [e for e in Script().entries("Registry") if e.get("Tasks") == "autostart"]
    reg = FakeWinreg()
    key = reg.CreateKeyEx(reg.HKEY_CURRENT_USER, entry["Subkey"], 0, reg.KEY_SET_VALUE)
    reg.SetValueEx(key, entry["ValueName"], 0, reg.REG_SZ, entry["ValueData"].replace("{app}", APP))
    switch = autostart.WindowsRunKey(reg)
    assert switch.is_enabled() and switch.command().endswith(" -m so8t resume --interrupted")
    switch.disable()  # `so8t autostart off` turns the installer's choice off
    assert not switch.is_enabled()
