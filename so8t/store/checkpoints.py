"""A run's checkpoints: crash-safe writes, a manifest of hashes, validity checks, keep-newest-K pruning."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from so8t.errors import DISK_FULL_ERRNOS, CheckpointError, os_error_of
from so8t.fileio import atomic_write_json, fsync_dir, replace_with_retries, sha256_file
from so8t.store.layout import MANIFEST_FILE as MANIFEST
from so8t.store.layout import (
    TRAINING_STAGES,
    RunLayout,
    checkpoint_name,
    checkpoint_step,
    partial_checkpoint_step,
)

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
    #: The training stage whose store holds it (run_layout.TRAINING_STAGES).
    stage: str = TRAINING_STAGES[0]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def check_manifest(manifest: Any) -> str:
    """Why a parsed manifest.json cannot be trusted ("" when its layout and types are right)."""
    if not isinstance(manifest, dict):
        return f"{MANIFEST} does not hold a JSON object"
    files = manifest.get("files")
    if not isinstance(files, dict):
        return f"{MANIFEST} has no files object"
    for name, entry in files.items():
        if "/" in name or "\\" in name or name.startswith(".") or name in ("", MANIFEST):
            return f"manifest names a file outside the folder: {name}"
        if not isinstance(entry, dict):
            return f"manifest entry of {name} is {entry!r}, not an object"
        if not _is_count(entry.get("size")):
            return f"manifest size of {name} is {entry.get('size')!r}, not a byte count"
        if not isinstance(entry.get("sha256"), str) or not _SHA256_RE.match(entry["sha256"]):
            return f"manifest sha256 of {name} is not a hex digest"
    if "step" in manifest and not _is_count(manifest["step"]):
        return f"manifest step is {manifest['step']!r}, not a step number"
    when = manifest.get("time")
    if when is not None and (not isinstance(when, (int, float)) or isinstance(when, bool) or when != when):
        return f"manifest time is {when!r}, not a time in seconds"
    return ""


def read_manifest(path: Path) -> tuple[dict[str, Any] | None, str]:
    """(manifest, "") from a checkpoint folder's manifest.json, or (None, why it cannot be used)."""
    from so8t.errors import So8tError
    from so8t.jsonl import decode_line, parse_json_text

    file = path / MANIFEST
    if file.is_symlink():
        return None, f"{MANIFEST} is a link (links inside checkpoints are never followed)"
    if not file.is_file():
        return None, "no manifest (the write did not finish)"
    try:
        manifest = parse_json_text(decode_line(file.read_bytes(), MANIFEST), MANIFEST)
    except OSError as exc:
        return None, f"{MANIFEST} cannot be read ({exc.strerror or exc})"
    except So8tError as exc:
        return None, f"unreadable JSON in {MANIFEST} ({exc.message})"
    reason = check_manifest(manifest)
    return (None, reason) if reason else (manifest, "")


def verify_checkpoint(path: str | os.PathLike[str], *, deep: bool = True) -> tuple[str, dict[str, Any] | None]:
    """Check a checkpoint folder against its manifest: ("", manifest) if valid, else (reason, None).

    `deep` hashes every file (what a resume does); without it only sizes are compared (fast listing).
    Links are refused: a checkpoint holds its own files, never another run's.
    """
    path = Path(path)
    if path.is_symlink():
        return f"the folder is a link to {os.readlink(path)}, not a checkpoint of this run", None
    manifest, reason = read_manifest(path)
    if manifest is None:
        return reason, None
    files = manifest["files"]
    try:
        for name, entry in sorted(files.items()):
            file = path / name
            if file.is_symlink():
                return f"{name} is a link (links inside checkpoints are never followed)", None
            if not file.is_file():
                return f"missing file {name}", None
            size = file.stat().st_size
            if size != entry["size"]:
                kind = "truncated file" if size < entry["size"] else "size mismatch in"
                return f"{kind} {name} ({size} of {entry['size']} bytes)", None
            if deep and sha256_file(file) != entry["sha256"]:
                return f"hash mismatch in {name}", None
        if deep:
            for name in files:
                if name.endswith(".json"):
                    try:
                        json.loads((path / name).read_text(encoding="utf-8"))
                    except (ValueError, RecursionError) as exc:
                        return f"unreadable JSON in {name} ({' '.join(str(exc).split())[:120]})", None
    except OSError as exc:
        return f"{exc.filename or path} cannot be read ({exc.strerror or exc})", None
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
    """Bytes of the files in a folder (links count as themselves, never their targets)."""
    try:
        return sum(p.lstat().st_size for p in path.iterdir() if not p.is_dir() or p.is_symlink())
    except OSError:
        return 0


def _mtime(path: Path) -> float | None:
    try:
        return path.lstat().st_mtime
    except OSError:
        return None


class CheckpointStore:
    """The checkpoints of one training stage of a run (`RUN/checkpoints/ckpt-<step>/` for train,
    `RUN/<stage>/checkpoints/ckpt-<step>/` for a later one), each complete once its manifest exists.

    A save writes into a temporary folder beside the final one, fsyncs every file, writes
    `manifest.json` (sha256 + size of every file) last, and renames the folder into place, so a
    crash at any moment leaves either a complete checkpoint or a folder listed as invalid.
    """

    def __init__(self, run_dir: str | os.PathLike[str], *, keep: int = 10, stage: str = TRAINING_STAGES[0]) -> None:
        self.run_dir = Path(run_dir)
        self.stage = stage
        self.root = RunLayout(self.run_dir).checkpoints(stage)
        self.keep = keep

    # -- listing -------------------------------------------------------------------------------
    def pinned(self) -> set[str]:
        """The pinned checkpoint names; a damaged pinned.json (or entry) pins nothing, it never fails a listing."""
        try:
            names = json.loads((RunLayout(self.run_dir).pinned(self.stage)).read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return set()
        if not isinstance(names, list):
            return set()
        return {n for n in names if isinstance(n, str) and checkpoint_step(n) is not None}

    def info(self, path: str | os.PathLike[str], *, deep: bool = True) -> CheckpointInfo:
        """Validity, step, time and size of one checkpoint folder."""
        path = Path(path)
        partial = partial_checkpoint_step(path.name)
        if partial is not None:
            return CheckpointInfo(path.name, str(path), partial, _mtime(path),
                                  _folder_size(path), False, "partial write (temporary folder, never renamed)",
                                  partial=True, stage=self.stage)
        named_step = checkpoint_step(path.name)
        step = named_step if named_step is not None else -1
        reason, manifest = verify_checkpoint(path, deep=deep)
        extra = unlisted_files(path, manifest) if manifest is not None else []
        when = (manifest or {}).get("time") or _mtime(path)
        if manifest is not None and manifest.get("step") != step:
            reason, manifest = f"manifest says step {manifest.get('step')}, folder name says {step}", None
        if reason == "" and extra:
            reason = "not in the manifest, never loaded: " + ", ".join(extra)
        return CheckpointInfo(
            name=path.name, path=str(path), step=step, time=when, size=_folder_size(path),
            valid=manifest is not None, reason=reason, unlisted=extra, pinned=path.name in self.pinned(),
            stage=self.stage,
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
        path: Path | None = self.root / name
        if checkpoint_step(name) is None and partial_checkpoint_step(name) is None:
            # A path: it must be a folder of this run's checkpoints, never another run's.
            given = Path(name)
            inside = given.is_dir() and given.absolute().parent.resolve() == self.root.resolve()
            path = given if inside else None
        if path is None or not path.is_dir():
            known = ", ".join(i.name for i in self.list()) or "none"
            raise CheckpointError(f"run {self.run_dir} has no checkpoint {name}",
                                  f"pick one of: {known} (see `so8t checkpoints {self.run_dir}`)")
        return self.info(path)

    def pin(self, name: str, pinned: bool = True) -> None:
        """Keep `name` whatever the keep-newest-K rule says (or release it with pinned=False)."""
        name = self.get(name).name
        names = self.pinned()
        names = names | {name} if pinned else names - {name}
        self.root.mkdir(parents=True, exist_ok=True)
        atomic_write_json(RunLayout(self.run_dir).pinned(self.stage), sorted(names))

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
        except BaseException as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            # Rust-backed writers (tokenizers) raise a plain Exception that only names the OS error.
            os_error = os_error_of(exc) if isinstance(exc, Exception) else None
            if os_error is None:
                raise
            if os_error.errno in DISK_FULL_ERRNOS:
                raise CheckpointError(
                    f"disk full while writing checkpoint {name} in {self.root} ({os_error.strerror})",
                    "free disk space (or keep fewer checkpoints with --keep), then resume with --resume",
                ) from None
            raise CheckpointError(f"checkpoint {name} could not be written in {self.root} ({os_error.strerror})",
                                  "check that the run folder is writable, then resume with --resume") from None
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


def training_stores(run_dir: str | os.PathLike[str], *, keep: int = 10) -> list[CheckpointStore]:
    """The checkpoint stores of the run's training stages whose store exists, in pipeline order (train first)."""
    stores = [CheckpointStore(run_dir, keep=keep, stage=stage) for stage in TRAINING_STAGES]
    return [s for s in stores if s.stage == TRAINING_STAGES[0] or s.root.is_dir()]


def newest_training_checkpoint(run_dir: str | os.PathLike[str], *,
                               on_skip: Callable[[CheckpointInfo], None] | None = None) -> CheckpointInfo | None:
    """The newest valid checkpoint of the last training stage that has one: what bake and resume take."""
    for store in reversed(training_stores(run_dir)):
        info = store.newest_valid(on_skip=on_skip)
        if info is not None:
            return info
    return None


def split_checkpoint_name(name: str) -> tuple[str, str]:
    """(stage, checkpoint) of a `--checkpoint` value: `STAGE/ckpt-N`, or a bare `ckpt-N` (or path) of train."""
    stage, sep, rest = name.partition("/")
    if sep and stage in TRAINING_STAGES and checkpoint_step(rest) is not None:
        return stage, rest
    return TRAINING_STAGES[0], name


def checkpoint_label(stage: str, name: str) -> str:
    """A checkpoint as the user names it (`--checkpoint`, `--pin`): `ckpt-N` of training, `STAGE/ckpt-N` of a
    later training stage; `split_checkpoint_name` reads it back."""
    return name if stage == TRAINING_STAGES[0] else f"{stage}/{name}"


def stale_checkpoints(rows: Iterable[dict[str, Any]]) -> set[str]:
    """Labels of the checkpoints of a later training stage (align after train) that the training before it has
    since moved past: an earlier stage's store holds a valid checkpoint written after them. They are kept as
    they are (a resume from an older training checkpoint never deletes a later store); they are only marked."""
    rows = list(rows)
    order = {stage: i for i, stage in enumerate(TRAINING_STAGES)}
    stale = set()
    for row in rows:
        at, when = order.get(row.get("stage", TRAINING_STAGES[0]), 0), row.get("time")
        if not at or not isinstance(when, (int, float)):
            continue
        if any(order.get(r.get("stage", TRAINING_STAGES[0]), 0) < at and r.get("valid")
               and isinstance(r.get("time"), (int, float)) and r["time"] > when for r in rows):
            stale.add(checkpoint_label(row["stage"], str(row.get("name"))))
    return stale


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
