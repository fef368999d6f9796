"""Installer bootstrap: create the app's Python environment and install SO8T Control Panel into it.

The Windows installer (installer.iss) runs this script once per step with the Python 3.12 that
uv.exe installed into the app folder; each step is a separate run so the setup wizard can show
which one it is on and name the one that failed. The same script runs on Linux against a local
wheel folder (``--wheels DIR``, offline) so its logic is tested where Windows is not available.

A Python script rather than PowerShell: it is the code path tested here, it needs no execution
policy change, and script-blocking antivirus rules aimed at PowerShell do not apply to it.
Standard library only: it runs before any package is installed.
"""

from __future__ import annotations

import argparse
import configparser
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

PYTHON_VERSION = "3.12"

#: torch and llama-cpp-python are not in the lock: their GPU builds live on their projects' own
#: indexes. These pins are what the lock was resolved against (packaging/build_installer.py
#: passes them as constraints), so their dependencies are in the lock at compatible versions.
TORCH_VERSION = "2.13.0"
TORCH_INDEX = "https://download.pytorch.org/whl"
LLAMA_CPP_VERSION = "0.3.36"
LLAMA_CPP_INDEX = "https://abetlen.github.io/llama-cpp-python/whl"
PYPI_INDEX = "https://pypi.org/simple"

#: The fused training kernels (so8t/train/kernels.py: torch.compile's Triton kernels and Liger's fused
#: linear cross-entropy), installed from PyPI only with a CUDA build of torch. torch 2.13.0's own wheels
#: pin triton==3.7.1, and triton-windows, Triton built for Windows, pairs torch 2.13 with Triton 3.7
#: (its README's table): its 3.7.1 build. liger-kernel asks for torch>=2.1.2 and triton>=2.3.1 only;
#: 0.8.5 is its newest release, published after both. The Windows lock holds both with their hashes
#: (packaging/build_installer.py reads these pins); the packages step leaves them out.
TRITON_WINDOWS_VERSION = "3.7.1.post27"
LIGER_KERNEL_VERSION = "0.8.5"
KERNEL_PINS = {"triton-windows": TRITON_WINDOWS_VERSION, "liger-kernel": LIGER_KERNEL_VERSION}


@dataclass(frozen=True)
class CudaBuild:
    """A CUDA build on a project's index and the oldest Windows driver its toolkit supports."""

    tag: str  # the index folder: .../whl/<tag>
    cuda: str
    min_driver: tuple[int, int]


#: torch's CUDA builds, newest first. CUDA 12.8 is preferred: it covers every RTX card from the
#: 20-series to the 50-series with one build and needs an R570 driver (572.16+ on Windows), which
#: any driver installed for an RTX 3060 in the last year meets. 12.6 serves older R560 drivers.
TORCH_CUDA_BUILDS = (
    CudaBuild("cu128", "12.8", (572, 16)),
    CudaBuild("cu126", "12.6", (560, 76)),
)
#: llama-cpp-python publishes prebuilt CUDA wheels for CUDA 12.1-12.5; 12.4 needs driver 551.61+.
LLAMA_CUDA_BUILD = CudaBuild("cu124", "12.4", (551, 61))

#: What the Windows installer's steps are called, in order (installer.iss runs "python" itself
#: through uv before this script can run, then each of these).
STEPS = ("venv", "packages", "torch", "kernels", "llama", "project", "check")

LOG_NAME = "install.log"
SUMMARY_NAME = "install-summary.ini"  # read by installer.iss's finished page
ENV_NAME = "env"
PACKAGES_DIR = "packages"  # the carried wheel and lock
LOCK_NAME = "windows-lock.txt"

#: Windows paths longer than this fail unless long paths are enabled (MAX_PATH, 260, less the
#: deepest file the environment holds below its folder, about 150 characters in site-packages).
MAX_APP_DIR_CHARS = 260 - 150
LONG_PATHS_KEY = r"SYSTEM\CurrentControlSet\Control\FileSystem"

#: A step that has made no progress this long has hung (a stalled download is cut off by uv's
#: own timeout long before); the installer then shows the failure page instead of waiting forever.
STEP_TIMEOUT_S = 3 * 3600
#: uv gives up on a connection that sends nothing for this long (its default is 30 s).
UV_HTTP_TIMEOUT_S = "120"


class BootstrapError(Exception):
    """A step failed in a way the user can act on; the message says what and what to do."""


# -- what this machine has ----------------------------------------------------------------------


def parse_driver_version(text: str) -> tuple[int, int] | None:
    """The first `NNN.NN` driver version in nvidia-smi's output, or None."""
    m = re.search(r"(\d{3,4})\.(\d{1,3})", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def nvidia_driver(run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run) -> tuple[int, int] | None:
    """The NVIDIA driver version that nvidia-smi reports, or None when there is no NVIDIA GPU."""
    exe = shutil.which("nvidia-smi")
    if exe is None:
        return None
    try:
        proc = run([exe, "--query-gpu=driver_version", "--format=csv,noheader"],
                   capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return parse_driver_version(proc.stdout) if proc.returncode == 0 else None


def torch_builds(driver: tuple[int, int] | None) -> list[str]:
    """torch builds to try, best first: the CUDA builds this driver runs, then the CPU build."""
    cuda = [b.tag for b in TORCH_CUDA_BUILDS if driver is not None and driver >= b.min_driver]
    return [*cuda, "cpu"]


def llama_builds(driver: tuple[int, int] | None) -> list[str]:
    """llama-cpp-python prebuilt wheels to try, best first."""
    cuda = [LLAMA_CUDA_BUILD.tag] if driver is not None and driver >= LLAMA_CUDA_BUILD.min_driver else []
    return [*cuda, "cpu"]


def has_build_tools(platform: str = sys.platform) -> bool:
    """Whether a C/C++ compiler for a source build of llama-cpp-python is present."""
    if platform != "win32":
        return shutil.which("cc") is not None and shutil.which("cmake") is not None
    vswhere = Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)"),
                   "Microsoft Visual Studio", "Installer", "vswhere.exe")
    if not vswhere.exists():
        return False
    proc = subprocess.run([str(vswhere), "-latest", "-products", "*", "-requires",
                           "Microsoft.VisualStudio.Component.VC.Tools.x86.x64", "-property", "installationPath"],
                          capture_output=True, text=True)
    return proc.returncode == 0 and bool(proc.stdout.strip())


def long_paths_enabled(winreg: object | None = None) -> bool:
    """Windows' LongPathsEnabled switch (HKLM; readable without admin rights)."""
    if winreg is None:  # pragma: no cover - Windows only
        import winreg as winreg_module

        winreg = winreg_module
    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, LONG_PATHS_KEY) as key:  # type: ignore[attr-defined]
            value, _kind = winreg.QueryValueEx(key, "LongPathsEnabled")  # type: ignore[attr-defined]
    except OSError:
        return False
    return bool(value)


def check_app_dir(app: Path, *, platform: str = sys.platform, winreg: object | None = None) -> None:
    """Refuse an install folder whose path Windows cannot hold the environment under."""
    if platform != "win32":
        return
    if len(str(app)) > MAX_APP_DIR_CHARS and not long_paths_enabled(winreg):
        raise BootstrapError(
            f"the install folder {app} is {len(str(app))} characters long; files of the environment would "
            f"exceed Windows' 260-character path limit. Choose a folder of at most {MAX_APP_DIR_CHARS} "
            "characters, or enable long paths (LongPathsEnabled), and run the installer again")


# -- the steps ----------------------------------------------------------------------------------


class Bootstrap:
    """The install steps for one app folder; each step can be re-run (repair and upgrade in place)."""

    def __init__(self, app: Path, *, uv: str, python: str | None = None, wheels: Path | None = None,
                 torch_build: str = "auto", platform: str = sys.platform,
                 runner: Callable[..., int] | None = None,
                 driver: Callable[[], tuple[int, int] | None] = nvidia_driver,
                 build_tools: Callable[[], bool] | None = None) -> None:
        self.app = app
        self.uv = uv
        self.python = python or sys.executable
        self.wheels = wheels
        self.torch_build = torch_build
        self.platform = platform
        self.env = app / ENV_NAME
        self.log_path = app / LOG_NAME
        self.summary_path = app / SUMMARY_NAME
        self._run: Callable[..., int] = runner or self._run_logged
        self._driver = driver
        self._build_tools = build_tools or (lambda: has_build_tools(platform))

    # paths inside the app folder

    def env_python(self) -> Path:
        if self.platform == "win32":
            return self.env / "Scripts" / "python.exe"
        return self.env / "bin" / "python"

    def so8t_exe(self) -> Path:
        if self.platform == "win32":
            return self.env / "Scripts" / "so8t.exe"
        return self.env / "bin" / "so8t"

    def lock(self) -> Path:
        return self.app / PACKAGES_DIR / LOCK_NAME

    def project_wheel(self) -> Path:
        wheels = sorted((self.app / PACKAGES_DIR).glob("so8t_control_panel-*.whl"))
        if not wheels:
            raise BootstrapError(f"no so8t_control_panel wheel in {self.app / PACKAGES_DIR}; run the installer again")
        return wheels[-1]

    # logging and running

    def log(self, line: str) -> None:
        stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        self.app.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "a", encoding="utf-8") as f:
            f.write(f"[{stamp}] {line}\n")
        print(line, flush=True)

    def _run_logged(self, argv: Sequence[str | os.PathLike[str]], env: dict[str, str] | None = None) -> int:
        """Run without a shell; output goes to the log (the wizard shows the step, the log the detail)."""
        env = {"UV_HTTP_TIMEOUT": UV_HTTP_TIMEOUT_S, "UV_CACHE_DIR": str(self.app / "uv-cache"),
               **os.environ, "UV_NO_CONFIG": "1", "PYTHONUTF8": "1", **(env or {})}
        # The user's own PYTHONPATH/PYTHONHOME would mix another installation into this environment.
        for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
            env.pop(name, None)
        self.log("$ " + subprocess.list2cmdline([str(a) for a in argv]))
        with open(self.log_path, "a", encoding="utf-8", errors="replace") as out:
            try:
                proc = subprocess.run([str(a) for a in argv], stdout=out, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, env=env, cwd=self.app,
                                      timeout=STEP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.log(f"timed out after {STEP_TIMEOUT_S} s")
                return 124
            except OSError as exc:
                self.log(f"could not start {argv[0]}: {exc}")
                return 127
        return proc.returncode

    def pip_install(self, *args: str | os.PathLike[str], index: str | None = None,
                    env: dict[str, str] | None = None) -> int:
        """`uv pip install` into the environment; with a wheel folder, from it alone and offline."""
        argv: list[str | os.PathLike[str]] = [self.uv, "pip", "install", "--python", self.env_python()]
        if self.wheels is not None:
            argv += ["--offline", "--no-index", "--find-links", self.wheels]
        else:
            argv += ["--index-url", index or PYPI_INDEX]
        return self._run([*argv, *args], env=env)

    def summary(self) -> dict[str, str]:
        """What write_summary recorded so far."""
        ini = configparser.ConfigParser()
        ini.read(self.summary_path, encoding="utf-8")
        return dict(ini["install"]) if ini.has_section("install") else {}

    def write_summary(self, **values: str) -> None:
        """Record what was installed (installer.iss shows it on its finished page)."""
        ini = configparser.ConfigParser()
        ini.read(self.summary_path, encoding="utf-8")
        if not ini.has_section("install"):
            ini.add_section("install")
        for key, value in values.items():
            ini.set("install", key, value)
        with open(self.summary_path, "w", encoding="utf-8") as f:
            ini.write(f)

    # steps

    def step_venv(self) -> None:
        check_app_dir(self.app, platform=self.platform)
        if self.env_python().exists():
            self.log(f"environment {self.env} exists: kept (repair or upgrade in place)")
            return
        if self._run([self.uv, "venv", "--python", self.python, "--allow-existing", self.env]) != 0:
            raise BootstrapError(f"could not create the environment {self.env}; see {self.log_path}")

    def step_packages(self) -> None:
        # --no-deps: the lock is complete; nothing may be resolved anew on the user's machine.
        # --excludes: the fused kernels' pins wait for the kernels step, which knows the torch build.
        with tempfile.TemporaryDirectory() as tmp:
            cuda_only = Path(tmp, "cuda-only.txt")
            cuda_only.write_text("".join(f"{name}\n" for name in KERNEL_PINS), encoding="utf-8")
            failed = self.pip_install("--no-deps", "-r", self.lock(), "--excludes", cuda_only) != 0
        if failed:
            raise BootstrapError(f"could not install the libraries of {self.lock()}; check the network, "
                                 f"see {self.log_path}, and run the installer again")

    def step_torch(self) -> None:
        if self.wheels is not None:
            choices = ["local"]  # whatever build the wheel folder holds
        elif self.torch_build == "auto":
            choices = torch_builds(self._driver())
        else:
            choices = [self.torch_build]
        for build in choices:
            self.log(f"torch {TORCH_VERSION}: trying the {build} build")
            if self.pip_install("--no-deps", "--reinstall-package", "torch", f"torch=={TORCH_VERSION}",
                                index=f"{TORCH_INDEX}/{build}") == 0:
                self.write_summary(torch=build)
                return
        raise BootstrapError(f"could not install torch {TORCH_VERSION} ({', '.join(choices)}); check the network, "
                             f"see {self.log_path}, and run the installer again")

    def step_kernels(self) -> None:
        """triton-windows and liger-kernel with a CUDA build of torch; never fatal: without them
        training takes the plain PyTorch path (and its log says why)."""
        build = self.summary().get("torch", "")
        if build == "cpu":
            self.log("the fused training kernels are not installed: they need the CUDA build of torch")
            self.write_summary(kernels="cpu")
            return
        if self.platform != "win32" or not build.startswith("cu"):
            # triton-windows is Windows' Triton; a wheel folder's torch build is not known here.
            self.log(f"the fused training kernels are not installed here (torch build {build or 'none'}, "
                     f"platform {self.platform}): they are for Windows with the CUDA build of torch")
            self.write_summary(kernels="skipped")
            return
        specs = [f"{name}=={version}" for name, version in KERNEL_PINS.items()]
        self.log(f"fused training kernels for torch {TORCH_VERSION} ({build}): {' '.join(specs)}")
        # -c: the lock's hashes check both wheels. --no-deps: liger-kernel's `triton` is triton-windows here.
        if self.pip_install("--no-deps", "-c", self.lock(), *specs) == 0:
            self.write_summary(kernels="installed")
            return
        self.log("the fused training kernels could not be installed (see above): training takes the plain "
                 "PyTorch path, more slowly; run the installer again to retry")
        self.write_summary(kernels="failed")

    def step_llama(self) -> None:
        spec = f"llama-cpp-python=={LLAMA_CPP_VERSION}"
        if self.wheels is not None:
            builds = ["local"]
        else:
            builds = llama_builds(self._driver() if self.torch_build != "cpu" else None)
        for build in builds:
            self.log(f"llama-cpp-python {LLAMA_CPP_VERSION}: trying the prebuilt {build} wheel")
            if self.pip_install("--no-deps", "--only-binary", "llama-cpp-python", spec,
                                index=f"{LLAMA_CPP_INDEX}/{build}") == 0:
                self.write_summary(llama={"cpu": "prebuilt-cpu", "local": "local"}.get(build, "prebuilt-cuda"))
                return
        if self.wheels is None and self._build_tools():
            self.log("no prebuilt wheel fits: building llama-cpp-python from source with the installed Build Tools")
            cuda = builds[0] != "cpu"
            env = {"CMAKE_ARGS": "-DGGML_CUDA=on"} if cuda else {}
            if self.pip_install("--no-deps", "--no-binary", "llama-cpp-python", spec, env=env) == 0:
                self.write_summary(llama="source")
                return
        # Training, baking and f16 export work without it; quantize and GGUF chat do not.
        self.log("llama-cpp-python is not installed: no prebuilt wheel fits and no Build Tools are present; "
                 "install Visual Studio Build Tools (C++) and run the installer again to get quantize and GGUF chat")
        self.write_summary(llama="missing")

    def step_project(self) -> None:
        if self.pip_install("--no-deps", "--reinstall-package", "so8t-control-panel", self.project_wheel()) != 0:
            raise BootstrapError(f"could not install {self.project_wheel().name}; see {self.log_path}")

    def step_check(self) -> None:
        start = self.log_path.stat().st_size if self.log_path.exists() else 0
        if self._run([self.uv, "pip", "check", "--python", self.env_python()]) != 0:
            report = self.log_path.read_bytes()[start:].decode("utf-8", "replace")
            # uv's wording: "The package `so8t-control-panel` requires `llama-cpp-python>=0.3.2`, but ..."
            problems = [line for line in report.splitlines() if line.startswith("The package ")]
            if not (problems and all(self._tolerated(line) for line in problems)):
                raise BootstrapError(f"the environment's packages do not fit together; see {self.log_path}")
            self.log("the problems reported above are known and harmless (a missing llama-cpp-python, "
                     "liger-kernel's triton being triton-windows): the rest works")
        if self._run([self.so8t_exe(), "selfcheck"]) != 0:
            raise BootstrapError(f"the installed program failed its self-check; see {self.log_path}")
        self.write_summary(check="passed")

    def _tolerated(self, problem: str) -> bool:
        """Whether a line of `uv pip check` names a gap the setup left on purpose."""
        summary = self.summary()
        if summary.get("llama") == "missing" and "`llama-cpp-python" in problem:
            return True
        # triton-windows installs the module `triton` under another distribution name.
        return summary.get("kernels") == "installed" and "`liger-kernel` requires `triton>=" in problem

    def run(self, steps: Sequence[str]) -> int:
        """Run `steps` in order; 0 when all passed, 1 (and the reason in the log) at the first failure."""
        for name in steps:
            self.log(f"== step {name}")
            try:
                getattr(self, f"step_{name}")()
            except BootstrapError as exc:
                self.log(f"FAILED: {exc}")
                self.write_summary(failed=name, reason=str(exc))
                return 1
        self.write_summary(failed="", reason="")
        return 0


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--app", required=True, type=Path, help="the app folder (holds packages/, env/, the log)")
    p.add_argument("--uv", default=shutil.which("uv") or "uv", help="the uv executable")
    p.add_argument("--python", help="base interpreter of the environment (default: the one running this)")
    p.add_argument("--wheels", type=Path, help="install offline from this wheel folder instead of the indexes")
    p.add_argument("--torch", default="auto", help="torch build: auto (by nvidia-smi), cpu, cu128, cu126 "
                   "(with a CUDA build, the kernels step adds triton-windows and liger-kernel)")
    p.add_argument("--step", action="append", choices=(*STEPS, "all"),
                   help="step to run (repeatable; default all)")
    args = p.parse_args(argv)
    steps = STEPS if not args.step or "all" in args.step else tuple(args.step)
    boot = Bootstrap(args.app.resolve(), uv=args.uv, python=args.python, wheels=args.wheels, torch_build=args.torch)
    return boot.run(steps)


if __name__ == "__main__":
    sys.exit(main())
