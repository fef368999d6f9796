"""CheckpointStore: complete-or-invalid writes, reasons for damage, pruning, pinning, and the listing command."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from so8t.cli import main
from so8t.errors import CheckpointError
from so8t.store.checkpoints import MANIFEST, CheckpointStore, checkpoint_file, verify_checkpoint


def _writer(payload: bytes = b"x" * 1000):
    def write(tmp: Path) -> None:
        (tmp / "weights.safetensors").write_bytes(payload)
        (tmp / "state.json").write_text(json.dumps({"step": 1}), encoding="utf-8")

    return write


@pytest.fixture
def store(tmp_path) -> CheckpointStore:
    return CheckpointStore(tmp_path / "run", keep=3)


def test_saved_checkpoint_is_valid_with_manifest_of_every_file(store):
    info = store.save(5, _writer())
    assert info.valid and info.name == "ckpt-5" and info.step == 5 and info.reason == ""
    manifest = json.loads((Path(info.path) / MANIFEST).read_text())
    assert set(manifest["files"]) == {"weights.safetensors", "state.json"}
    assert manifest["files"]["weights.safetensors"]["size"] == 1000
    assert len(manifest["files"]["weights.safetensors"]["sha256"]) == 64
    assert [i.name for i in store.list()] == ["ckpt-5"]
    assert not [p for p in store.root.iterdir() if p.name.startswith(".")]  # no temp folder left


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("flip", "hash mismatch in weights.safetensors"),
        ("truncate", "truncated file weights.safetensors"),
        ("no_manifest", "no manifest"),
        ("bad_manifest", "unreadable JSON in manifest.json"),
        ("missing", "missing file state.json"),
    ],
)
def test_damaged_checkpoint_is_invalid_with_its_reason(store, damage, reason):
    path = Path(store.save(7, _writer()).path)
    weights = path / "weights.safetensors"
    if damage == "flip":
        data = bytearray(weights.read_bytes())
        data[500] ^= 0x01
        weights.write_bytes(bytes(data))
    elif damage == "truncate":
        weights.write_bytes(weights.read_bytes()[:600])
    elif damage == "no_manifest":
        (path / MANIFEST).unlink()
    elif damage == "bad_manifest":
        (path / MANIFEST).write_text('{"files": ', encoding="utf-8")
    elif damage == "missing":
        (path / "state.json").unlink()
    info = store.list()[0]
    assert not info.valid
    assert info.reason.startswith(reason), info.reason
    assert store.newest_valid() is None


def test_dropped_pickle_is_listed_as_not_in_the_manifest_and_refused(store):
    path = Path(store.save(3, _writer()).path)
    (path / "optimizer.pt").write_bytes(b"\x80\x04not really a pickle")
    info = store.list()[0]
    assert info.valid  # the listed files are intact
    assert info.unlisted == ["optimizer.pt"] and "never loaded" in info.reason
    _, manifest = verify_checkpoint(path)
    with pytest.raises(CheckpointError, match="no optimizer.pt in its manifest"):
        checkpoint_file(path, "optimizer.pt", manifest)


def test_keep_newest_k_and_pinned(store):
    for step in (1, 2, 3):
        store.save(step, _writer())
    store.pin("ckpt-1")
    for step in (4, 5):
        store.save(step, _writer())
    names = [i.name for i in store.list()]
    assert names == ["ckpt-1", "ckpt-3", "ckpt-4", "ckpt-5"]  # ckpt-2 pruned, ckpt-1 pinned
    assert [i.pinned for i in store.list()] == [True, False, False, False]
    assert store.newest_valid().name == "ckpt-5"


def test_failed_write_leaves_earlier_checkpoints_and_no_partial(store):
    store.save(1, _writer())

    def failing(tmp: Path) -> None:
        (tmp / "weights.safetensors").write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(CheckpointError, match="disk full while writing checkpoint ckpt-2"):
        store.save(2, failing)
    infos = store.list()
    assert [(i.name, i.valid) for i in infos] == [("ckpt-1", True)]


def test_partial_folder_from_a_kill_is_listed_invalid_then_cleaned(store):
    store.save(1, _writer())
    partial = store.root / ".ckpt-2.abc123.partial"
    partial.mkdir()
    (partial / "weights.safetensors").write_bytes(b"half")
    info = store.list()[-1]
    assert (info.name, info.valid, info.partial) == (partial.name, False, True)
    assert "partial write" in info.reason
    assert store.newest_valid().name == "ckpt-1"
    assert store.remove_partials() == [partial.name]
    assert not partial.exists()


def test_checkpoint_of_same_step_is_replaced_only_when_complete(store):
    store.save(4, _writer(b"a" * 10))
    store.save(4, _writer(b"b" * 20))
    info = store.list()[0]
    assert info.valid and (Path(info.path) / "weights.safetensors").read_bytes() == b"b" * 20


def test_checkpoints_command_json(store, capsys):
    store.save(2, _writer())
    bad = Path(store.save(4, _writer()).path)
    (bad / MANIFEST).unlink()
    assert main(["checkpoints", str(store.run_dir), "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    rows = result["checkpoints"]
    assert [r["name"] for r in rows] == ["ckpt-2", "ckpt-4"]
    assert set(rows[0]) >= {"name", "path", "step", "time", "size", "valid", "reason"}
    assert rows[0]["valid"] and not rows[1]["valid"] and rows[1]["reason"].startswith("no manifest")
    assert rows[0]["size"] > 1000


def test_checkpoints_command_missing_run_is_one_line(tmp_path, capsys):
    assert main(["checkpoints", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "does not exist" in err


@pytest.mark.skipif(os.name == "nt", reason="uses a POSIX file mode")
def test_unwritable_run_folder_is_a_checkpoint_error(store):
    store.save(1, _writer())
    os.chmod(store.root, 0o500)
    try:
        if os.access(store.root, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(CheckpointError):
            store.save(2, _writer())
    finally:
        os.chmod(store.root, 0o700)
