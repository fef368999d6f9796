"""Build the Windows installer on Linux (or Windows): wheel, Windows lock, uv.exe, then ISCC.

`packaging/build-installer` runs `build`; `packaging/build-installer lock` only regenerates the locks,
the Windows installer's and the Linux one the README installs with (do that whenever pyproject.toml's
dependencies change). Every step says what it does; missing tools (Debian's wine and innoextract,
npm's innosetup, PyPI's uv) are installed when absent.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
ISS = ROOT / "installer.iss"
LOCK = PACKAGING / "windows-lock.txt"
#: What the README's first command installs `.[dev]` with (`-c`): Linux x86-64, the CPython versions below.
LINUX_LOCK = PACKAGING / "linux-lock.txt"
LINUX_PYTHONS = ("3.11", "3.12", "3.13")
LINUX_EXTRAS = ("dev",)
#: Left out of the Linux lock: torch (the user picks the CPU or a CUDA build; the README names its range)
#: and the CUDA wheels PyPI's Linux torch pins exactly, which its CPU build does not need.
LINUX_UNLOCKED = re.compile(r"^(torch|triton|nvidia-(?!ml-py)\S+|cuda-\S+)$")
#: What installer.iss's [Files] section takes its sources from (BuildDir there).
STAGE = ROOT / "build" / "installer"
DIST = ROOT / "dist"
#: Downloaded tools kept between builds (npm's innosetup, uv's Windows wheel, the Wine prefix); outside
#: the checkout, where setuptools would walk their thousands of files on every wheel build.
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "so8t-build-installer"
TOOLS = CACHE / "tools"

#: uv carried as uv.exe: the Windows wheel of this release on PyPI.
UV_VERSION = "0.13.9"
#: ISCC from npm's innosetup package. 6.0.5, not 6.4.1: Debian 12's innoextract 1.9 reads setups of
#: "Inno Setup 1.2.10 to 6.0.5" (its --version) and refuses newer ones ("Unexpected setup data version").
INNOSETUP_NPM = "innosetup@6.0.5"
PYTHON_FOR_LOCK = "3.12"
PYPI_INDEX = "https://pypi.org/simple"
DEBIAN_PACKAGES = ("wine", "wine32", "wine64", "innoextract")

#: Header lines of the lock that its currency test and this script read back.
HASH_LINE = "# pyproject.toml dependencies sha256: "
EXCLUDED_LINE = "# installed by packaging/bootstrap.py from their own indexes, not from this lock: "
CUDA_ONLY_LINE = "# installed by packaging/bootstrap.py only with a CUDA build of torch (its kernels step): "


def say(msg: str) -> None:
    print(f"build-installer: {msg}", flush=True)


def run(argv: Sequence[str | os.PathLike[str]], **kw: object) -> subprocess.CompletedProcess[str]:
    """Run without a shell and stop the build with the command's own output when it fails."""
    argv = [str(a) for a in argv]
    proc = subprocess.run(argv, text=True, **kw)  # type: ignore[call-overload]
    if proc.returncode != 0:
        sys.exit(f"build-installer: failed ({proc.returncode}): {subprocess.list2cmdline(argv)}")
    return proc


def load_bootstrap():
    """packaging/bootstrap.py as a module (it is not a package: it ships as a single file)."""
    spec = importlib.util.spec_from_file_location("so8t_installer_bootstrap", PACKAGING / "bootstrap.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def project(pyproject: Path = ROOT / "pyproject.toml") -> dict:
    with open(pyproject, "rb") as f:
        return tomllib.load(f)["project"]


def requirements(pyproject: Path = ROOT / "pyproject.toml", extras: Sequence[str] = ()) -> list[str]:
    """pyproject's dependencies, then those of `extras`: what a lock is resolved from."""
    p = project(pyproject)
    return [*p["dependencies"], *(spec for extra in extras for spec in p["optional-dependencies"][extra])]


def dependencies_hash(pyproject: Path = ROOT / "pyproject.toml", extras: Sequence[str] = ()) -> str:
    """sha256 of what a lock is resolved from: pyproject's requires-python, dependencies and `extras`.

    Only these, not the whole file: a new test marker or lint rule must not make the lock stale.
    """
    p = project(pyproject)
    fields = {"requires-python": p.get("requires-python"), "dependencies": p["dependencies"]}
    if extras:
        fields["optional-dependencies"] = {extra: p["optional-dependencies"][extra] for extra in extras}
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


def cuda_only_line() -> str:
    """The Windows lock's header line naming the fused kernels' pins, from packaging/bootstrap.py."""
    return CUDA_ONLY_LINE + " ".join(f"{n}=={v}" for n, v in load_bootstrap().KERNEL_PINS.items())


def lock_is_current(lock: Path = LOCK) -> bool:
    """Whether the lock was made from pyproject.toml as it is (and, the Windows one, the kernels' pins)."""
    if not lock.exists():
        return False
    text = lock.read_text(encoding="utf-8")
    if lock.name == LINUX_LOCK.name:
        return f"{HASH_LINE}{dependencies_hash(extras=LINUX_EXTRAS)}" in text
    return f"{HASH_LINE}{dependencies_hash()}" in text and cuda_only_line() in text.splitlines()


# -- tools --------------------------------------------------------------------------------------


def ensure_uv() -> str:
    uv = shutil.which("uv")
    if uv:
        return uv
    say(f"installing uv {UV_VERSION} from PyPI (resolves the lock, builds the wheel)")
    run([sys.executable, "-m", "pip", "install", "--quiet", f"uv=={UV_VERSION}"])
    uv = shutil.which("uv") or str(Path(sys.executable).with_name("uv"))
    return uv


def ensure_debian_packages() -> None:
    if sys.platform == "win32":
        return
    missing = [tool for tool in ("wine", "innoextract") if shutil.which(tool) is None]
    if shutil.which("dpkg-query") and subprocess.run(["dpkg-query", "-W", "wine32:i386"], capture_output=True).returncode:
        missing.append("wine32")  # a 64-bit-only Wine cannot run ISCC
    if not missing:
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        sys.exit(f"build-installer: {', '.join(missing)} missing; install Debian's {' '.join(DEBIAN_PACKAGES)} "
                 "(with `dpkg --add-architecture i386` first) and run again")
    say("installing Debian's wine (32-bit, ISCC is a 32-bit program) and innoextract")
    run(["dpkg", "--add-architecture", "i386"])
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    # An index that fails to download (a mirror mid-sync) is not fatal: the install below says if it mattered.
    subprocess.run(["apt-get", "update", "-q"], env=env)
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *DEBIAN_PACKAGES]
    if subprocess.run(install, env=env).returncode == 0:
        return
    # i386 and amd64 copies of a library must be the same version; when the security index of one
    # architecture could not be fetched, take both from the release itself.
    codename = _os_release().get("VERSION_CODENAME", "")
    say(f"retrying with the {codename} release's own versions (an index update failed)")
    run([*install[:3], "-t", codename, *install[3:]], env=env)


def _os_release() -> dict[str, str]:
    try:
        lines = Path("/etc/os-release").read_text().splitlines()
    except OSError:
        return {}
    return {k: v.strip('"') for k, _, v in (line.partition("=") for line in lines) if k}


def ensure_iscc() -> Path:
    if sys.platform == "win32":
        native = Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)"), "Inno Setup 6", "ISCC.exe")
        if native.exists():
            return native
    iscc = TOOLS / "npm" / "node_modules" / "innosetup" / "bin" / "ISCC.exe"
    if not iscc.exists():
        if shutil.which("npm") is None:
            sys.exit("build-installer: npm missing; install Debian's npm (or Node.js) and run again")
        say(f"installing ISCC from npm's {INNOSETUP_NPM}")
        (TOOLS / "npm").mkdir(parents=True, exist_ok=True)
        run(["npm", "install", "--prefix", TOOLS / "npm", "--no-save", "--ignore-scripts", "--no-audit",
             "--no-fund", INNOSETUP_NPM], stdout=subprocess.DEVNULL)
    return iscc


# -- what the installer carries ---------------------------------------------------------------


def write_lock(out: Path = LOCK, *, python_platform: str | None = "windows",
               python_version: str | None = PYTHON_FOR_LOCK, find_links: Path | None = None) -> Path:
    """Resolve pyproject's dependencies into a hashed lock, torch and llama-cpp-python left out.

    They are pinned to the bootstrap's versions during resolution, so their own dependencies are in
    the lock at versions they accept. For Windows the fused kernels' packages follow, at the
    bootstrap's pins with their hashes (the bootstrap installs them only with a CUDA build of torch).
    Defaults: Windows x64, CPython 3.12, from PyPI. With `find_links` (tests): from that wheel
    folder, offline, for this machine, without the kernels (triton-windows is for Windows only).
    """
    uv = ensure_uv()
    boot = load_bootstrap()
    pins = {"torch": boot.TORCH_VERSION, "llama-cpp-python": boot.LLAMA_CPP_VERSION}
    with tempfile.TemporaryDirectory() as tmp:
        reqs, constraints = Path(tmp, "requirements.in"), Path(tmp, "constraints.txt")
        reqs.write_text("\n".join(project()["dependencies"]) + "\n", encoding="utf-8")
        constraints.write_text("".join(f"{n}=={v}\n" for n, v in pins.items()), encoding="utf-8")
        _prefer_pins_of(out, Path(tmp, "lock.txt"))
        argv: list[str | os.PathLike[str]] = [
            uv, "pip", "compile", reqs, "--constraint", constraints, "--generate-hashes", "--no-header",
            "--no-annotate", "--no-emit-package", "torch", "--no-emit-package", "llama-cpp-python",
            "--quiet", "-o", Path(tmp, "lock.txt")]
        if find_links is not None:
            argv += ["--offline", "--no-index", "--find-links", find_links]
        else:
            # Wheels only: nothing may need a compiler on the user's machine (llama-cpp-python, which
            # PyPI has as source only, comes prebuilt from its own index and is not emitted).
            argv += ["--index-url", PYPI_INDEX, "--only-binary", ":all:", "--no-binary", "llama-cpp-python"]
        if python_platform:
            argv += ["--python-platform", python_platform]
        if python_version:
            argv += ["--python-version", python_version]
        say(f"resolving the lock for {python_platform or 'this machine'} / Python {python_version or 'this one'}")
        # No Python download either: the metadata of an sdist is read with the Python at hand.
        run(argv, env=dict(os.environ, UV_NO_CONFIG="1", UV_PYTHON_DOWNLOADS="never"))
        body = Path(tmp, "lock.txt").read_text(encoding="utf-8")
        kernels = python_platform == "windows" and find_links is None
        if kernels:
            body += _kernels_lock(uv, boot.KERNEL_PINS, Path(tmp), python_version)
    uv_version = run([uv, "--version"], capture_output=True).stdout.strip()
    if python_platform:
        target = f"--python-platform {python_platform} --python-version {python_version}"
        title = f"the Windows installer ({python_platform} x64, CPython {python_version})"
    else:
        target = title = f"this machine, from {find_links}"
    header = [
        f"# Pinned dependencies of so8t-control-panel for {title}.",
        "# Regenerate after changing pyproject.toml's dependencies: packaging/build-installer lock",
        f"# resolved by {uv_version}, uv pip compile {target}",
        f"{HASH_LINE}{dependencies_hash()}",
        EXCLUDED_LINE + " ".join(f"{n}=={v}" for n, v in pins.items()),
        *([cuda_only_line()] if kernels else []),
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(header) + "\n" + body, encoding="utf-8")
    say(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return out


def _kernels_lock(uv: str, pins: dict[str, str], tmp: Path, python_version: str | None) -> str:
    """The fused kernels' packages for Windows, hashed, without their dependencies: liger-kernel's
    `triton` is triton-windows there, and its `torch` is the bootstrap's."""
    reqs, out = tmp / "kernels.in", tmp / "kernels.txt"
    reqs.write_text("".join(f"{n}=={v}\n" for n, v in pins.items()), encoding="utf-8")
    argv: list[str | os.PathLike[str]] = [
        uv, "pip", "compile", reqs, "--no-deps", "--generate-hashes", "--no-header", "--no-annotate", "--quiet",
        "--index-url", PYPI_INDEX, "--only-binary", ":all:", "--python-platform", "windows", "-o", out]
    if python_version:
        argv += ["--python-version", python_version]
    say(f"adding the fused kernels for Windows: {' '.join(f'{n}=={v}' for n, v in pins.items())}")
    run(argv, env=dict(os.environ, UV_NO_CONFIG="1", UV_PYTHON_DOWNLOADS="never"))
    return out.read_text(encoding="utf-8")


def _prefer_pins_of(lock: Path, output: Path) -> None:
    """uv keeps the versions of an existing output file where they still fit: regenerating a lock after
    a change of pyproject.toml moves only what the change needs, not every package to its newest release."""
    if lock.is_file():
        shutil.copyfile(lock, output)


def write_linux_lock(out: Path = LINUX_LOCK) -> Path:
    """Resolve `.[dev]` for Linux x86-64 and every CPython in LINUX_PYTHONS into one lock, torch left out.

    One universal resolution (uv's `--universal`): a package whose version must differ between the
    Pythons gets a line per version with its marker. No hashes: the lock is a constraints file
    (`pip install -c`), and llama-cpp-python, pinned here, is built from its source on Linux.
    """
    uv = ensure_uv()
    lowest = min(LINUX_PYTHONS, key=lambda v: tuple(map(int, v.split("."))))
    with tempfile.TemporaryDirectory() as tmp:
        reqs, lock = Path(tmp, "requirements.in"), Path(tmp, "lock.txt")
        reqs.write_text("\n".join(requirements(extras=LINUX_EXTRAS)) + "\n", encoding="utf-8")
        _prefer_pins_of(out, lock)
        argv: list[str | os.PathLike[str]] = [
            uv, "pip", "compile", reqs, "--universal", "--python-version", lowest, "--no-header", "--no-annotate",
            "--quiet", "--index-url", PYPI_INDEX, "-o", lock]
        say(f"resolving the Linux lock for CPython {', '.join(LINUX_PYTHONS)} (x86-64)")
        run(argv, env=dict(os.environ, UV_NO_CONFIG="1", UV_PYTHON_DOWNLOADS="never"))
        lines = lock.read_text(encoding="utf-8").splitlines()
    body = [ln for ln in lines if ln.strip() and not ln.startswith("#")
            and not LINUX_UNLOCKED.match(ln.split("==")[0].strip().lower())]
    uv_version = run([uv, "--version"], capture_output=True).stdout.strip()
    header = [
        f"# Pinned dependencies of so8t-control-panel[{','.join(LINUX_EXTRAS)}] for Linux x86-64, "
        f"CPython {', '.join(LINUX_PYTHONS)}: python -m pip install \"torch>=2.4,<2.14\" -e \".[dev]\" "
        f"-c {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out.name}",
        "# Regenerate after changing pyproject.toml's dependencies: packaging/build-installer lock",
        f"# resolved by {uv_version}, uv pip compile --universal --python-version {lowest}",
        f"{HASH_LINE}{dependencies_hash(extras=LINUX_EXTRAS)}",
        "# not in this lock: torch (the CPU or a CUDA build, in pyproject.toml's range) and the CUDA wheels "
        "PyPI's Linux torch pins itself",
    ]
    out.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    say(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return out


def write_locks() -> list[Path]:
    """Both locks, from the same pyproject.toml: the Windows installer's and the Linux one."""
    return [write_lock(), write_linux_lock()]


def build_wheel(out_dir: Path) -> Path:
    """The project's wheel (uv builds it in an isolated environment from pyproject.toml)."""
    for old in out_dir.glob("so8t_control_panel-*.whl"):
        old.unlink()
    say("building the project's wheel")
    run([ensure_uv(), "build", "--quiet", "--wheel", "--out-dir", out_dir, ROOT], env=dict(os.environ, UV_NO_CONFIG="1"))
    (wheel,) = out_dir.glob("so8t_control_panel-*.whl")
    return wheel


def fetch_uv_exe(out: Path) -> Path:
    """uv.exe from the win_amd64 wheel of uv on PyPI (kept between builds)."""
    wheels = TOOLS / "uv-wheel"
    found = sorted(wheels.glob(f"uv-{UV_VERSION}-*win_amd64.whl"))
    if not found:
        say(f"downloading uv {UV_VERSION}'s Windows wheel from PyPI")
        run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
             "--platform", "win_amd64", "--python-version", PYTHON_FOR_LOCK, "--index-url", PYPI_INDEX,
             "--dest", wheels, f"uv=={UV_VERSION}"])
        found = sorted(wheels.glob(f"uv-{UV_VERSION}-*win_amd64.whl"))
    with zipfile.ZipFile(found[-1]) as z:
        (member,) = [n for n in z.namelist() if n.endswith("/scripts/uv.exe")]
        out.write_bytes(z.read(member))
    return out


def compile_installer(iscc: Path, version: str) -> Path:
    """Compile installer.iss with ISCC (under Wine off Windows) into dist/."""
    argv: list[str | os.PathLike[str]] = [iscc, "/Qp", f"/DAppVersion={version}", ISS.name]
    env = dict(os.environ)
    if sys.platform != "win32":
        prefix = TOOLS / "wine-prefix"
        prefix.mkdir(parents=True, exist_ok=True)
        # No Mono/Gecko prompts, no debug chatter, no display needed: ISCC is a console program.
        env.update(WINEPREFIX=str(prefix), WINEDEBUG="-all", WINEDLLOVERRIDES="mscoree,mshtml=")
        env.pop("DISPLAY", None)
        argv = ["wine", *argv]
    say(f"compiling {ISS.name} with ISCC ({'native' if sys.platform == 'win32' else 'under Wine'})")
    run(argv, cwd=ROOT, env=env)
    setup = DIST / f"SO8T-Control-Panel-{version}-setup.exe"
    if not setup.exists():
        sys.exit(f"build-installer: ISCC finished but {setup} is missing")
    return setup


def list_setup(setup: Path) -> list[str]:
    """The files innoextract finds in a setup .exe (how the tests and this build check it)."""
    proc = run(["innoextract", "--list", "--quiet", setup], capture_output=True)
    return [line.strip() for line in proc.stdout.splitlines() if line.strip()]


def build() -> Path:
    version = project()["version"]
    ensure_debian_packages()
    iscc = ensure_iscc()
    STAGE.mkdir(parents=True, exist_ok=True)
    wheel = build_wheel(STAGE)
    if not lock_is_current():
        say("packaging/windows-lock.txt does not match pyproject.toml's dependencies: resolving it anew "
            "(commit the new lock)")
        write_lock()
    shutil.copy2(LOCK, STAGE / LOCK.name)
    shutil.copy2(PACKAGING / "bootstrap.py", STAGE / "bootstrap.py")
    fetch_uv_exe(STAGE / "uv.exe")
    setup = compile_installer(iscc, version)
    listing = "\n".join(list_setup(setup))
    for name in (wheel.name, LOCK.name, "uv.exe", "bootstrap.py"):
        if not re.search(re.escape(name), listing):
            sys.exit(f"build-installer: {setup.name} does not carry {name}")
    say(f"built {setup.relative_to(ROOT)} ({setup.stat().st_size / 2**20:.1f} MiB), carrying {wheel.name}, "
        f"{LOCK.name}, uv.exe {UV_VERSION} and bootstrap.py")
    return setup


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="packaging/build-installer", description=__doc__.splitlines()[0])
    p.add_argument("what", nargs="?", choices=("build", "lock"), default="build",
                   help="build: the setup .exe in dist/ (default); lock: regenerate packaging/windows-lock.txt "
                        "and packaging/linux-lock.txt only")
    args = p.parse_args(argv)
    if args.what == "lock":
        write_locks()
    else:
        build()
    return 0


if __name__ == "__main__":
    sys.exit(main())
