"""The locks are current: each satisfies every requirement of pyproject.toml it covers, without re-resolving."""

from __future__ import annotations

import re

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

#: The environment the lock is for: Windows x64, CPython 3.12 (markers are evaluated in it).
WINDOWS_312 = {**default_environment(), "sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
               "platform_machine": "AMD64", "python_version": "3.12", "python_full_version": "3.12.0",
               "implementation_name": "cpython", "platform_python_implementation": "CPython"}


def pins(text: str) -> dict[str, Version]:
    return {canonicalize_name(m[1]): Version(m[2]) for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==(\S+)", text, re.M)}


def excluded(build_installer, text: str) -> dict[str, Version]:
    (line,) = [ln for ln in text.splitlines() if ln.startswith(build_installer.EXCLUDED_LINE)]
    return pins("\n".join(line[len(build_installer.EXCLUDED_LINE):].split()))


def test_every_requirement_of_pyproject_is_satisfied_by_the_lock(build_installer):
    text = build_installer.LOCK.read_text(encoding="utf-8")
    locked = {**pins(text), **excluded(build_installer, text)}
    unmet = []
    for spec in build_installer.project()["dependencies"]:
        req = Requirement(spec)
        if req.marker is not None and not req.marker.evaluate(WINDOWS_312):
            continue
        version = locked.get(canonicalize_name(req.name))
        if version is None or not req.specifier.contains(version, prereleases=True):
            unmet.append(f"{spec} (lock: {version})")
    assert not unmet, f"stale lock, run `packaging/build-installer lock`: {unmet}"


def test_the_lock_records_the_pyproject_it_was_made_from(build_installer):
    text = build_installer.LOCK.read_text(encoding="utf-8")
    assert f"{build_installer.HASH_LINE}{build_installer.dependencies_hash()}" in text, (
        "pyproject.toml's dependencies changed since the lock was made: run `packaging/build-installer lock`")
    assert build_installer.lock_is_current()


def test_torch_and_llama_cpp_are_left_to_the_bootstrap_at_its_pinned_versions(build_installer, bootstrap):
    text = build_installer.LOCK.read_text(encoding="utf-8")
    locked = pins(text)
    assert "torch" not in locked and "llama-cpp-python" not in locked
    # No CUDA runtime wheels (nvidia-cublas-cu12 …); nvidia-ml-py is NVML's Python binding, not CUDA.
    assert not [name for name in locked if name.startswith("nvidia-") and name != "nvidia-ml-py"]
    assert excluded(build_installer, text) == {"torch": Version(bootstrap.TORCH_VERSION),
                                              "llama-cpp-python": Version(bootstrap.LLAMA_CPP_VERSION)}
    # The pinned PySide6 range holds, and every pin carries a hash the installer checks.
    assert Version("6.6") <= locked["pyside6"] < Version("6.12")
    assert len(re.findall(r"^\S+==", text, re.M)) == len(re.findall(r"^\S+==\S+ \\\n\s+--hash=sha256:", text, re.M))


#: Which Triton minor each torch minor is built and tested with: torch's own Linux wheels pin it
#: (torch 2.13.0: `triton==3.7.1`), and triton-windows' README pairs them the same way (2.12 and 2.13: 3.7).
TRITON_FOR_TORCH = {"2.12": "3.7", "2.13": "3.7"}


def test_the_fused_kernels_are_locked_with_hashes_at_the_bootstraps_pins_matching_its_torch(build_installer, bootstrap):
    text = build_installer.LOCK.read_text(encoding="utf-8")
    (line,) = [ln for ln in text.splitlines() if ln.startswith(build_installer.CUDA_ONLY_LINE)]
    assert line == build_installer.cuda_only_line()
    pinned = {canonicalize_name(n): Version(v) for n, v in bootstrap.KERNEL_PINS.items()}
    assert pins(line[len(build_installer.CUDA_ONLY_LINE):].replace(" ", "\n")) == pinned
    locked = pins(text)
    assert {name: locked[name] for name in pinned} == pinned  # in the body, each with its hashes
    torch_minor = ".".join(bootstrap.TORCH_VERSION.split(".")[:2])
    triton = Version(bootstrap.TRITON_WINDOWS_VERSION)
    assert f"{triton.major}.{triton.minor}" == TRITON_FOR_TORCH[torch_minor], (
        f"torch {bootstrap.TORCH_VERSION} needs the Triton its wheels pin: choose the matching triton-windows")


def test_a_changed_kernel_pin_makes_the_windows_lock_stale(build_installer, bootstrap, monkeypatch):
    assert build_installer.lock_is_current()
    monkeypatch.setattr(build_installer, "load_bootstrap", lambda: type(
        "Bootstrap", (), {"KERNEL_PINS": {**bootstrap.KERNEL_PINS, "liger-kernel": "0.8.4"}}))
    assert not build_installer.lock_is_current()
    assert build_installer.lock_is_current(build_installer.LINUX_LOCK)  # the Linux lock has no kernels


def test_a_changed_dependency_list_makes_the_lock_stale(build_installer, tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    original = (build_installer.ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject.write_text(original.replace('"psutil>=5.9",', '"psutil>=5.9",\n    "matplotlib>=3.8",'), encoding="utf-8")
    assert build_installer.dependencies_hash(pyproject) != build_installer.dependencies_hash()
    # A change outside the dependencies (a lint rule, a test marker) does not.
    pyproject.write_text(original + "\n# a comment\n", encoding="utf-8")
    assert build_installer.dependencies_hash(pyproject) == build_installer.dependencies_hash()


# -- the Linux lock (the README's install) -----------------------------------------------------------------

#: Linux x86-64 under each CPython the Linux lock is for (its markers are evaluated in each).
LINUX = {**default_environment(), "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
         "platform_machine": "x86_64", "implementation_name": "cpython", "platform_python_implementation": "CPython"}


def linux_pins(text: str, python: str) -> dict[str, Version]:
    """The Linux lock's pins that apply under CPython `python` (a line's marker decides)."""
    env = {**LINUX, "python_version": python, "python_full_version": f"{python}.0"}
    locked = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate(env):
                (spec,) = req.specifier
                assert spec.operator == "==", line
                assert canonicalize_name(req.name) not in locked, f"two pins of {req.name} for {python}"
                locked[canonicalize_name(req.name)] = Version(spec.version)
    return locked


@pytest.mark.parametrize("python", ["3.11", "3.12", "3.13"])
def test_every_requirement_of_pyproject_and_its_dev_extra_is_satisfied_by_the_linux_lock(build_installer, python):
    assert python in build_installer.LINUX_PYTHONS
    locked = linux_pins(build_installer.LINUX_LOCK.read_text(encoding="utf-8"), python)
    env = {**LINUX, "python_version": python, "python_full_version": f"{python}.0"}
    unmet = []
    for spec in build_installer.requirements(extras=build_installer.LINUX_EXTRAS):
        req = Requirement(spec)
        if canonicalize_name(req.name) == "torch" or (req.marker is not None and not req.marker.evaluate(env)):
            continue
        version = locked.get(canonicalize_name(req.name))
        if version is None or not req.specifier.contains(version, prereleases=True):
            unmet.append(f"{spec} (lock: {version})")
    assert not unmet, f"stale Linux lock, run `packaging/build-installer lock`: {unmet}"


def test_the_linux_lock_records_the_pyproject_and_extras_it_was_made_from(build_installer):
    text = build_installer.LINUX_LOCK.read_text(encoding="utf-8")
    current = build_installer.dependencies_hash(extras=build_installer.LINUX_EXTRAS)
    assert f"{build_installer.HASH_LINE}{current}" in text, (
        "pyproject.toml's dependencies or dev extra changed since the Linux lock was made: "
        "run `packaging/build-installer lock`")
    assert build_installer.lock_is_current(build_installer.LINUX_LOCK)
    # The dev extra counts for this lock (not for the Windows one, which the installer uses without it).
    assert current != build_installer.dependencies_hash()


def test_the_linux_lock_leaves_torch_out_and_pins_llama_cpp(build_installer):
    locked = linux_pins(build_installer.LINUX_LOCK.read_text(encoding="utf-8"), "3.11")
    assert "torch" not in locked and not [name for name in locked if build_installer.LINUX_UNLOCKED.match(name)]
    assert "llama-cpp-python" in locked and "pytest" in locked
    assert Version("6.6") <= locked["pyside6"] < Version("6.12")


def test_the_readme_installs_with_the_linux_lock(build_installer):
    """The README's first command, the first line of the first code block under "## Set up", uses the lock."""
    readme = (build_installer.ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Set up"):]
    block = section[section.index("```\n") + 4:]
    install, tests = block.splitlines()[:2]
    assert install.startswith("python -m pip install ") and install.endswith("&& so8t demo"), install
    assert f"-c {build_installer.LINUX_LOCK.relative_to(build_installer.ROOT).as_posix()}" in install
    assert tests == "python -m pytest -q"


def test_a_changed_dev_extra_makes_the_linux_lock_stale_and_not_the_windows_one(build_installer, tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    original = (build_installer.ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject.write_text(original.replace('"pytest>=8",', '"pytest>=8",\n    "pytest-xdist>=3",'), encoding="utf-8")
    extras = build_installer.LINUX_EXTRAS
    assert build_installer.dependencies_hash(pyproject, extras) != build_installer.dependencies_hash(extras=extras)
    assert build_installer.dependencies_hash(pyproject) == build_installer.dependencies_hash()
