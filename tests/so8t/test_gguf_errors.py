"""Bad inputs to export-gguf / quantize / check-gguf: one clear line, exit 2, nothing partial left behind."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from so8t.errors import (
    ConfigError,
    GGUFError,
    ModelFolderError,
    OutputPathError,
    UnsupportedArchitectureError,
)
from so8t.gguf import export as export_module
from so8t.gguf.export import ExportConfig, export_gguf
from so8t.gguf.quantize import QUANT_TYPES, QuantizeConfig, quantize_gguf
from so8t.model.architectures import supported_model_types
from tests.so8t.cli_checks import in_process


def _cli(capsys, *args: str) -> subprocess.CompletedProcess:
    return in_process(list(args), capsys)


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


def test_unsupported_architecture_names_the_supported_ones(tiny_model_dirs, tmp_path, capsys):
    folder = _copy(tiny_model_dirs["llama"], tmp_path / "gpt2ish")
    config = json.loads((folder / "config.json").read_text())
    config["model_type"] = "gpt2"
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(UnsupportedArchitectureError) as exc:
        export_gguf(ExportConfig(model=str(folder), out=str(tmp_path / "x.gguf")))
    assert supported_model_types() in exc.value.one_line()
    proc = _cli(capsys, "export-gguf", "--model", str(folder), "--out", str(tmp_path / "x.gguf"))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "gpt2" in proc.stderr and supported_model_types() in proc.stderr
    assert not (tmp_path / "x.gguf").exists()


def test_missing_tokenizer_files(tiny_model_dirs, tmp_path):
    folder = _copy(tiny_model_dirs["qwen2"], tmp_path / "notok")
    (folder / "tokenizer.json").unlink()
    with pytest.raises(ModelFolderError, match="no tokenizer files"):
        export_gguf(ExportConfig(model=str(folder), out=str(tmp_path / "x.gguf")))
    assert list(tmp_path.glob("*.gguf")) == [] and _leftovers(tmp_path) == []


def test_output_path_not_writable(tiny_model_dirs, tmp_path, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputPathError, match="cannot be created"):
        export_gguf(ExportConfig(model=str(tiny_model_dirs["llama"]), out=str(blocker / "model.gguf")))
    proc = _cli(capsys, "export-gguf", "--model", str(tiny_model_dirs["llama"]), "--out", str(blocker / "model.gguf"))
    assert proc.returncode == 2 and proc.stderr.startswith("so8t export-gguf: error: output folder")


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="file permissions do not bind root or Windows ACLs")
def test_output_folder_without_write_permission(tiny_model_dirs, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(OutputPathError, match="not writable"):
            export_gguf(ExportConfig(model=str(tiny_model_dirs["llama"]), out=str(locked / "model.gguf")))
    finally:
        locked.chmod(0o700)


def test_existing_output_is_kept_without_force(tiny_model_dirs, tmp_path):
    out = tmp_path / "m.gguf"
    out.write_bytes(b"precious")
    with pytest.raises(OutputPathError, match="exists"):
        export_gguf(ExportConfig(model=str(tiny_model_dirs["llama"]), out=str(out)))
    assert out.read_bytes() == b"precious"


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="RLIMIT_FSIZE is POSIX")
def test_disk_full_mid_write_real_file_size_limit(tiny_model_dirs, tmp_path):
    """A real kernel-enforced limit: the write fails part-way (EFBIG), like a full disk would (ENOSPC)."""
    import resource
    import signal

    out = tmp_path / "big.gguf"
    old = tmp_path / "old.gguf"
    old.write_bytes(b"the previous export")

    def limit_file_size():  # runs in the child only
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write then fails with EFBIG instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))  # the tiny f16 file is ~440 kB

    proc = subprocess.run(
        [sys.executable, "-m", "so8t", "export-gguf", "--model", str(tiny_model_dirs["llama"]), "--out", str(out)],
        capture_output=True, text=True, timeout=300, preexec_fn=limit_file_size,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "disk filled up" in proc.stderr
    assert not out.exists()
    assert _leftovers(tmp_path) == []
    assert old.read_bytes() == b"the previous export"


def test_disk_full_mid_write_enospc(tiny_model_dirs, tmp_path, monkeypatch):
    """ENOSPC raised by the writer after part of the tensor data went out: no file under the final name."""
    real = export_module._write_tensor
    calls = {"n": 0}

    def failing_write(fout, item, fix):
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fout, item, fix)

    monkeypatch.setattr(export_module, "_write_tensor", failing_write)
    out = tmp_path / "m.gguf"
    with pytest.raises(GGUFError, match="disk filled up") as exc:
        export_gguf(ExportConfig(model=str(tiny_model_dirs["llama"]), out=str(out)))
    assert "free at least" in exc.value.hint
    assert calls["n"] == 5 and not out.exists() and _leftovers(tmp_path) == []


def test_not_enough_free_space_is_refused_before_writing(tiny_model_dirs, tmp_path, monkeypatch):
    monkeypatch.setattr(export_module.shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10**9, 10**9, 1000))
    with pytest.raises(GGUFError, match="not enough free space"):
        export_gguf(ExportConfig(model=str(tiny_model_dirs["llama"]), out=str(tmp_path / "m.gguf")))
    assert list(tmp_path.iterdir()) == []


def test_unknown_quant_type_lists_the_valid_ones(tmp_path, capsys):
    with pytest.raises(ConfigError) as exc:
        QuantizeConfig(gguf="x.gguf", out="y.gguf", quant_type="Q3_K_XL")
    for name in QUANT_TYPES:
        assert name in exc.value.one_line()
    proc = _cli(capsys, "quantize", "--gguf", str(tmp_path / "x.gguf"), "--type", "Q3_K_XL", "--out", str(tmp_path / "y.gguf"))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Q5_K_M" in proc.stderr


def test_quantize_refuses_files_that_are_not_float_gguf(tiny_model_dirs, tmp_path):
    not_gguf = tmp_path / "notes.gguf"
    not_gguf.write_text("hello")
    with pytest.raises(GGUFError, match="not a GGUF file"):
        quantize_gguf(QuantizeConfig(gguf=str(not_gguf), out=str(tmp_path / "q.gguf")))
    with pytest.raises(GGUFError, match="does not exist"):
        quantize_gguf(QuantizeConfig(gguf=str(tmp_path / "missing.gguf"), out=str(tmp_path / "q.gguf")))
    f16 = export_gguf(ExportConfig(model=str(tiny_model_dirs["llama"]), out=str(tmp_path / "m-f16.gguf"))).out
    q4 = quantize_gguf(QuantizeConfig(gguf=f16, out=str(tmp_path / "m-Q4_0.gguf"), quant_type="Q4_0")).out
    with pytest.raises(GGUFError, match="already quantized"):
        quantize_gguf(QuantizeConfig(gguf=q4, out=str(tmp_path / "again.gguf")))
    assert not (tmp_path / "again.gguf").exists() and _leftovers(tmp_path) == []


def test_bad_export_type_and_unknown_config_key():
    with pytest.raises(ConfigError, match="f16"):
        ExportConfig(model="m", out="o.gguf", out_type="q4")
    with pytest.raises(ConfigError, match="colour"):
        ExportConfig.from_dict({"model": "m", "out": "o.gguf", "colour": "red"})
    assert ExportConfig.from_dict(ExportConfig(model="m", out="o").to_dict()) == ExportConfig(model="m", out="o")


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="RLIMIT_FSIZE is POSIX")
def test_quantize_write_failure_leaves_nothing(tiny_model_dirs, tmp_path):
    """llama.cpp's own writer hits a real file size limit: one line, exit 2, no partial file."""
    import resource
    import signal

    f16 = export_gguf(ExportConfig(model=str(tiny_model_dirs["llama"]), out=str(tmp_path / "m-f16.gguf"))).out
    out = tmp_path / "m-Q8_0.gguf"

    def limit_file_size():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))  # the Q8_0 file is ~250 kB

    proc = subprocess.run([sys.executable, "-m", "so8t", "quantize", "--gguf", f16, "--type", "Q8_0", "--out", str(out)],
                          capture_output=True, text=True, timeout=300, preexec_fn=limit_file_size)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "could not write" in proc.stderr and "free at least" in proc.stderr
    assert not out.exists() and _leftovers(tmp_path) == []


def test_quantize_refuses_when_the_disk_lacks_room(tiny_model_dirs, tmp_path, monkeypatch):
    f16 = export_gguf(ExportConfig(model=str(tiny_model_dirs["llama"]), out=str(tmp_path / "m-f16.gguf"))).out
    monkeypatch.setattr(shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10**9, 10**9, 1000))
    with pytest.raises(GGUFError, match="not enough free space"):
        quantize_gguf(QuantizeConfig(gguf=f16, out=str(tmp_path / "m-Q8_0.gguf"), quant_type="Q8_0"))
    assert not (tmp_path / "m-Q8_0.gguf").exists()
