"""Bad input ends in one line naming the input and the fix, exit 2, and nothing half-written (F1-F14)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from so8t.train.data import SFT_SAMPLE
from tests.so8t.cli_checks import assert_one_line_error, refuse, run_real
from tests.so8t.conftest import REFERENCE_TRAIN_FLAGS

#: One valid record per command, so the damage below is what the reader meets.
GOOD = {
    "train": {"prompt": "hi", "response": "hello"},
    "triality": {"text": "hello", "label": "ALLOW"},
    "calibrate-data": {"text": "hello", "label": "ALLOW"},
    "calibrate-logits": {"logits": [1.0, 0.0, -1.0], "label": "ALLOW"},
}
#: The field each command tokenizes (or, for logits, reads as text): a lone surrogate there is what broke.
TEXT_FIELD = {"train": "prompt", "triality": "text", "calibrate-data": "text", "calibrate-logits": "label"}
LABELS = ("ALLOW", "ESCALATION", "DENY")


def _good_lines(good: dict, count: int = 60) -> str:
    """`count` valid records of every class, enough for a split: only the damage can be refused."""
    lines = [{**good, "label": LABELS[i % 3]} if "label" in good else good for i in range(count)]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines)


def _damaged(kind: str, command: str) -> bytes:
    """F1: not UTF-8 (random bytes, Latin-1, UTF-16, cut inside a multi-byte character).
    F2: valid UTF-8 that breaks a JSON reader or a tokenizer (huge integer, deep nesting, lone surrogate in
    the text that is tokenized: the tokenizer raised TypeError / UnicodeEncodeError there)."""
    good = GOOD[command]
    line = json.dumps(good, ensure_ascii=False) + "\n"
    lines = _good_lines(good)
    with_text = json.dumps({**good, "note": "café 日本語"}, ensure_ascii=False) + "\n"
    surrogate = json.dumps({**good, TEXT_FIELD[command]: "bad \ud800 text"})  # ASCII: \ud800 escaped
    return {
        "random": bytes(range(128, 256)) * 4,
        "latin1": (lines + with_text).encode("latin-1", "replace")[:-1] + "é\n".encode("latin-1"),
        "utf16": lines.encode("utf-16"),
        "torn": (lines + with_text).encode("utf-8")[:-4],  # inside the last 日本語 character
        "huge-int": (lines + line[:-2] + ', "n": ' + "9" * 5000 + "}\n").encode("utf-8"),
        "deep": (lines + "[" * 100_000 + "]" * 100_000 + "\n").encode("utf-8"),
        "surrogate": (lines + surrogate + "\n").encode("utf-8"),
    }[kind]


def _data_commands(model: Path, data: Path, tmp: Path) -> dict[str, list]:
    return {
        "train": ["train", "--model", model, "--data", data, "--out", tmp / "run", "--device", "cpu"],
        "triality": ["triality", "--model", model, "--data", data, "--scorer", "verbalizer"],
        "calibrate-data": ["calibrate", "--model", model, "--data", data, "--scorer", "verbalizer"],
        "calibrate-logits": ["calibrate", "--logits", data],
    }


@pytest.mark.parametrize("command", list(GOOD))
@pytest.mark.parametrize("kind", ["random", "latin1", "utf16", "torn", "huge-int", "deep", "surrogate"])
def test_data_files_that_cannot_be_read_are_one_line(kind, command, tiny_model_dirs, tmp_path, capsys):
    """F1, F2: a data file that is not UTF-8 JSON Lines is named with its line, never a traceback."""
    data = tmp_path / "data.jsonl"
    data.write_bytes(_damaged(kind, command))
    argv = _data_commands(Path(tiny_model_dirs["llama"]), data, tmp_path)[command]
    line = refuse(argv, capsys, str(data))
    assert "line" in line or "UTF" in line
    assert not (tmp_path / "run").exists()  # F14: a refused train leaves no run folder behind


@pytest.mark.parametrize("problem", ["no-model", "wrong-shape", "empty"])
def test_a_train_refused_on_its_input_leaves_no_out_folder(problem, tiny_model_dirs, tmp_path, capsys):
    """F14: a refusal that comes after the --out folder was made used to leave it holding only events.jsonl."""
    data = tmp_path / "data.jsonl"
    data.write_text({"no-model": SFT_SAMPLE.read_text(encoding="utf-8"), "wrong-shape": '{"foo": 1}\n{"bar": 2}\n',
                     "empty": ""}[problem], encoding="utf-8")
    model = tmp_path / "missing-model" if problem == "no-model" else Path(tiny_model_dirs["llama"])
    refuse(["train", "--model", model, "--data", data, "--out", tmp_path / "run", "--device", "cpu"], capsys,
           str(model if problem == "no-model" else data))
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("command", ["train", "train-flag", "run"])
def test_a_bad_data_file_is_refused_before_torch_is_loaded(command, tiny_model_dirs, tmp_path):
    """Fast: `so8t train` refuses a data file of the wrong shape or a NaN flag without importing torch (so in
    about the time of `so8t --help`); `so8t run` refuses the data file before a run folder exists (its stage
    list asks whether the training stage is installed, which imports torch)."""
    import subprocess
    import sys

    data = tmp_path / "data.jsonl"
    data.write_text('{"foo": 1}\n', encoding="utf-8")
    config = tmp_path / "run.toml"
    config.write_text(PIPELINE.format(model=tiny_model_dirs["llama"], data=data, extra=""), encoding="utf-8")
    argv = {"train": ["train", "--model", tiny_model_dirs["llama"], "--data", data, "--out", tmp_path / "run"],
            "train-flag": ["train", "--model", tiny_model_dirs["llama"], "--data", SFT_SAMPLE, "--out",
                           tmp_path / "run", "--lr", "nan"],
            "run": ["run", "--config", config, "--workspace", tmp_path / "ws"]}[command]
    probe = ("import sys; from so8t.cli import main; code = main(sys.argv[1:]); "
             "print('torch loaded' if 'torch' in sys.modules else 'no torch'); raise SystemExit(code)")
    root = str(Path(__file__).resolve().parents[2])
    proc = subprocess.run([sys.executable, "-c", probe, *map(str, argv)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": root}, check=False)
    assert_one_line_error(proc.returncode, proc.stderr, "learning_rate" if command == "train-flag" else str(data))
    if command != "run":
        assert proc.stdout.strip().splitlines()[-1] == "no torch"
    assert not (tmp_path / "run").exists()
    assert not (tmp_path / "ws").exists() or not any((tmp_path / "ws").rglob("run.json"))


# -- shared runs ---------------------------------------------------------------------------------

TRAIN_FLAGS = REFERENCE_TRAIN_FLAGS
PIPELINE = """
[run]
name = "bad"
stages = ["train"]
[train]
model = "{model}"
data = "{data}"
max_steps = 4
ckpt_every_steps = 2
device = "cpu"
quantize = "none"
lora_rank = 2
max_length = 48
kl_every_steps = 0
{extra}
"""


@pytest.fixture
def trained_run(reference_run) -> Path:
    """A `so8t train` run with checkpoints at steps 2 and 4: the session's reference run (read-only: copy
    before changing)."""
    return reference_run


@pytest.fixture(scope="module")
def pipeline_workspace(tiny_model_dirs, tmp_path_factory) -> Path:
    """A workspace with one finished `so8t run` (train only; read-only: copy before changing)."""
    from so8t.cli import main

    root = tmp_path_factory.mktemp("pipeline")
    config = root / "run.toml"
    config.write_text(PIPELINE.format(model=tiny_model_dirs["llama"], data=SFT_SAMPLE, extra=""), encoding="utf-8")
    assert main(["run", "--config", str(config), "--workspace", str(root / "ws")]) == 0
    return root / "ws"


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    return dst


def _only_run(workspace: Path) -> Path:
    (run,) = (workspace / "runs").iterdir()
    return run


# -- F3: model folders ---------------------------------------------------------------------------

def _set_config(model: Path, **changes) -> None:
    config = json.loads((model / "config.json").read_text())
    config.update(changes)
    (model / "config.json").write_text(json.dumps(config))


MODEL_DAMAGE = {
    "zero-heads": lambda m: _set_config(m, num_attention_heads=0),
    "type-list": lambda m: _set_config(m, model_type=["llama"]),
    "quant-yes": lambda m: _set_config(m, quantization_config="yes"),
    "header-list": lambda m: (m / "model.safetensors").write_bytes(
        (len(b"[1, 2]")).to_bytes(8, "little") + b"[1, 2]"),
}


@pytest.mark.parametrize("command", ["train", "bake"])
@pytest.mark.parametrize("damage", list(MODEL_DAMAGE))
def test_damaged_model_folders_are_one_line(damage, command, tiny_model_dirs, tmp_path, capsys):
    """F3: config.json values of the wrong kind and a safetensors header that is a list."""
    model = _copy(Path(tiny_model_dirs["llama"]), tmp_path / "model")
    MODEL_DAMAGE[damage](model)
    argv = {"train": ["train", "--model", model, "--data", SFT_SAMPLE, "--out", tmp_path / "run", *TRAIN_FLAGS],
            "bake": ["bake", "--model", model, "--random-gates", "--out", tmp_path / "baked"]}[command]
    refuse(argv, capsys, str(model))
    assert not (tmp_path / "run").exists() and not (tmp_path / "baked").exists()


@pytest.mark.parametrize("damage", ["missing", "random-bytes"])
def test_a_model_folder_without_a_usable_tokenizer_is_one_line(damage, tiny_model_dirs, tmp_path, capsys):
    """F3: tokenizer files missing, or tokenizer.json of random bytes."""
    model = _copy(Path(tiny_model_dirs["llama"]), tmp_path / "model")
    for name in ("tokenizer.json", "tokenizer_config.json"):
        if damage == "missing":
            (model / name).unlink()
        else:
            (model / name).write_bytes(bytes(range(256)) * 8)
    refuse(["train", "--model", model, "--data", SFT_SAMPLE, "--out", tmp_path / "run", *TRAIN_FLAGS], capsys,
           str(model))
    assert not (tmp_path / "run").exists()


# -- F4, smaller items: checkpoints --------------------------------------------------------------

MANIFEST_DAMAGE = {
    "entry-string": lambda m: m["files"].update({"gates.safetensors": "oops"}),
    "size-big": lambda m: m["files"]["gates.safetensors"].update(size="big"),
    "time-yesterday": lambda m: m.update(time="yesterday"),
    "files-list": lambda m: m.update(files=[1, 2]),
    "step-string": lambda m: m.update(step="4"),
}


@pytest.mark.parametrize("damage", list(MANIFEST_DAMAGE))
def test_a_wrong_typed_manifest_is_one_invalid_checkpoint(damage, trained_run, tmp_path, capsys):
    """F4: the damaged checkpoint is listed INVALID with its reason; the older one stays valid and resumes."""
    from so8t.cli import main

    run = _copy(trained_run, tmp_path / "run")
    path = run / "checkpoints" / "ckpt-4" / "manifest.json"
    manifest = json.loads(path.read_text())
    MANIFEST_DAMAGE[damage](manifest)
    path.write_text(json.dumps(manifest))
    capsys.readouterr()
    assert main(["checkpoints", str(run), "--json"]) == 0
    listed = {c["name"]: c for c in json.loads(capsys.readouterr().out.strip().splitlines()[-1])["checkpoints"]}
    assert listed["ckpt-2"]["valid"] is True
    assert listed["ckpt-4"]["valid"] is False and "manifest" in listed["ckpt-4"]["reason"]
    # train --resume skips the damaged one and continues from ckpt-2 to the end.
    assert main(["train", "--resume", str(run), "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["resumed_from"] == "ckpt-2" and result["final_step"] == 4


def test_resume_of_a_pipeline_run_with_a_damaged_manifest(pipeline_workspace, tmp_path, capsys):
    """F4 through `so8t resume`: an interrupted run whose newest manifest is damaged resumes from the older one."""
    from so8t.cli import main
    from so8t.store.runs import Run

    workspace = _copy(pipeline_workspace, tmp_path / "ws")
    run = Run.open(_only_run(workspace))
    run.set_stage("train", state="interrupted")
    manifest = run.path / "checkpoints" / "ckpt-4" / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"size": ', '"size": "big", "x": ', 1))
    capsys.readouterr()
    assert main(["resume", str(run.path)]) == 0, capsys.readouterr().err
    assert Run.open(run.path).stage("train")["state"] == "finished"


@pytest.mark.parametrize("name", ["ckpt-4", "ckpt-6"])
def test_a_checkpoint_folder_that_is_a_link_is_invalid(name, trained_run, tmp_path, capsys):
    """Smaller item: a checkpoint folder linking to another run's ckpt-4 (a complete, valid checkpoint whose
    manifest matches the name, or under a later name) is listed invalid, never resumed from."""
    from so8t.store.checkpoints import CheckpointStore

    other = _copy(trained_run, tmp_path / "other")
    run = _copy(trained_run, tmp_path / "run")
    link = run / "checkpoints" / name
    if link.exists():
        shutil.rmtree(link)
    link.symlink_to(other / "checkpoints" / "ckpt-4", target_is_directory=True)
    info = CheckpointStore(run).get(name)
    assert not info.valid and "link" in info.reason, info
    assert CheckpointStore(run).newest_valid().name == ("ckpt-2" if name == "ckpt-4" else "ckpt-4")


def test_a_linked_file_inside_a_checkpoint_is_invalid(trained_run, tmp_path):
    """Smaller item: a file replaced by a link (to an identical copy elsewhere) is refused, not followed."""
    from so8t.store.checkpoints import CheckpointStore

    run = _copy(trained_run, tmp_path / "run")
    gates = run / "checkpoints" / "ckpt-4" / "gates.safetensors"
    outside = tmp_path / "gates.safetensors"
    shutil.copy2(gates, outside)
    gates.unlink()
    gates.symlink_to(outside)
    info = CheckpointStore(run).get("ckpt-4")
    assert not info.valid and "gates.safetensors is a link" in info.reason


def test_a_workspace_that_is_a_link_stays_allowed(pipeline_workspace, tmp_path, capsys):
    """A workspace on another disk reached through a link: its runs and checkpoints stay valid."""
    from so8t.cli import main

    real = _copy(pipeline_workspace, tmp_path / "real")
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    capsys.readouterr()
    assert main(["runs", "--workspace", str(tmp_path / "link"), "--json"]) == 0
    (summary,) = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["runs"]
    assert summary["state"] == "finished"
    assert main(["checkpoints", summary["path"], "--json"]) == 0
    listed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["checkpoints"]
    assert [c["valid"] for c in listed] == [True, True]


@pytest.mark.parametrize("name", ["../../x", "../ckpt-2", "ckpt-99"])
def test_pin_refuses_names_that_are_not_checkpoints_of_the_run(name, trained_run, tmp_path, capsys):
    """Smaller item: `checkpoints --pin ../../x` is refused and never reaches pinned.json."""
    run = _copy(trained_run, tmp_path / "a" / "b" / "run")
    (run.parent / "x").mkdir()  # what checkpoints/../../x names
    refuse(["checkpoints", run, "--pin", name], capsys, name)
    assert not (run / "checkpoints" / "pinned.json").exists()


# -- F5: run.json --------------------------------------------------------------------------------

RUN_DAMAGE = {
    "created-yesterday": lambda d: d.update(created="yesterday"),
    "format-string": lambda d: d.update(format="1"),
    "stage-string": lambda d: d.update(stages={"train": "finished"}),
    "truncated": None,
    "empty": None,
}


@pytest.mark.parametrize("damage", list(RUN_DAMAGE))
def test_one_damaged_run_json_is_listed_as_damaged(damage, pipeline_workspace, tmp_path, capsys):
    """F5: `so8t runs` lists every run; the damaged one says why; `resume` of it is one line."""
    from so8t.cli import main

    workspace = _copy(pipeline_workspace, tmp_path / "ws")
    good = _only_run(workspace)
    bad = _copy(good, workspace / "runs" / "bad-run")
    path = bad / "run.json"
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:40])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        data = json.loads(path.read_text())
        RUN_DAMAGE[damage](data)
        path.write_text(json.dumps(data))
    capsys.readouterr()
    assert main(["runs", "--workspace", str(workspace), "--json"]) == 0
    runs = {r["path"]: r for r in json.loads(capsys.readouterr().out.strip().splitlines()[-1])["runs"]}
    assert runs[str(good)]["state"] == "finished"
    assert runs[str(bad)]["state"] == "damaged" and runs[str(bad)]["reason"]
    refuse(["resume", bad], capsys, str(path))


# -- F6, F8: report ------------------------------------------------------------------------------

@pytest.mark.slow
def test_report_reads_an_events_log_torn_inside_a_character(tmp_path, capsys):
    """F6: a line torn inside a multi-byte character is skipped; the lines after it are read."""
    from so8t.cli import main
    from tests.sample_run import write_sample_run

    run = write_sample_run(tmp_path / "runs")
    with open(run / "events.jsonl", "ab") as f:
        f.write('{"v":1,"kind":"log","msg":"日本'.encode()[:-1] + b"\n")
        f.write(b'{"v":1,"kind":"log","level":"info","msg":"after"}\n')
    capsys.readouterr()
    code = main(["report", str(run), "--pdf", str(tmp_path / "report.pdf")])
    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "report.pdf").stat().st_size > 1000


@pytest.mark.slow
def test_report_takes_relative_paths_from_the_callers_folder(tmp_path, monkeypatch, capsys):
    """F8: a relative RUN and --pdf are the caller's, not the install folder's."""
    from so8t.cli import main
    from tests.sample_run import write_sample_run

    write_sample_run(tmp_path / "runs")
    project = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    try:
        code = main(["report", "runs/r-sample", "--pdf", "rel-f8.pdf"])
        assert code == 0, capsys.readouterr().err
        assert (tmp_path / "rel-f8.pdf").stat().st_size > 1000
        assert not (project / "rel-f8.pdf").exists()
    finally:
        (project / "rel-f8.pdf").unlink(missing_ok=True)


# -- F7: GGUF ------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["garbage", "magic-then-garbage", "truncated", "empty"])
def test_check_gguf_on_a_broken_file_is_one_line(kind, tiny_model_dirs, tmp_path, capsys):
    """F7: `so8t check-gguf` refuses what `quantize` refuses, naming the file."""
    import random

    gguf = tmp_path / "model.gguf"
    rng = random.Random(0)
    if kind == "truncated":
        from so8t.cli import main

        assert main(["export-gguf", "--model", str(tiny_model_dirs["llama"]), "--out", str(gguf), "--no-check",
                     "--no-modelfile"]) == 0
        gguf.write_bytes(gguf.read_bytes()[:5000])
    else:
        body = bytes(rng.randrange(256) for _ in range(4096))
        gguf.write_bytes({"garbage": body, "magic-then-garbage": b"GGUF\x03\x00\x00\x00" + body, "empty": b""}[kind])
    refuse(["check-gguf", "--gguf", gguf, "--model", tiny_model_dirs["llama"]], capsys, str(gguf))


# -- F10: --checkpoint of another run ------------------------------------------------------------

def test_resume_with_another_runs_checkpoint_is_refused_and_the_run_stays_finished(pipeline_workspace, tmp_path,
                                                                                  capsys):
    """F10: the path is refused before anything runs; the finished run is not marked failed."""
    from so8t.store.runs import Run

    workspace = _copy(pipeline_workspace, tmp_path / "ws")
    run = _only_run(workspace)
    other = _copy(run, tmp_path / "other-run")
    foreign = other / "checkpoints" / "ckpt-2"
    refuse(["resume", run, "--checkpoint", foreign], capsys, str(foreign))
    refuse(["train", "--resume", _copy(run, tmp_path / "plain"), "--checkpoint", foreign], capsys, str(foreign))
    assert Run.open(run).stage("train")["state"] == "finished"


# -- F14: --out ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["file", "unrelated", "a-run"])
def test_train_out_must_be_a_new_or_empty_folder(kind, trained_run, tiny_model_dirs, tmp_path, capsys):
    """F14: an existing file, a folder of other files, or a run (resume it instead) are refused untouched."""
    out = tmp_path / "out"
    if kind == "file":
        out.write_text("notes")
    elif kind == "unrelated":
        out.mkdir()
        (out / "thesis.tex").write_text("\\documentclass{article}")
    else:
        _copy(trained_run, out)
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    line = refuse(["train", "--model", tiny_model_dirs["llama"], "--data", SFT_SAMPLE, "--out", out, *TRAIN_FLAGS],
                  capsys, str(out))
    if kind == "a-run":
        assert "--resume" in line
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


# -- smaller items: configs ----------------------------------------------------------------------

@pytest.mark.parametrize("extra", ["max_steps = -5", "learning_rate = nan", "learning_rate = inf",
                                   "ckpt_every_seconds = nan", "gate_learning_rate = -inf"])
def test_bad_train_values_in_a_pipeline_config_are_refused_before_a_run_folder_exists(extra, tiny_model_dirs,
                                                                                       tmp_path, capsys):
    import re

    config = tmp_path / "run.toml"
    key = extra.split(" =")[0]
    text = PIPELINE.format(model=tiny_model_dirs["llama"], data=SFT_SAMPLE, extra="")
    text = re.sub(rf"(?m)^{key} = .*$", "", text) + extra + "\n"
    config.write_text(text, encoding="utf-8")
    refuse(["run", "--config", config, "--workspace", tmp_path / "ws"], capsys, extra.split(" =")[0])
    assert not (tmp_path / "ws").exists() or not any((tmp_path / "ws").rglob("*"))


@pytest.mark.parametrize("flags", [["--lr", "inf"], ["--lr", "nan"], ["--ckpt-every-seconds", "nan"],
                                   ["--max-steps", "-5"], ["--lora-dropout", "nan"]])
def test_bad_train_flags_are_refused_before_the_out_folder_exists(flags, tiny_model_dirs, tmp_path, capsys):
    refuse(["train", "--model", tiny_model_dirs["llama"], "--data", SFT_SAMPLE, "--out", tmp_path / "run",
            *TRAIN_FLAGS, *flags], capsys)
    assert not (tmp_path / "run").exists()


def test_a_toml_config_with_a_byte_order_mark_is_read(tiny_model_dirs, tmp_path, capsys):
    """Smaller item: Windows editors write a BOM; the config is read as if it were not there."""
    from so8t.pipeline.runner import load_config

    config = tmp_path / "run.toml"
    text = PIPELINE.format(model=tiny_model_dirs["llama"], data=SFT_SAMPLE, extra="")
    config.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_config(config).stages == ["train"]
    train_toml = tmp_path / "train.toml"
    train_toml.write_bytes(b"\xef\xbb\xbf" + b"[train]\nmax_steps = 3\n")
    from so8t.train.config import TrainConfig

    assert TrainConfig.from_file(train_toml).max_steps == 3


# -- F12, F13: permissions, as a user without root's override, or with EACCES injected ----------------

PERMISSIONS = ["unprivileged", "injected"]


def _unprivileged() -> list[str]:
    """A prefix that runs the command without root's permission override (plain user: nothing needed)."""
    if os.name != "posix" or os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("root without setpriv: the injected variant tests this case")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"]


def _injected_once_where_unprivileged_runs(how: str, case: str, kept: str) -> None:
    """Where the real variant runs (a plain user, or root with setpriv), the injected one runs for case `kept`
    only (suite time: the same one-line refusal, a child each); elsewhere it runs for every case."""
    real_runs = os.name == "posix" and (os.geteuid() != 0 or shutil.which("setpriv") is not None)
    if how == "injected" and case != kept and real_runs:
        pytest.skip("the unprivileged variant covers this case here; injected for every case where it cannot run")


def _run_denied(how: str, argv: list, *, read_only: list[Path] = (), unreadable: list[Path] = ()):
    """`so8t argv` where `read_only` folders refuse changes and `unreadable` files refuse reading: for real
    (file modes, as a user without root's override) or with EACCES injected at the OS layer of the child."""
    import json as _json
    import sys

    if how == "unprivileged":
        return run_real(argv, prefix=_unprivileged())
    spec = {"errno": "EACCES", "under": [str(p) for p in read_only], "unreadable": [str(p) for p in unreadable]}
    return run_real(argv, executable=[sys.executable, "-m", "tests.so8t.injected_errors", _json.dumps(spec)])


def _read_only(folder: Path) -> None:
    for p in [folder, *folder.rglob("*")]:
        if not p.is_symlink():
            p.chmod(0o555 if p.is_dir() else 0o444)


def _writable(folder: Path) -> None:
    for p in [folder, *folder.rglob("*")]:
        if not p.is_symlink():
            p.chmod(0o755 if p.is_dir() else 0o644)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize("how", PERMISSIONS)
@pytest.mark.parametrize("command", ["resume", "train-resume", "pin", "train-out"])
def test_a_read_only_workspace_is_one_line_and_left_untouched(command, how, pipeline_workspace, trained_run,
                                                             tiny_model_dirs, tmp_path):
    """F12: resume, train --resume, checkpoints --pin and train --out in a read-only folder."""
    from so8t.store.runs import Run

    _injected_once_where_unprivileged_runs(how, command, kept="pin")
    workspace = _copy(pipeline_workspace, tmp_path / "ws")
    Run.open(_only_run(workspace)).set_stage("train", state="interrupted")
    run = _copy(trained_run, tmp_path / "trained")
    ro = tmp_path / "ro"
    ro.mkdir()
    argv, name = {"resume": (["resume", _only_run(workspace)], _only_run(workspace)),
                  "train-resume": (["train", "--resume", run], run),
                  "pin": (["checkpoints", run, "--pin", "ckpt-2"], run),
                  "train-out": (["train", "--model", tiny_model_dirs["llama"], "--data", SFT_SAMPLE, "--out",
                                 ro / "new", *TRAIN_FLAGS], ro / "new")}[command]
    before = {"ws": _snapshot(workspace), "run": _snapshot(run)}
    for folder in (workspace, run, ro):
        _read_only(folder)
    try:
        proc = _run_denied(how, argv, read_only=[workspace, run, ro])
        assert_one_line_error(proc.returncode, proc.stderr, str(name))
    finally:
        for folder in (workspace, run, ro):
            _writable(folder)
    assert _snapshot(workspace) == before["ws"] and _snapshot(run) == before["run"]
    assert list(ro.iterdir()) == []


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize("how", PERMISSIONS)
@pytest.mark.parametrize("which", ["data", "config.json", "toml", "safetensors"])
def test_unreadable_inputs_are_one_line_naming_the_file(which, how, tiny_model_dirs, tmp_path):
    """F13: an unreadable data file, config.json, TOML config or safetensors file (not "corrupt")."""
    _injected_once_where_unprivileged_runs(how, which, kept="data")
    model = _copy(Path(tiny_model_dirs["llama"]), tmp_path / "model")
    data = tmp_path / "data.jsonl"
    shutil.copy2(SFT_SAMPLE, data)
    toml = tmp_path / "run.toml"
    toml.write_text(PIPELINE.format(model=model, data=data, extra=""), encoding="utf-8")
    train = ["train", "--model", model, "--data", data, "--out", tmp_path / "run", *TRAIN_FLAGS]
    file, argv = {"data": (data, train), "config.json": (model / "config.json", train),
                  "toml": (toml, ["run", "--config", toml, "--workspace", tmp_path / "ws"]),
                  "safetensors": (model / "model.safetensors",
                                  ["bake", "--model", model, "--random-gates", "--out", tmp_path / "b"])}[which]
    file.chmod(0o000)
    try:
        proc = _run_denied(how, argv, unreadable=[file])
    finally:
        file.chmod(0o644)
    line = assert_one_line_error(proc.returncode, proc.stderr, str(file))
    assert "corrupt" not in line and ("permission" in line.lower() or "cannot be read" in line), line
    assert not (tmp_path / "run").exists() and not (tmp_path / "b").exists()
