"""The bootstrap's decisions, with the commands it would run recorded instead of run (Windows simulated)."""

from __future__ import annotations

import configparser

import pytest

#: An install folder with a space and a non-ASCII user name.
APP_NAME = "SO8T Control Panel テスト"


class Recorder:
    """Stands in for running a command: records argv, answers with the exit code `fail` gives."""

    def __init__(self, fail=lambda argv: False):
        self.calls: list[list[str]] = []
        self.fail = fail

    def __call__(self, argv, env=None):
        argv = [str(a) for a in argv]
        self.calls.append(argv)
        return 1 if self.fail(argv) else 0


def make(bootstrap, tmp_path, *, driver=None, fail=lambda argv: False, build_tools=False, **kw):
    app = tmp_path / APP_NAME
    (app / "packages").mkdir(parents=True)
    (app / "packages" / "so8t_control_panel-0.1.0-py3-none-any.whl").write_bytes(b"")
    (app / "packages" / "windows-lock.txt").write_text("", encoding="utf-8")
    rec = Recorder(fail)
    boot = bootstrap.Bootstrap(app, uv="uv", runner=rec, driver=lambda: driver,
                               build_tools=lambda: build_tools, **kw)
    return boot, rec


def summary(boot) -> dict[str, str]:
    ini = configparser.ConfigParser()
    ini.read(boot.summary_path, encoding="utf-8")
    return dict(ini["install"])


def index_of(argv):
    return argv[argv.index("--index-url") + 1]


@pytest.mark.parametrize(("smi", "driver"), [
    ("572.16\n", (572, 16)), ("560.94\n", (560, 94)), ("  581.57 \n581.57\n", (581, 57)), ("", None),
    ("NVIDIA-SMI has failed", None)])
def test_the_driver_version_is_read_from_nvidia_smi(bootstrap, smi, driver):
    assert bootstrap.parse_driver_version(smi) == driver


@pytest.mark.parametrize(("driver", "torch", "llama"), [
    ((581, 57), ["cu128", "cu126", "cpu"], ["cu124", "cpu"]),
    ((566, 3), ["cu126", "cpu"], ["cu124", "cpu"]),
    ((552, 22), ["cpu"], ["cu124", "cpu"]),
    ((537, 58), ["cpu"], ["cpu"]),
    (None, ["cpu"], ["cpu"]),  # no NVIDIA GPU
])
def test_the_cuda_build_follows_the_driver(bootstrap, driver, torch, llama):
    assert bootstrap.torch_builds(driver) == torch
    assert bootstrap.llama_builds(driver) == llama


def test_a_full_run_installs_in_order_from_the_named_indexes_without_resolving(bootstrap, tmp_path):
    boot, rec = make(bootstrap, tmp_path, driver=(581, 57), platform="win32", python="C:/py/python.exe")
    assert boot.run(bootstrap.STEPS) == 0
    venv, lock, torch, kernels, llama, project, check, selfcheck = rec.calls
    assert venv[:4] == ["uv", "venv", "--python", "C:/py/python.exe"] and venv[-1] == str(boot.env)
    env_python = str(boot.app / "env" / "Scripts" / "python.exe")
    for argv in (lock, torch, kernels, llama, project):
        assert argv[:5] == ["uv", "pip", "install", "--python", env_python]
        assert "--no-deps" in argv  # the lock is complete; nothing is resolved on the user's machine
    assert lock[lock.index("-r") + 1] == str(boot.lock()) and index_of(lock) == "https://pypi.org/simple"
    assert "--excludes" in lock  # the kernels wait for their own step
    assert torch[-1] == f"torch=={bootstrap.TORCH_VERSION}"
    assert index_of(torch) == "https://download.pytorch.org/whl/cu128"
    assert kernels[kernels.index("-c") + 1] == str(boot.lock()) and index_of(kernels) == "https://pypi.org/simple"
    assert llama[-1] == f"llama-cpp-python=={bootstrap.LLAMA_CPP_VERSION}" and "--only-binary" in llama
    assert index_of(llama) == "https://abetlen.github.io/llama-cpp-python/whl/cu124"
    assert project[-1].endswith("so8t_control_panel-0.1.0-py3-none-any.whl")
    assert check[:3] == ["uv", "pip", "check"]
    assert selfcheck == [str(boot.app / "env" / "Scripts" / "so8t.exe"), "selfcheck"]
    assert summary(boot) == {"torch": "cu128", "kernels": "installed", "llama": "prebuilt-cuda", "check": "passed",
                             "failed": "", "reason": ""}
    # Each path is one argument, spaces and non-ASCII included: nothing goes through a shell.
    assert str(boot.lock()) in lock and APP_NAME in str(boot.lock())


def kernel_installs(calls):
    return [a for a in calls if any(x.startswith(("triton-windows", "liger-kernel")) for x in a)]


def test_with_the_cuda_build_the_kernels_step_installs_the_pinned_triton_windows_and_liger_kernel(bootstrap, tmp_path):
    boot, rec = make(bootstrap, tmp_path, driver=(566, 3), platform="win32")
    boot.step_torch()
    boot.step_kernels()
    (argv,) = kernel_installs(rec.calls)
    assert argv[-2:] == ["triton-windows==3.7.1.post27", "liger-kernel==0.8.5"]
    assert argv[-2:] == [f"{n}=={v}" for n, v in bootstrap.KERNEL_PINS.items()]
    # From PyPI, each wheel checked against the lock's hashes, without liger-kernel's `triton` requirement.
    assert index_of(argv) == "https://pypi.org/simple" and "--no-deps" in argv
    assert argv[argv.index("-c") + 1] == str(boot.lock())
    assert summary(boot) == {"torch": "cu126", "kernels": "installed"}


def test_the_packages_step_leaves_the_kernels_to_their_step(bootstrap, tmp_path):
    excluded = []

    def runner(argv, env=None):
        argv = [str(a) for a in argv]
        excluded.append(open(argv[argv.index("--excludes") + 1], encoding="utf-8").read().split())
        return 0

    boot, _ = make(bootstrap, tmp_path, platform="win32")
    boot._run = runner
    boot.step_packages()
    assert excluded == [["triton-windows", "liger-kernel"]]


@pytest.mark.parametrize(("driver", "fail", "kw"), [
    (None, lambda a: False, {}),  # no NVIDIA GPU
    ((581, 57), lambda a: "/cu12" in " ".join(a), {}),  # both CUDA builds failed: the CPU fallback
    ((581, 57), lambda a: False, {"torch_build": "cpu"}),  # the CPU build asked for
])
def test_with_the_cpu_build_neither_kernel_package_is_installed(bootstrap, tmp_path, driver, fail, kw):
    boot, rec = make(bootstrap, tmp_path, driver=driver, fail=fail, platform="win32", **kw)
    assert boot.run(bootstrap.STEPS) == 0
    assert kernel_installs(rec.calls) == []
    assert summary(boot)["torch"] == "cpu" and summary(boot)["kernels"] == "cpu"
    assert "they need the CUDA build of torch" in boot.log_path.read_text(encoding="utf-8")


def test_a_failed_kernels_install_leaves_the_setup_successful_and_says_so(bootstrap, tmp_path):
    boot, rec = make(bootstrap, tmp_path, driver=(581, 57), platform="win32",
                     fail=lambda a: "liger-kernel==0.8.5" in a)
    assert boot.run(bootstrap.STEPS) == 0
    assert len(kernel_installs(rec.calls)) == 1
    assert summary(boot) == {"torch": "cu128", "kernels": "failed", "llama": "prebuilt-cuda", "check": "passed",
                             "failed": "", "reason": ""}
    log = boot.log_path.read_text(encoding="utf-8")
    assert "could not be installed" in log and "training takes the plain PyTorch path" in log
    # Every step after it ran.
    assert rec.calls[-1] == [str(boot.app / "env" / "Scripts" / "so8t.exe"), "selfcheck"]


def test_torch_falls_back_from_cuda_build_to_cuda_build_to_cpu(bootstrap, tmp_path):
    boot, rec = make(bootstrap, tmp_path, driver=(581, 57), fail=lambda a: not index_of(a).endswith("/cpu"))
    boot.step_torch()
    assert [index_of(a).rsplit("/", 1)[1] for a in rec.calls] == ["cu128", "cu126", "cpu"]
    assert summary(boot)["torch"] == "cpu"


def test_llama_cpp_prebuilt_then_source_build_only_with_build_tools_else_reported_missing(bootstrap, tmp_path):
    no_prebuilt = lambda a: "--only-binary" in a  # noqa: E731
    boot, rec = make(bootstrap, tmp_path / "tools", driver=(581, 57), fail=no_prebuilt, build_tools=True)
    boot.step_llama()
    assert [index_of(a).rsplit("/", 1)[1] for a in rec.calls[:2]] == ["cu124", "cpu"]
    assert "--no-binary" in rec.calls[2] and summary(boot)["llama"] == "source"

    boot, rec = make(bootstrap, tmp_path / "none", driver=None, fail=no_prebuilt, build_tools=False)
    boot.step_llama()  # not fatal: training, bake and export work without it
    assert len(rec.calls) == 1 and summary(boot)["llama"] == "missing"
    assert "install Visual Studio Build Tools" in boot.log_path.read_text(encoding="utf-8")


def test_a_failed_step_stops_the_run_and_names_itself(bootstrap, tmp_path):
    boot, rec = make(bootstrap, tmp_path, fail=lambda a: "-r" in a)
    assert boot.run(bootstrap.STEPS) == 1
    assert len(rec.calls) == 2  # venv, then the lock: nothing after the failure
    assert summary(boot)["failed"] == "packages"
    assert "check the network" in summary(boot)["reason"]
    assert "FAILED" in boot.log_path.read_text(encoding="utf-8")


def test_a_rerun_repairs_in_place(bootstrap, tmp_path):
    boot, rec = make(bootstrap, tmp_path, platform="linux")
    boot.env_python().parent.mkdir(parents=True)
    boot.env_python().write_text("")
    assert boot.run(bootstrap.STEPS) == 0
    assert not [a for a in rec.calls if a[1] == "venv"]  # the environment is kept, packages reinstalled over it
    assert any("--reinstall-package" in a and "so8t-control-panel" in a for a in rec.calls)


def test_offline_from_a_wheel_folder_uses_nothing_else(bootstrap, tmp_path):
    boot, rec = make(bootstrap, tmp_path, driver=(581, 57), wheels=tmp_path / "wheels", platform="linux")
    assert boot.run(bootstrap.STEPS) == 0
    for argv in rec.calls:
        if argv[1:3] == ["pip", "install"]:
            assert "--index-url" not in argv and {"--offline", "--no-index", "--find-links"} <= set(argv)
    assert summary(boot)["torch"] == "local"


class _Key:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class FakeWinreg:
    """HKLM's LongPathsEnabled: 1, 0, or missing (None)."""

    HKEY_LOCAL_MACHINE = "HKLM"

    def __init__(self, enabled):
        self.enabled = enabled

    def OpenKey(self, root, path):
        assert (root, path) == ("HKLM", r"SYSTEM\CurrentControlSet\Control\FileSystem")
        if self.enabled is None:
            raise FileNotFoundError(path)
        return _Key()

    def QueryValueEx(self, key, name):
        assert name == "LongPathsEnabled"
        return self.enabled, 4


@pytest.mark.parametrize("enabled", [0, None])
def test_a_long_install_folder_is_refused_on_windows_unless_long_paths_are_on(bootstrap, enabled):
    deep = "C:\\Users\\山田 太郎\\" + "\\".join(["a very long folder name"] * 5)
    short = "C:\\Users\\山田 太郎\\AppData\\Local\\Programs\\SO8T Control Panel"
    assert len(deep) > bootstrap.MAX_APP_DIR_CHARS > len(short)
    with pytest.raises(bootstrap.BootstrapError, match="260-character path limit"):
        bootstrap.check_app_dir(deep, platform="win32", winreg=FakeWinreg(enabled))
    bootstrap.check_app_dir(short, platform="win32", winreg=FakeWinreg(enabled))
    bootstrap.check_app_dir(deep, platform="win32", winreg=FakeWinreg(1))
    bootstrap.check_app_dir(deep, platform="linux", winreg=FakeWinreg(enabled))  # no such limit elsewhere


LLAMA_MISSING = "The package `so8t-control-panel` requires `llama-cpp-python>=0.3.2`, but it's not installed"
#: uv's words for liger-kernel's requirement, which triton-windows meets under another distribution name.
LIGER_TRITON = "The package `liger-kernel` requires `triton>=2.3.1`, but it's not installed"


@pytest.mark.parametrize(("problems", "summary_before", "passes"), [
    ([LLAMA_MISSING], {"llama": "missing"}, True),
    ([LLAMA_MISSING], {"llama": "prebuilt-cpu"}, False),
    ([LLAMA_MISSING, "The package `torch` requires `sympy>=1.13.3`, but `1.12` is installed"], {"llama": "missing"},
     False),
    ([], {"llama": "missing"}, False),  # a failure that names nothing is a failure
    ([LIGER_TRITON], {"llama": "prebuilt-cuda", "kernels": "installed"}, True),
    ([LIGER_TRITON, LLAMA_MISSING], {"llama": "missing", "kernels": "installed"}, True),
    ([LIGER_TRITON], {"llama": "prebuilt-cuda", "kernels": "failed"}, False),
    (["The package `liger-kernel` requires `torch>=2.1.2`, but it's not installed"],
     {"llama": "prebuilt-cuda", "kernels": "installed"}, False),
])
def test_the_check_tolerates_only_the_gaps_the_setup_left(bootstrap, tmp_path, problems, summary_before, passes):
    def pip_check(argv, env=None):
        if argv[1:3] != ["pip", "check"]:
            return 0
        with open(boot.log_path, "a", encoding="utf-8") as f:
            f.write("Checked 58 packages in 1ms\n" + "".join(line + "\n" for line in problems))
        return 1

    boot, _ = make(bootstrap, tmp_path)
    boot._run = pip_check
    boot.write_summary(**summary_before)
    if passes:
        boot.step_check()
        assert summary(boot)["check"] == "passed"
    else:
        with pytest.raises(bootstrap.BootstrapError, match="do not fit together"):
            boot.step_check()
