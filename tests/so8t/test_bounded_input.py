"""Issue #19's reader and CLI classes (11-17, 19-27, 29): every reader is bounded, every refusal one line.

Each test is named after its class in tests/so8t/BAD_INPUT_CASES.md ("#19 class N"). The memory figures
of the worst inputs (a 50 MB line, /dev/zero, a huge vocab_size or layer count, a template bomb) are
checked in child processes by test_bounded_memory.py.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from so8t.store.layout import RunLayout
from so8t.store.runs import Run
from so8t.train.data import SFT_SAMPLE
from tests.so8t.cli_checks import (
    assert_one_line_error,
    in_process,
    refuse,
    run_cli,
    run_real,
    so8t_executable,
)

TRAIN_FLAGS = ["--device", "cpu", "--max-steps", "2", "--ckpt-every-steps", "2", "--ckpt-every-seconds", "0",
               "--max-length", "48", "--lora-rank", "2", "--kl-every-steps", "0"]
GOOD = {
    "train": {"prompt": "hi", "response": "hello"},
    "triality": {"text": "hello", "label": "ALLOW"},
    "calibrate-logits": {"logits": [1.0, 0.0, -1.0], "label": "ALLOW"},
}
LABELS = ("ALLOW", "ESCALATION", "DENY")


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    return dst


def _lines(command: str, count: int = 60) -> list[dict]:
    good = GOOD[command]
    return [{**good, "label": LABELS[i % 3]} if "label" in good else good for i in range(count)]


def _data_argv(command: str, model: Path, data: Path, tmp: Path) -> list:
    return {
        "train": ["train", "--model", model, "--data", data, "--out", tmp / "run", *TRAIN_FLAGS],
        "triality": ["triality", "--model", model, "--data", data, "--scorer", "verbalizer"],
        "calibrate-logits": ["calibrate", "--logits", data],
    }[command]


# -- class 11: JSON lines, special files as data -----------------------------------------------------

@pytest.mark.parametrize("command", list(GOOD))
def test_class_11_a_jsonl_line_over_the_cap_is_refused_by_its_number(command, tiny_model_dirs, tmp_path, capsys):
    """#19 class 11: a line longer than --max-line-mb (1 MB by default) is refused by number, before tokenising."""
    records = _lines(command)
    records.insert(7, {**records[7], "note": "x" * (2 << 20)})
    data = tmp_path / "data.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    line = refuse(_data_argv(command, Path(tiny_model_dirs["llama"]), data, tmp_path), capsys, str(data), "line 8")
    assert "--max-line-mb" in line and "1 MB" in line
    assert not (tmp_path / "run").exists()


def test_class_11_max_line_mb_reads_the_longer_line(tmp_path, capsys):
    """Negative control: the same file is read with --max-line-mb 4."""
    records = _lines("calibrate-logits")
    records.insert(7, {**records[7], "note": "x" * (2 << 20)})
    data = tmp_path / "logits.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code, _, err = run_cli(["calibrate", "--logits", data, "--max-line-mb", "4"], capsys)
    assert code == 0, err


@pytest.mark.parametrize("value", ["0", "-1", "nan", "1000"])
def test_class_11_an_absurd_max_line_mb_is_one_line(value, tmp_path, capsys):
    data = tmp_path / "logits.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in _lines("calibrate-logits")), encoding="utf-8")
    refuse(["calibrate", "--logits", data, "--max-line-mb", value], capsys, "--max-line-mb")


@pytest.mark.parametrize("command", list(GOOD))
def test_class_11_dev_zero_as_data_is_refused(command, tiny_model_dirs, tmp_path, capsys):
    """#19 class 11: `data = "/dev/zero"` went over 4 GB in 11 s."""
    refuse(_data_argv(command, Path(tiny_model_dirs["llama"]), Path("/dev/zero"), tmp_path), capsys,
           "/dev/zero", "device")


@pytest.mark.slow
@pytest.mark.parametrize("command", ["train", "calibrate-logits"])
def test_class_11_a_fifo_as_data_is_refused_not_waited_on(command, tiny_model_dirs, tmp_path):
    """#19 class 11: a FIFO as data hung the command (run as a child with a hang guard)."""
    fifo = tmp_path / "data.jsonl"
    os.mkfifo(fifo)
    proc = run_real(_data_argv(command, Path(tiny_model_dirs["llama"]), fifo, tmp_path), timeout=120)
    assert_one_line_error(proc.returncode, proc.stderr, str(fifo), "FIFO")


# -- class 12 / 22: config.json against the weights ----------------------------------------------------

def _set_config(model: Path, **changes) -> None:
    config = json.loads((model / "config.json").read_text())
    config.update(changes)
    (model / "config.json").write_text(json.dumps(config))


def _header(path: Path) -> tuple[dict, bytes]:
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    return json.loads(raw[8:8 + n]), raw[8 + n:]


def _write_header(path: Path, header: dict, data: bytes) -> None:
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + data)


def _huge_shape(model: Path) -> None:
    header, data = _header(model / "model.safetensors")
    name = next(k for k in header if k.endswith("o_proj.weight"))
    header[name]["shape"] = [1_000_000, 1_000_000]
    _write_header(model / "model.safetensors", header, data)


def _reversed_offsets(model: Path) -> None:
    header, data = _header(model / "model.safetensors")
    name = next(k for k in header if k.endswith("o_proj.weight"))
    begin, end = header[name]["data_offsets"]
    header[name]["data_offsets"] = [end, begin]
    _write_header(model / "model.safetensors", header, data)


CONFIG_DAMAGE = {
    "vocab_size": lambda m: _set_config(m, vocab_size=10**10),
    "num_hidden_layers": lambda m: _set_config(m, num_hidden_layers=10**9),
    "hidden_size": lambda m: _set_config(m, hidden_size=10**6),
    "max_position_embeddings": lambda m: _set_config(m, max_position_embeddings=10**12),
    "header-shape": _huge_shape,
}


def _stage_argv(command: str, model: Path, tmp: Path) -> list:
    return {
        "train": ["train", "--model", model, "--data", SFT_SAMPLE, "--out", tmp / "run", *TRAIN_FLAGS],
        "bake": ["bake", "--model", model, "--random-gates", "--out", tmp / "baked"],
        "export-gguf": ["export-gguf", "--model", model, "--out", tmp / "m.gguf", "--no-check"],
    }[command]


@pytest.mark.parametrize("command", ["train", "bake", "export-gguf"])
@pytest.mark.parametrize("damage", list(CONFIG_DAMAGE))
def test_class_12_config_json_is_checked_against_the_weights(damage, command, tiny_model_dirs, tmp_path, capsys):
    """#19 classes 12, 22: vocab_size 1e10 (6 GB in export-gguf), num_hidden_layers 1e9 (allocating in train and
    bake), hidden_size 1e6 and max_position_embeddings 1e12 (tracebacks), a header shape 1e6 x 1e6."""
    model = _copy(Path(tiny_model_dirs["llama"]), tmp_path / "model")
    CONFIG_DAMAGE[damage](model)
    name = "model.safetensors" if damage == "header-shape" else damage
    refuse(_stage_argv(command, model, tmp_path), capsys, str(model), name)
    assert not any((tmp_path / n).exists() for n in ("run", "baked", "m.gguf", "m.Modelfile"))


# -- class 14: safetensors offsets -------------------------------------------------------------------

def test_class_14_reversed_offsets_are_refused_before_anything_is_written(tiny_model_dirs, tmp_path, capsys):
    """#19 class 14: export-gguf left a loadable GGUF of wrong weights, and a rerun said "exists, pass --force"."""
    model = _copy(Path(tiny_model_dirs["llama"]), tmp_path / "model")
    _reversed_offsets(model)
    for _attempt in range(2):  # the rerun is refused for the same reason, not for a file left behind
        line = refuse(_stage_argv("export-gguf", model, tmp_path), capsys, "model.safetensors", "backwards")
        assert "exists" not in line
        assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]


# -- class 13 / 22: chat templates ----------------------------------------------------------------------

TEMPLATES = {
    "bomb": ("{{ 'A' * 4000000000 }}", "budget"),
    "loops": ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "5 s"),
    "security": ("{{ ''.__class__.__mro__ }}", "unsafe"),
    "no-loader": ("{% include 'other.jinja' %}", "no loader"),
}


def _with_template(tiny_model_dirs, tmp_path: Path, template: str) -> Path:
    model = _copy(Path(tiny_model_dirs["llama"]), tmp_path / "model")
    (model / "chat_template.jinja").write_text(template, encoding="utf-8")
    return model


@pytest.mark.parametrize("kind", list(TEMPLATES))
@pytest.mark.parametrize("command", ["train", "chat"])
def test_class_13_a_template_that_loops_multiplies_or_escapes_is_one_line(command, kind, tiny_model_dirs,
                                                                           tmp_path, capsys):
    """#19 classes 13, 22: 'A' * 4e9 went over 5 GB, nested loops hung, SecurityError and "no loader" were
    tracebacks, in `chat` and `train`."""
    template, words = TEMPLATES[kind]
    model = _with_template(tiny_model_dirs, tmp_path, template)
    argv = {"train": ["train", "--model", model, "--data", SFT_SAMPLE, "--out", tmp_path / "run", *TRAIN_FLAGS],
            "chat": ["chat", "--model", model, "--ungated", "--device", "cpu", "--prompt", "hi",
                     "--audit", tmp_path / "audit.jsonl", "--max-tokens", "2"]}[command]
    line = refuse(argv, capsys, "chat template", str(model))
    assert words in line
    assert not (tmp_path / "run").exists()


def test_class_13_export_gguf_refuses_a_template_bomb_before_writing(tiny_model_dirs, tmp_path, capsys):
    """#19 class 13: export-gguf went over 5 GB at the Modelfile."""
    model = _with_template(tiny_model_dirs, tmp_path, TEMPLATES["bomb"][0])
    refuse(_stage_argv("export-gguf", model, tmp_path), capsys, "chat template", "budget")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]


def test_class_13_chat_gguf_refuses_a_template_bomb(tiny_model_dirs, tmp_path, capsys):
    """#19 class 13: `chat --gguf` rendered the GGUF's template without limits."""
    model = _with_template(tiny_model_dirs, tmp_path, TEMPLATES["bomb"][0])
    code, _, err = run_cli([*_stage_argv("export-gguf", model, tmp_path), "--no-modelfile"], capsys)
    assert code == 0, err
    refuse(["chat", "--gguf", tmp_path / "m.gguf", "--ungated", "--prompt", "hi", "--audit", tmp_path / "a.jsonl",
            "--max-tokens", "2"], capsys, "chat template", "m.gguf")


def test_class_13_a_usual_template_still_renders(tiny_model_dirs, tmp_path, capsys):
    """Negative control: the tiny model's own template renders under the budget (chat answers)."""
    code, out, err = run_cli(["chat", "--model", tiny_model_dirs["llama"], "--ungated", "--device", "cpu",
                              "--prompt", "hi", "--audit", tmp_path / "a.jsonl", "--max-tokens", "2", "--json"], capsys)
    assert code == 0, err


# -- class 15: moved and copied runs (acceptance 7 is test_a_moved_workspace_chats_through_its_gate) --------

def test_class_15_old_absolute_paths_are_rebased_onto_this_run(tmp_path):
    layout = RunLayout(tmp_path / "ws2" / "runs" / "copy-1")
    assert layout.resolve("/old/ws/runs/demo-1/triality_head.safetensors") == layout.root / "triality_head.safetensors"
    assert layout.resolve("triality_head.safetensors") == layout.root / "triality_head.safetensors"
    assert layout.resolve("/models/base") == Path("/models/base")  # a model outside any run stays
    assert not layout.inside(layout.resolve("../other/triality_head.safetensors"))
    assert layout.relative(layout.root / "baked") == "baked"


#: Where the moved workspace used to be: the paths its records were written with exist nowhere now.
OLD_WORKSPACE = "/gone/old-workspace"


def _moved_demo(demo_run: Path, tmp_path: Path) -> Path:
    """The demo workspace as if moved from OLD_WORKSPACE: a copy (the fixture is shared and stays where it
    is) whose records and head metadata name OLD_WORKSPACE wherever they named the fixture's folder."""
    from safetensors.torch import load_file, safe_open, save_file

    original = str(demo_run.parent.parent)
    workspace = _copy(demo_run.parent.parent, tmp_path / "moved-workspace")
    run = workspace / "runs" / demo_run.name
    for record in (run / "triality.json", run / "calibration.json", run / "run.json"):
        if record.is_file():
            record.write_text(record.read_text(encoding="utf-8").replace(original, OLD_WORKSPACE), encoding="utf-8")
    head = run / "triality_head.safetensors"
    with safe_open(str(head), framework="pt") as f:
        meta = {k: v.replace(original, OLD_WORKSPACE) for k, v in (f.metadata() or {}).items()}
    save_file(load_file(str(head)), str(head), metadata=meta)
    return run


def _gguf(run: Path) -> Path:
    return run / "gguf" / "so8t-demo-Q8_0.gguf"


def test_a_moved_workspace_chats_through_its_gate(demo_run, tmp_path, capsys):
    """#19 class 15, acceptance 7: a moved run was refused with "has no triality head" while the file was there."""
    run = _moved_demo(demo_run, tmp_path)
    code, out, err = run_cli(["chat", "--gguf", _gguf(run), "--run", run, "--prompt", "hello", "--json",
                              "--max-tokens", "4"], capsys)
    assert code == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["verdict"] == "ALLOW"
    from so8t.chat.audit import read_audit

    assert read_audit(run / "audit.jsonl")  # the moved run's own audit log, not the original's


def test_a_copy_without_its_own_head_is_refused_by_name(demo_run, tmp_path, capsys):
    """#19 class 15, acceptance 7: a copy whose head was deleted was silently gated by the original's head."""
    run = _moved_demo(demo_run, tmp_path)
    (run / "triality_head.safetensors").unlink()
    refuse(["chat", "--gguf", _gguf(run), "--run", run, "--prompt", "hello", "--max-tokens", "4"], capsys,
           str(run / "triality_head.safetensors"))


def test_a_head_outside_the_run_is_refused_by_name(demo_run, tmp_path, capsys):
    """Anything other than the run's own head (an absolute path outside any run) is refused by name."""
    run = _moved_demo(demo_run, tmp_path)
    elsewhere = tmp_path / "elsewhere" / "head.safetensors"
    elsewhere.parent.mkdir()
    shutil.copy(run / "triality_head.safetensors", elsewhere)
    record = json.loads((run / "triality.json").read_text())
    record["head_path"] = str(elsewhere)
    (run / "triality.json").write_text(json.dumps(record))
    refuse(["chat", "--gguf", _gguf(run), "--run", run, "--prompt", "hello", "--max-tokens", "4"], capsys,
           str(elsewhere), "outside the run")


# -- class 16: locks ------------------------------------------------------------------------------------

def _make_run(workspace: Path, name: str) -> Run:
    run = Run.create(workspace, {}, stages=["train"], name=name)
    run.set_stage("train", state="interrupted")
    return run


def _deep(n: int) -> str:
    return "[" * n + "]" * n


LOCKS = {
    "pid-minus-1": json.dumps({"pid": -1, "boot_id": "b", "started": 0.0}),
    "pid-2**64": json.dumps({"pid": 2**64, "boot_id": "b", "started": 0.0}),
    "pid-true": json.dumps({"pid": True, "boot_id": "b", "started": 0.0}),
    "nested": _deep(100_000),
    "fifo": None,
}


@pytest.mark.parametrize("kind", list(LOCKS))
def test_class_16_one_bad_lock_never_hides_the_other_runs(kind, tmp_path, capsys):
    """#19 class 16: pid -1 or 2**64 was a traceback in `runs` and `resume --interrupted`, a lock nested
    100,000 deep refused the listing, a FIFO hung it, and "pid": true was listed running for good."""
    good, bad = _make_run(tmp_path, "good"), _make_run(tmp_path, "bad")
    lock = RunLayout(bad.path).lock
    if LOCKS[kind] is None:
        os.mkfifo(lock)
    else:
        lock.write_text(LOCKS[kind], encoding="utf-8")
    # A FIFO could hang the listing: that case runs in a child, where a hang is a timeout; the rest in process.
    so8t = (lambda argv: run_real(argv, timeout=120)) if kind == "fifo" else (lambda argv: in_process(argv, capsys))
    proc = so8t(["runs", "--workspace", tmp_path, "--json"])
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    listed = {r["id"]: r for r in json.loads(proc.stdout.strip().splitlines()[-1])["runs"]}
    assert listed[good.id]["state"] == "interrupted"
    assert listed[bad.id]["state"] == "damaged" and "lock" in listed[bad.id]["reason"]
    text = so8t(["runs", "--workspace", tmp_path])
    assert "damaged: " in text.stdout and "lock" in text.stdout


def test_class_16_resume_interrupted_skips_a_run_with_a_bad_lock(tmp_path, capsys):
    _make_run(tmp_path, "bad")
    (bad,) = (tmp_path / "runs").iterdir()
    (bad / "lock").write_text(json.dumps({"pid": -1, "boot_id": "b", "started": 0.0}), encoding="utf-8")
    proc = in_process(["resume", "--interrupted", "--workspace", tmp_path, "--json"], capsys)
    assert "Traceback" not in proc.stderr, proc.stderr


# -- class 17: report paths ----------------------------------------------------------------------------

@pytest.fixture
def report_run(tmp_path) -> Path:
    run = _make_run(tmp_path / "ws", "r")
    return run.path


def test_class_17_report_never_overwrites_an_html_it_did_not_announce(report_run, tmp_path, capsys):
    """#19 class 17: `report --pdf X.pdf` silently overwrote X.html."""
    html = tmp_path / "X.html"
    html.write_text("mine", encoding="utf-8")
    refuse(["report", report_run, "--pdf", tmp_path / "X.pdf"], capsys, str(html), "--force")
    assert html.read_text(encoding="utf-8") == "mine" and not (tmp_path / "X.pdf").exists()
    code, out, err = run_cli(["report", report_run, "--pdf", tmp_path / "X.pdf", "--force"], capsys)
    assert code == 0, err
    assert str(html) in out and html.read_text(encoding="utf-8") != "mine"  # announced, then replaced


def test_class_17_a_pdf_path_without_pdf_ending_is_refused(report_run, tmp_path, capsys):
    """#19 class 17: `--pdf out.html` replaced the PDF with HTML."""
    refuse(["report", report_run, "--pdf", tmp_path / "out.html"], capsys, "out.html", ".pdf")
    assert not (tmp_path / "out.html").exists()


# -- class 19: estimate --card-gb --------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_class_19_estimate_refuses_a_card_size_that_is_no_size(value, tiny_model_dirs, capsys):
    """#19 class 19: `estimate --card-gb nan` said "card nan GiB"."""
    refuse(["estimate", "--model", tiny_model_dirs["llama"], "--card-gb", value], capsys, "--card-gb")


# -- class 20: integer and number bounds --------------------------------------------------------------------

@pytest.mark.parametrize("flag, value, bound", [("--seed", str(2**63), "4,294,967,295"),
                                                 ("--lora-rank", str(2**63), "65,536"),
                                                 ("--max-steps", str(10**30), "100,000,000")])
def test_class_20_integer_options_are_capped(flag, value, bound, tiny_model_dirs, tmp_path, capsys):
    """#19 class 20: seed or lora_rank >= 2**63 ended in a 78-line C++ traceback; max_steps 10**30 trained forever."""
    refuse(["train", "--model", tiny_model_dirs["llama"], "--data", SFT_SAMPLE, "--out", tmp_path / "run",
            "--device", "cpu", flag, value], capsys, flag.lstrip("-").replace("-", "_"), bound)
    assert not (tmp_path / "run").exists()


def test_class_20_the_caps_are_named_in_the_help(capsys):
    code, out, _ = run_cli(["train", "--help"], capsys)
    assert "at most 100,000,000" in " ".join(out.split()) and "at most 4,294,967,295" in " ".join(out.split())


def test_class_20_a_401_digit_integer_in_a_float_field_is_one_line(tiny_model_dirs, tmp_path, capsys):
    """#19 class 20: a 401-digit integer in a float TOML field was an OverflowError traceback."""
    config = tmp_path / "train.toml"
    config.write_text(f"[train]\nlearning_rate = {'1' * 401}\n", encoding="utf-8")
    refuse(["train", "--model", tiny_model_dirs["llama"], "--data", SFT_SAMPLE, "--out", tmp_path / "run",
            "--config", config], capsys, "learning_rate", "401-digit")


# -- class 21: conversations that start with the assistant -----------------------------------------------

@pytest.mark.parametrize("messages", [
    [{"role": "assistant", "content": "I start"}, {"role": "user", "content": "hi"},
     {"role": "assistant", "content": "hello"}],
    [{"role": "assistant", "content": "alone"}],
    [{"role": "system", "content": "s"}, {"role": "assistant", "content": "alone"}],
], ids=["assistant-first", "assistant-only", "system-then-assistant"])
def test_class_21_a_conversation_starting_with_the_assistant_is_one_line(messages, tiny_model_dirs, tmp_path,
                                                                          capsys):
    data = tmp_path / "data.jsonl"
    data.write_text(SFT_SAMPLE.read_text(encoding="utf-8") + json.dumps({"messages": messages}) + "\n",
                    encoding="utf-8")
    line = refuse(["train", "--model", tiny_model_dirs["llama"], "--data", data, "--out", tmp_path / "run",
                   *TRAIN_FLAGS], capsys, str(data), "assistant")
    assert "line" in line


# -- class 23: control characters ------------------------------------------------------------------------

def test_class_23_control_characters_from_a_run_folder_are_escaped(tmp_path, capsys):
    """#19 class 23: an id in run.json with terminal escapes cleared the screen and added fake lines."""
    run = _make_run(tmp_path, "esc")
    data = json.loads(RunLayout(run.path).run_json.read_text())
    data["id"] = "evil\x1b[2J\x1b]0;title\x07\rfake line\x9b31m"
    RunLayout(run.path).run_json.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run_cli(["runs", "--workspace", tmp_path], capsys)
    assert code == 0, err
    assert not any(c in out for c in "\x1b\x07\r\x9b")
    assert "evil\\x1b[2J" in out


# -- class 24: a closed pipe --------------------------------------------------------------------------------

def _pipe_closed_after_one_line(argv: list) -> subprocess.CompletedProcess:
    """`so8t ARGV | head -1`, without a shell: read one line, close the pipe, collect stderr."""
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": root}
    proc = subprocess.Popen([*so8t_executable(), *map(str, argv)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=120)
    return subprocess.CompletedProcess(argv, proc.returncode, "", err)


def test_class_24_runs_into_a_closed_pipe_ends_quietly(tmp_path):
    """#19 class 24: `so8t runs | head -3` printed a BrokenPipeError traceback."""
    for i in range(400):  # more than a pipe buffer of output
        Run.create(tmp_path, {}, stages=["train"], name=f"r{i}")
    proc = _pipe_closed_after_one_line(["runs", "--workspace", tmp_path])
    assert proc.stderr == "", proc.stderr


def test_class_24_a_broken_pipe_in_process_is_quiet(tmp_path, capsys, monkeypatch):
    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    from so8t.cli import BROKEN_PIPE_EXIT, main

    _make_run(tmp_path, "r")
    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["runs", "--workspace", str(tmp_path)]) == BROKEN_PIPE_EXIT
    assert capsys.readouterr().err == ""


# -- class 25: links and special files in a run folder -----------------------------------------------------

def test_class_25_an_audit_log_that_is_a_link_is_not_appended_to(demo_run, tmp_path, capsys):
    """#19 class 25: audit.jsonl as a symlink was appended to its target."""
    run = _moved_demo(demo_run, tmp_path)
    target = tmp_path / "target.txt"
    target.write_text("untouched\n", encoding="utf-8")
    audit = run / "audit.jsonl"
    audit.unlink(missing_ok=True)
    audit.symlink_to(target)
    refuse(["chat", "--gguf", _gguf(run), "--run", run, "--prompt", "hello", "--max-tokens", "2"], capsys,
           str(audit), "link")
    assert target.read_text(encoding="utf-8") == "untouched\n"


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["calibration-dev-zero", "triality-fifo", "events-dev-zero"])
def test_class_25_report_never_reads_a_special_file_of_the_run(damage, demo_run, tmp_path):
    """#19 class 25: calibration.json -> /dev/zero took `report` over 3 GB; a FIFO triality.json hung it."""
    run = _moved_demo(demo_run, tmp_path)
    name = {"calibration-dev-zero": "calibration.json", "triality-fifo": "triality.json",
            "events-dev-zero": "events.jsonl"}[damage]
    (run / name).unlink()
    if damage.endswith("fifo"):
        os.mkfifo(run / name)
    else:
        (run / name).symlink_to("/dev/zero")
    proc = run_real(["report", run, "--pdf", tmp_path / "r.pdf"], timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    if proc.returncode != 0:
        assert_one_line_error(proc.returncode, proc.stderr, name)


# -- class 26: checkpoints of a folder that is no run -------------------------------------------------------

def test_class_26_checkpoints_of_a_folder_that_is_no_run_is_exit_2(tmp_path, capsys):
    """#19 class 26: `so8t checkpoints /etc` said "(no checkpoints)" with exit 0."""
    (tmp_path / "passwd").write_text("x")
    refuse(["checkpoints", tmp_path], capsys, str(tmp_path), "not a run")


def test_class_26_a_fresh_run_without_checkpoints_is_still_listed(tmp_path, capsys):
    """Negative control: a run with no checkpoint yet is a run."""
    run = _make_run(tmp_path, "fresh")
    code, out, err = run_cli(["checkpoints", run.path], capsys)
    assert code == 0 and "(no checkpoints)" in out, err


# -- class 27: 100,000 messages ---------------------------------------------------------------------------

def test_class_27_a_huge_conversation_is_rendered_only_up_to_max_length(tiny_model_dirs, monkeypatch):
    """#19 class 27: 100,000 messages in one record rendered quadratically (still running at 120 s).
    Counted, not timed: the template renders stop once max_length tokens are there."""
    from so8t.model.folder import load_tokenizer
    from so8t.train import data as data_module

    tokenizer = load_tokenizer(tiny_model_dirs["llama"])
    renders = 0
    real_render = data_module._render

    def counting(*args, **kwargs):
        nonlocal renders
        renders += 1
        if renders > 1000:
            raise AssertionError("rendered over 1000 times for a sample of 64 tokens")
        return real_render(*args, **kwargs)

    monkeypatch.setattr(data_module, "_render", counting)
    conversation = [{"role": ("user", "assistant")[i % 2], "content": f"m{i}"} for i in range(100_000)]
    (sample,) = data_module.build_samples(tokenizer, [conversation], 64, warn=lambda _m: None)
    assert len(sample.input_ids) == 64 and sample.trained_tokens > 0


def test_class_27_a_huge_message_is_cut_before_it_is_tokenised(tiny_model_dirs, monkeypatch):
    """#19 class 11: text is truncated before it is tokenised (the tokenizer never sees 50 MB)."""
    from so8t.model.folder import load_tokenizer
    from so8t.train import data as data_module

    tokenizer = load_tokenizer(tiny_model_dirs["llama"])
    longest = 0
    real_call = type(tokenizer).__call__

    def spy(self, text, *args, **kwargs):
        nonlocal longest
        longest = max(longest, len(text) if isinstance(text, str) else 0)
        return real_call(self, text, *args, **kwargs)

    monkeypatch.setattr(type(tokenizer), "__call__", spy)
    conversation = [{"role": "user", "content": "word " * 200_000}, {"role": "assistant", "content": "ok"}]
    data_module.tokenize_conversation(tokenizer, conversation, 65)
    assert 0 < longest <= 65 * data_module.MAX_CHARS_PER_TOKEN


# -- class 29: absurd values and misleading hints -------------------------------------------------------

def test_class_29_a_300_character_run_name_is_refused_by_name(tiny_model_dirs, tmp_path, capsys):
    """#19 class 29: a 300-character run name got "pick a folder you can write to"."""
    config = tmp_path / "p.toml"
    model, data = Path(tiny_model_dirs["llama"]).as_posix(), SFT_SAMPLE.as_posix()
    config.write_text(f'[run]\nname = "{"n" * 300}"\nstages = ["train"]\n\n[train]\nmodel = "{model}"\n'
                      f'data = "{data}"\nmax_steps = 2\ndevice = "cpu"\n', encoding="utf-8")
    line = refuse(["run", "--config", config, "--workspace", tmp_path / "ws"], capsys, "name", "64")
    assert "pick a folder you can write to" not in line
    assert not (tmp_path / "ws" / "runs").exists()
