"""The Windows lock is current: it satisfies every requirement of pyproject.toml, without re-resolving."""

from __future__ import annotations

import re

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


def test_a_changed_dependency_list_makes_the_lock_stale(build_installer, tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    original = (build_installer.ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject.write_text(original.replace('"psutil>=5.9",', '"psutil>=5.9",\n    "matplotlib>=3.8",'), encoding="utf-8")
    assert build_installer.dependencies_hash(pyproject) != build_installer.dependencies_hash()
    # A change outside the dependencies (a lint rule, a test marker) does not.
    pyproject.write_text(original + "\n# a comment\n", encoding="utf-8")
    assert build_installer.dependencies_hash(pyproject) == build_installer.dependencies_hash()
