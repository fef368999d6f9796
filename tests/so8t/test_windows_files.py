"""Windows file behaviour, platform branch simulated where it cannot happen here: renames retried while
antivirus or the indexer holds a sharing lock, no directory fsync on NTFS; paths with spaces,
non-ASCII names and more than 260 characters written for real."""

from __future__ import annotations

import json
import os

import pytest

from so8t import fileio

#: WinError 32, ERROR_SHARING_VIOLATION: "being used by another process" (Python raises PermissionError).
SHARING_VIOLATION = 32


def sharing_violation(path):
    return PermissionError(13, "The process cannot access the file because it is being used by another process",
                           str(path), SHARING_VIOLATION)


@pytest.fixture
def no_sleep(monkeypatch):
    waits = []
    monkeypatch.setattr(fileio.time, "sleep", waits.append)
    return waits


def locked_for(monkeypatch, times):
    """os.replace fails `times` times with a sharing violation, then works."""
    real, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) <= times:
            raise sharing_violation(dst)
        real(src, dst)

    monkeypatch.setattr(fileio.os, "replace", replace)
    return calls


def test_a_rename_is_retried_while_the_target_is_locked(tmp_path, monkeypatch, no_sleep):
    target = tmp_path / "run.json"
    target.write_text('{"old": true}')
    calls = locked_for(monkeypatch, 3)
    fileio.atomic_write_json(target, {"new": True})
    assert json.loads(target.read_text()) == {"new": True}
    assert len(calls) == 4 and len(no_sleep) == 3 and no_sleep == sorted(no_sleep)  # backing off
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]  # no temp file left behind


def test_a_lock_that_outlasts_the_retries_fails_and_keeps_the_old_file(tmp_path, monkeypatch, no_sleep):
    target = tmp_path / "run.json"
    target.write_text('{"old": true}')
    locked_for(monkeypatch, fileio.RENAME_RETRIES)
    with pytest.raises(PermissionError) as info:
        fileio.atomic_write_json(target, {"new": True})
    assert info.value.filename == str(target)
    assert json.loads(target.read_text()) == {"old": True}
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]
    assert len(no_sleep) == fileio.RENAME_RETRIES - 1


def test_other_errors_are_not_retried(tmp_path, monkeypatch, no_sleep):
    def replace(src, dst):
        raise FileNotFoundError(2, "gone", str(dst))

    monkeypatch.setattr(fileio.os, "replace", replace)
    with pytest.raises(FileNotFoundError):
        fileio.replace_with_retries(tmp_path / "a", tmp_path / "b")
    assert no_sleep == []


def test_a_staged_folder_replaces_a_locked_one_after_retries(tmp_path, monkeypatch, no_sleep):
    out = tmp_path / "baked"
    out.mkdir()
    (out / "old.txt").write_text("old")
    locked_for(monkeypatch, 2)
    with fileio.staged_dir(out, force=True) as tmp:
        (tmp / "config.json").write_text("{}")
    assert sorted(p.name for p in out.iterdir()) == ["config.json"]
    assert [p.name for p in tmp_path.iterdir()] == ["baked"]


def test_no_directory_fsync_on_windows(tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(fileio.os, "open", lambda *a, **k: opened.append(a) or -1)
    with monkeypatch.context() as m:
        m.setattr(fileio.os, "name", "nt")  # NTFS has no directory handles to fsync
        fileio.fsync_dir(tmp_path)
    assert opened == []


@pytest.mark.parametrize("folder", ["My Runs", "実験 データ", "Ünïcödé résumé", "SO8T Control Panel (テスト) #1"])
def test_paths_with_spaces_and_non_ascii_names(tmp_path, folder):
    out = tmp_path / folder / "baked"
    with fileio.staged_dir(out) as tmp:
        fileio.write_json(tmp / "so8t_bake.json", {"folder": folder})
    fileio.atomic_write_json(tmp_path / folder / "run.json", {"name": folder})
    assert json.loads((out / "so8t_bake.json").read_text(encoding="utf-8")) == {"folder": folder}
    assert json.loads((tmp_path / folder / "run.json").read_text(encoding="utf-8")) == {"name": folder}
    assert len(fileio.sha256_file(out / "so8t_bake.json")) == 64


def test_paths_longer_than_windows_max_path(tmp_path):
    # MAX_PATH is 260; runs nest checkpoints/ckpt-<step>/ below a workspace the user may have moved deep.
    deep = tmp_path.joinpath(*["a folder of forty characters, give or ta"] * 7, "checkpoints", "ckpt-000120")
    assert len(str(deep / "manifest.json")) > 260
    deep.mkdir(parents=True)
    fileio.atomic_write_json(deep / "manifest.json", {"files": {}})
    assert json.loads((deep / "manifest.json").read_text()) == {"files": {}}
