"""A run's checkpoints: crash-safe writes, a manifest of hashes, validity checks, keep-newest-K pruning."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from so8t.errors import CheckpointError
from so8t.fileio import DISK_FULL_ERRNOS, atomic_write_json, fsync_dir, replace_with_retries, sha256_file
from so8t.run_layout import MANIFEST_FILE as MANIFEST
from so8t.run_layout import RunLayout, checkpoint_name, checkpoint_step, partial_checkpoint_step

MANIFEST_FORMAT = "so8t-checkpoint"
MANIFEST_VERSION = 1
#: Checkpoint files are safetensors and JSON only: anything else in a folder is never loaded.
LOADABLE_SUFFIXES = (".safetensors", ".json", ".jinja")

# Test-only hook (documented in bench/resume.py): when SO8T_TEST_CHECKPOINT_PAUSE names a file, the
# writer appends "<step> <stage>" to it and sleeps SO8T_TEST_CHECKPOINT_PAUSE_S seconds at the stage
# named by SO8T_TEST_CHECKPOINT_PAUSE_AT ("files": data written, no manifest yet; "manifest":
# manifest written, folder not yet renamed), only for step SO8T_TEST_CHECKPOINT_PAUSE_STEP if that
# is set, so a crash test can kill the process inside a write.
_PAUSE_FILE_ENV = "SO8T_TEST_CHECKPOINT_PAUSE"
_PAUSE_AT_ENV = "SO8T_TEST_CHECKPOINT_PAUSE_AT"
_PAUSE_S_ENV = "SO8T_TEST_CHECKPOINT_PAUSE_S"
_PAUSE_STEP_ENV = "SO8T_TEST_CHECKPOINT_PAUSE_STEP"


@dataclass
class CheckpointInfo:
    """One entry of a run's checkpoint list, valid or not (and why)."""

    name: str
    path: str
    step: int
    time: float | None
    size: int
    valid: bool
    reason: str = ""
    #: Files in the folder that the manifest does not list: never loaded.
    unlisted: list[str] = field(default_factory=list)
    pinned: bool = False
    #: True for a temporary folder left behind by a write that never finished.
    partial: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def verify_checkpoint(path: str | os.PathLike[str], *, deep: bool = True) -> tuple[str, dict[str, Any] | None]:
    """Check a checkpoint folder against its manifest: ("", manifest) if valid, else (reason, None).

    `deep` hashes every file (what a resume does); without it only sizes are compared (fast listing).
    """
    path = Path(path)
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        return "no manifest (the write did not finish)", None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = manifest["files"]
        if not isinstance(files, dict):
            raise TypeError("files is not an object")
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as exc:
        return f"unreadable JSON in {MANIFEST} ({exc})", None
    for name, entry in sorted(files.items()):
        file = path / name
        if "/" in name or "\\" in name or name.startswith("."):
            return f"manifest names a file outside the folder: {name}", None
        if not file.is_file():
            return f"missing file {name}", None
        size = file.stat().st_size
        if size != entry.get("size"):
            kind = "truncated file" if size < int(entry.get("size", 0)) else "size mismatch in"
            return f"{kind} {name} ({size} of {entry.get('size')} bytes)", None
        if deep and sha256_file(file) != entry.get("sha256"):
            return f"hash mismatch in {name}", None
    if deep:
        for name in files:
            if name.endswith(".json"):
                try:
                    json.loads((path / name).read_text(encoding="utf-8"))
                except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                    return f"unreadable JSON in {name} ({exc})", None
    return "", manifest


def unlisted_files(path: Path, manifest: dict[str, Any] | None) -> list[str]:
    """Files in a checkpoint folder that its manifest does not name (e.g. a dropped .pt): never loaded."""
    listed = set((manifest or {}).get("files", {})) | {MANIFEST}
    return sorted(p.name for p in path.iterdir() if p.name not in listed)


def checkpoint_file(checkpoint_dir: str | os.PathLike[str], name: str, manifest: dict[str, Any]) -> Path:
    """The path of a file the manifest lists and that is safe to load (safetensors or JSON only)."""
    if name not in manifest.get("files", {}):
        raise CheckpointError(f"checkpoint {checkpoint_dir} has no {name} in its manifest",
                              "the checkpoint is incomplete or from another version; pick another one")
    if not name.endswith(LOADABLE_SUFFIXES):
        raise CheckpointError(f"checkpoint file {name} is not safetensors or JSON and is never loaded",
                              "remove it from the manifest's folder")
    return Path(checkpoint_dir) / name


def _folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.iterdir() if p.is_file())


class CheckpointStore:
    """The checkpoints of one run: `RUN/checkpoints/ckpt-<step>/`, each complete once its manifest exists.

    A save writes into a temporary folder beside the final one, fsyncs every file, writes
    `manifest.json` (sha256 + size of every file) last, and renames the folder into place, so a
    crash at any moment leaves either a complete checkpoint or a folder listed as invalid.
    """

    def __init__(self, run_dir: str | os.PathLike[str], *, keep: int = 10) -> None:
        self.run_dir = Path(run_dir)
        self.root = RunLayout(self.run_dir).checkpoints
        self.keep = keep

    # -- listing -------------------------------------------------------------------------------
    def pinned(self) -> set[str]:
        try:
            names = json.loads((RunLayout(self.run_dir).pinned).read_text(encoding="utf-8"))
            return {str(n) for n in names} if isinstance(names, list) else set()
        except (OSError, json.JSONDecodeError, UnicodeDecodeError):
            return set()

    def info(self, path: str | os.PathLike[str], *, deep: bool = True) -> CheckpointInfo:
        """Validity, step, time and size of one checkpoint folder."""
        path = Path(path)
        partial = partial_checkpoint_step(path.name)
        if partial is not None:
            return CheckpointInfo(path.name, str(path), partial, path.stat().st_mtime,
                                  _folder_size(path), False, "partial write (temporary folder, never renamed)",
                                  partial=True)
        named_step = checkpoint_step(path.name)
        step = named_step if named_step is not None else -1
        reason, manifest = verify_checkpoint(path, deep=deep)
        extra = unlisted_files(path, manifest) if manifest is not None else []
        when = (manifest or {}).get("time") or path.stat().st_mtime
        if manifest is not None and manifest.get("step") != step:
            reason, manifest = f"manifest says step {manifest.get('step')}, folder name says {step}", None
        if reason == "" and extra:
            reason = "not in the manifest, never loaded: " + ", ".join(extra)
        return CheckpointInfo(
            name=path.name, path=str(path), step=step, time=when, size=_folder_size(path),
            valid=manifest is not None, reason=reason, unlisted=extra, pinned=path.name in self.pinned(),
        )

    def list(self, *, deep: bool = True) -> list[CheckpointInfo]:
        """Every checkpoint folder (complete, damaged or partial), oldest step first."""
        if not self.root.is_dir():
            return []
        infos = [
            self.info(p, deep=deep) for p in self.root.iterdir()
            if p.is_dir() and (checkpoint_step(p.name) is not None or partial_checkpoint_step(p.name) is not None)
        ]
        return sorted(infos, key=lambda i: (i.step, i.partial))

    def newest_valid(self, *, on_skip: Callable[[CheckpointInfo], None] | None = None) -> CheckpointInfo | None:
        """The valid checkpoint with the highest step; `on_skip` hears about each newer invalid one."""
        for info in sorted(self.list(), key=lambda i: i.step, reverse=True):
            if info.valid:
                return info
            if on_skip is not None:
                on_skip(info)
        return None

    def get(self, name: str) -> CheckpointInfo:
        """The named checkpoint (a folder name under checkpoints/ or a path), valid or not."""
        path = Path(name)
        if not path.is_dir():
            path = self.root / name
        if not path.is_dir():
            known = ", ".join(i.name for i in self.list()) or "none"
            raise CheckpointError(f"run {self.run_dir} has no checkpoint {name}",
                                  f"pick one of: {known} (see `so8t checkpoints {self.run_dir}`)")
        return self.info(path)

    def pin(self, name: str, pinned: bool = True) -> None:
        """Keep `name` whatever the keep-newest-K rule says (or release it with pinned=False)."""
        self.get(name)
        names = self.pinned()
        names = names | {name} if pinned else names - {name}
        self.root.mkdir(parents=True, exist_ok=True)
        atomic_write_json(RunLayout(self.run_dir).pinned, sorted(names))

    # -- writing -------------------------------------------------------------------------------
    def save(self, step: int, write_files: Callable[[Path], None], *, meta: dict[str, Any] | None = None) -> CheckpointInfo:
        """Write checkpoint `ckpt-<step>`: `write_files(tmp)` fills a temp folder, then manifest + rename.

        A failure (disk full included) removes the temp folder and raises CheckpointError; the
        checkpoints already on disk are untouched. An existing folder of the same step (from a
        run that crashed after it) is replaced only once the new one is complete.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        name = checkpoint_name(step)
        final = self.root / name
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".partial", dir=str(self.root)))
        try:
            write_files(tmp)
            files = {}
            for file in sorted(tmp.iterdir()):
                _fsync_file(file)
                files[file.name] = {"sha256": sha256_file(file), "size": file.stat().st_size}
            _test_pause(step, "files")
            manifest = {"format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, "step": int(step),
                        "time": round(time.time(), 3), "files": files, **(meta or {})}
            with open(tmp / MANIFEST, "w", encoding="utf-8") as f:
                json.dump(manifest, f, indent=2)
                f.write("\n")
                f.flush()
                os.fsync(f.fileno())
            fsync_dir(tmp)
            _test_pause(step, "manifest")
            old = None
            if final.exists():
                old = self.root / f".{name}.old-{os.getpid()}"
                replace_with_retries(final, old)
            replace_with_retries(tmp, final)
            fsync_dir(self.root)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if exc.errno in DISK_FULL_ERRNOS:
                raise CheckpointError(
                    f"disk full while writing checkpoint {name} in {self.root} ({exc.strerror})",
                    "free disk space (or keep fewer checkpoints with --keep), then resume with --resume",
                ) from exc
            raise CheckpointError(f"checkpoint {name} could not be written in {self.root} ({exc})",
                                  "check that the run folder is writable, then resume with --resume") from exc
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self.prune()
        return self.info(final, deep=False)

    def prune(self) -> list[str]:
        """Delete complete checkpoints beyond the newest `keep` (pinned ones stay); returns their names."""
        pinned = self.pinned()
        complete = [i for i in self.list(deep=False) if i.valid and not i.partial]
        removed = []
        for info in sorted(complete, key=lambda i: i.step, reverse=True)[self.keep:]:
            if info.name in pinned:
                continue
            shutil.rmtree(info.path, ignore_errors=True)
            removed.append(info.name)
        return removed

    def remove_partials(self) -> list[str]:
        """Delete temporary folders that a killed write left behind; returns their names."""
        removed = []
        if self.root.is_dir():
            for p in self.root.iterdir():
                if p.is_dir() and (partial_checkpoint_step(p.name) is not None or ".old-" in p.name):
                    shutil.rmtree(p, ignore_errors=True)
                    removed.append(p.name)
        return removed


def _test_pause(step: int, stage: str) -> None:
    marker = os.environ.get(_PAUSE_FILE_ENV)
    if not marker or os.environ.get(_PAUSE_AT_ENV, "files") != stage:
        return
    if os.environ.get(_PAUSE_STEP_ENV, str(step)) != str(step):
        return
    with open(marker, "a", encoding="utf-8") as f:
        f.write(f"{step} {stage}\n")
        f.flush()
    with contextlib.suppress(ValueError):
        time.sleep(float(os.environ.get(_PAUSE_S_ENV, "1.0")))
