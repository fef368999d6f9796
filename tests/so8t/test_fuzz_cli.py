"""Property-based fuzzing of every input the CLI reads, through the CLI: the outcome is always exit 0 or 2,
never a traceback, at most one error line, no partial file left, and what was valid stays valid and listed.

Inputs: data files (JSONL), TOML configs, model folders, checkpoint manifests, run.json, events.jsonl,
GGUF headers, a full disk (tmpfs) and unreadable or read-only files (as a user without root's override);
since issue #19 also JSON lines over the line cap, locks, FIFOs and devices where files are read,
config.json against the weights, and hostile chat templates.
Cases are derived from valid files by byte and JSON mutations with a fixed seed (FUZZ_SEED); most call
`so8t.cli.main` in process, REAL_CASES of them run the installed `so8t` executable. A failure prints the
seed and the example, and `FUZZ_SEED=<n> pytest tests/so8t/test_fuzz_cli.py` replays another seed.
Where a tmpfs cannot be mounted or root's override cannot be dropped (setpriv), the full-disk and
permission cases get ENOSPC / EACCES injected at the OS layer instead (tests/so8t/injected_errors.py);
FUZZ_INJECT=1 injects them everywhere. The cases through the real executable (and the FIFO cases, each a
child) are marked slow: `pytest -m "not slow"` runs the in-process ones.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, seed, settings
from hypothesis import strategies as st

from so8t.resources import DEMO_DATA_FILES
from so8t.store.checkpoints import CheckpointStore
from so8t.train.data import SFT_SAMPLE
from tests.so8t.cli_checks import error_lines, run_cli, run_real
from tests.so8t.injected_errors import injected

FUZZ_SEED = int(os.environ.get("FUZZ_SEED", "20261201"))
#: Inject the full disk and the permission errors even where a tmpfs and setpriv are available.
FORCE_INJECT = os.environ.get("FUZZ_INJECT") == "1"
#: Cases per input kind: (in process, real executable).
CASES = {
    "logits": (120, 5), "sft": (12, 0), "train-toml": (70, 5), "pipeline-toml": (30, 0), "model": (30, 5),
    "manifest": (90, 5), "run-json": (90, 5), "events": (0, 4), "gguf": (25, 4), "disk-full": (20, 3),
    "permissions": (0, 6), "jsonl-lines": (25, 0), "locks": (30, 3), "special-files": (12, 0),
    "config-weights": (20, 0), "templates": (12, 0),
}
RAN: dict[str, int] = {}

#: Values that broke readers before: the edges of JSON/TOML numbers, types and text.
NASTY_JSON: list[Any] = [None, True, 0, -1, -5, 2**63, 10**30, 1e308, -1e308, 0.0, "", "yesterday", "1", "big",
                         "\ud800", "日本語", [], [1, 2], {}, {"a": {"b": []}}, "../../x", "/etc/passwd", "ckpt-1"]
NASTY_BYTES = [b"\xff\xfe", b"\xef\xbb\xbf", b"\x00", b"\xe6\x97", b"\\ud800", b"NaN", b"1e999", b"-0",
               b"9" * 5000, b"[" * 3000, b"{" * 3000, b'"', b"\n", b"\r\n", b"\t", b"nan", b"inf"]


def _settings(kind: str, *, real: bool = False):
    count = CASES[kind][1 if real else 0]
    return settings(max_examples=count, deadline=None, database=None, derandomize=False, print_blob=True,
                    suppress_health_check=list(HealthCheck))


# -- mutations -----------------------------------------------------------------------------------

def byte_mutation() -> st.SearchStrategy[Callable[[bytes], bytes]]:
    """A function that damages bytes: cut, flip, insert, splice a nasty token, re-encode."""

    def build(ops: list[tuple[str, float, int, int]]) -> Callable[[bytes], bytes]:
        def apply(data: bytes) -> bytes:
            for op, where, value, token in ops:
                pos = int(where * len(data))
                if op == "cut":
                    data = data[:pos]
                elif op == "flip" and data:
                    pos = min(pos, len(data) - 1)
                    data = data[:pos] + bytes([data[pos] ^ (value or 1)]) + data[pos + 1:]
                elif op == "insert":
                    data = data[:pos] + NASTY_BYTES[token % len(NASTY_BYTES)] + data[pos:]
                elif op == "replace":
                    data = data[:pos] + NASTY_BYTES[token % len(NASTY_BYTES)] + data[pos + value % 8:]
                elif op == "utf16":
                    data = data.decode("utf-8", "replace").encode("utf-16")
                elif op == "latin1":
                    data = data.decode("utf-8", "replace").encode("latin-1", "replace")
            return data
        return apply

    op = st.tuples(st.sampled_from(["cut", "flip", "insert", "replace", "utf16", "latin1"]),
                   st.floats(0, 1), st.integers(0, 255), st.integers(0, 1000))
    return st.lists(op, min_size=1, max_size=4).map(build)


def json_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.sampled_from(NASTY_JSON), st.integers(), st.floats(allow_nan=False),
                        st.text(max_size=20))
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                        max_leaves=6)


def json_mutation() -> st.SearchStrategy[Callable[[Any], Any]]:
    """A function that changes one value somewhere in a JSON document (or deletes it) to another type."""

    def build(args: tuple[list[int], Any, bool]) -> Callable[[Any], Any]:
        path, value, delete = args

        def apply(doc: Any) -> Any:
            doc = json.loads(json.dumps(doc))
            parent, key, node = None, None, doc
            for index in path:
                children = list(node.items()) if isinstance(node, dict) else list(enumerate(node)) \
                    if isinstance(node, list) else []
                if not children:
                    break
                parent, (key, node) = node, children[index % len(children)]
            if parent is None:
                return value
            if delete and isinstance(parent, dict):
                del parent[key]
            else:
                parent[key] = value
            return doc
        return apply

    return st.tuples(st.lists(st.integers(0, 50), min_size=1, max_size=4), json_values(), st.booleans()).map(build)


def damaged_json(doc: Any) -> st.SearchStrategy[bytes]:
    """A JSON document changed in its values or in its bytes (or both)."""
    text = st.builds(lambda m: json.dumps(m(doc), ensure_ascii=False).encode("utf-8", "surrogatepass"),
                     json_mutation())
    raw = st.builds(lambda m: m(json.dumps(doc, indent=2).encode("utf-8")), byte_mutation())
    both = st.builds(lambda m, b: b(json.dumps(m(doc)).encode("utf-8", "surrogatepass")), json_mutation(),
                     byte_mutation())
    return st.one_of(text, raw, both)


# -- outcome checks ------------------------------------------------------------------------------

_PARTIAL_MARKS = (".tmp", ".partial")


def leftovers(folder: Path, before: set[str]) -> list[str]:
    """Temp files, partial folders and new empty folders under `folder` that were not there before."""
    bad = []
    for p in folder.rglob("*"):
        name = str(p.relative_to(folder))
        if name in before:
            continue
        if p.name.endswith(_PARTIAL_MARKS) or ".old-" in p.name or p.name.startswith(".lock."):
            bad.append(name)
        elif p.is_dir() and not p.is_symlink() and not any(p.iterdir()):
            bad.append(name + "/ (empty)")
    return bad


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def check_outcome(kind: str, code: int, err: str, *, pipeline: bool = False) -> None:
    note(f"fuzz seed {FUZZ_SEED}, input kind {kind}: exit {code}, stderr {err[-1500:]!r}")
    assert code in (0, 2), f"exit {code}"
    assert "Traceback" not in err
    lines = error_lines(err)
    if code == 2:
        # A pipeline echoes its stages on stderr; the error itself is still one line, and the last.
        errors = [line for line in lines if ": error: " in line] if pipeline else lines
        assert len(errors) == 1 and (not pipeline or lines[-1] == errors[0]), lines


def _count(kind: str) -> None:
    RAN[kind] = RAN.get(kind, 0) + 1


@pytest.fixture(scope="module")
def assets(tiny_model_dirs, tmp_path_factory) -> dict[str, Path]:
    """Valid inputs of every kind, built once: the cases damage copies of them."""
    from so8t.cli import main
    from tests.sample_run import write_sample_run

    root = tmp_path_factory.mktemp("fuzz-assets")
    model = Path(tiny_model_dirs["llama"])
    run = root / "trained"
    assert main(["train", "--model", str(model), "--data", str(SFT_SAMPLE), "--out", str(run), "--device", "cpu",
                 "--max-steps", "2", "--ckpt-every-steps", "1", "--ckpt-every-seconds", "0", "--max-length", "32",
                 "--lora-rank", "1", "--kl-every-steps", "0"]) == 0
    gguf = root / "tiny.gguf"
    assert main(["export-gguf", "--model", str(model), "--out", str(gguf), "--no-check", "--no-modelfile"]) == 0
    workspace = root / "ws"
    write_sample_run(workspace / "runs", "r-one", steps=5)
    write_sample_run(workspace / "runs", "r-two", steps=5)
    logits = root / "logits.jsonl"
    rng = random.Random(0)
    labels = ["ALLOW", "ESCALATION", "DENY"]
    logits.write_text("".join(json.dumps({"logits": [rng.gauss(0, 1) for _ in range(3)], "label": labels[i % 3]})
                              + "\n" for i in range(60)), encoding="utf-8")
    return {"model": model, "run": run, "gguf": gguf, "workspace": workspace, "logits": logits, "root": root}


class Case:
    """A scratch folder per generated case, removed afterwards."""

    def __init__(self, root: Path) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="case-", dir=root))

    def __enter__(self) -> Path:
        return self.dir

    def __exit__(self, *exc: Any) -> None:
        for p in [self.dir, *self.dir.rglob("*")]:
            if not p.is_symlink():
                with _suppress():
                    p.chmod(0o755 if p.is_dir() else 0o644)
        shutil.rmtree(self.dir, ignore_errors=True)


def _suppress():
    import contextlib

    return contextlib.suppress(OSError)


def _run(argv: list, capsys, real: bool) -> tuple[int, str]:
    if real:
        proc = run_real(argv, timeout=240)
        return proc.returncode, proc.stderr
    code, _, err = run_cli(argv, capsys)
    return code, err


# -- data files ----------------------------------------------------------------------------------

def _logits_case(assets, capsys, mutate, real: bool) -> None:
    with Case(assets["root"]) as case:
        data = case / "logits.jsonl"
        data.write_bytes(mutate(assets["logits"].read_bytes()))
        before = tree(case)
        code, err = _run(["calibrate", "--logits", data, "--out", case / "out"], capsys, real)
        check_outcome("logits", code, err)
        assert not leftovers(case, before)
        _count("logits-real" if real else "logits")


@seed(FUZZ_SEED)
@_settings("logits")
@given(mutate=byte_mutation())
def test_fuzz_logits_files(assets, capsys, mutate):
    _logits_case(assets, capsys, mutate, False)


@pytest.mark.slow
@seed(FUZZ_SEED)
@_settings("logits", real=True)
@given(mutate=byte_mutation())
def test_fuzz_logits_files_real(assets, capsys, mutate):
    _logits_case(assets, capsys, mutate, True)


@seed(FUZZ_SEED)
@_settings("sft")
@given(mutate=byte_mutation())
def test_fuzz_sft_data(assets, capsys, mutate):
    with Case(assets["root"]) as case:
        data = case / "sft.jsonl"
        data.write_bytes(mutate(SFT_SAMPLE.read_bytes()[:3000]))
        code, err = _run(["train", "--model", assets["model"], "--data", data, "--out", case / "run", "--device",
                          "cpu", "--max-steps", "1", "--max-length", "16", "--lora-rank", "1", "--kl-every-steps",
                          "0"], capsys, False)
        check_outcome("sft", code, err)
        assert code == 0 or not (case / "run").exists()
        _count("sft")


CASES["data"] = (30, 0)


@pytest.fixture(scope="module")
def data_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-data")


@seed(FUZZ_SEED)
@_settings("data")
@given(mutate=byte_mutation(), which=st.sampled_from(DEMO_DATA_FILES))
def test_fuzz_data_files(data_root, capsys, mutate, which):
    """`so8t data` on damaged JSONL, JSON and CSV files: prepared, or one line and no run folder."""
    with Case(data_root) as case:
        data = case / which.name
        data.write_bytes(mutate(which.read_bytes()))
        before = tree(case)
        code, err = _run(["data", data, "--out", case / "run"], capsys, False)
        check_outcome("data", code, err)
        assert code == 0 or not (case / "run").exists()
        assert not leftovers(case, before)
        _count("data")


# -- TOML configs --------------------------------------------------------------------------------

TRAIN_TOML = b'[train]\nmax_steps = 4\nlearning_rate = 2e-4\nckpt_every_seconds = 30.0\nkeep = 3\ndevice = "cpu"\n' \
             b'pet_lambdas = [0.01, 0.05, 0.1]\nlora_dropout = 0.05\n'
TOML_NASTY = [b"nan", b"inf", b"-inf", b"-5", b"0", b"1e400", b'"x"', b"[]", b"true", b"{a=1}", b"9" * 30]


def toml_mutation() -> st.SearchStrategy[Callable[[bytes], bytes]]:
    """Either bytes damage, or one value of a line replaced by an edge value (NaN, inf, negative, wrong type)."""

    def replace_value(line_index: int, token: int) -> Callable[[bytes], bytes]:
        def apply(data: bytes) -> bytes:
            lines = data.split(b"\n")
            candidates = [i for i, line in enumerate(lines) if b" = " in line]
            i = candidates[line_index % len(candidates)]
            lines[i] = lines[i].split(b" = ")[0] + b" = " + TOML_NASTY[token % len(TOML_NASTY)]
            return b"\n".join(lines)
        return apply

    return st.one_of(byte_mutation(), st.builds(replace_value, st.integers(0, 50), st.integers(0, 50)))


def _train_toml_case(assets, capsys, mutate, real: bool) -> None:
    with Case(assets["root"]) as case:
        config = case / "train.toml"
        config.write_bytes(mutate(TRAIN_TOML))
        before = tree(case)
        # The model is missing: a config that parses is refused there, before anything is written.
        code, err = _run(["train", "--config", config, "--model", case / "no-model", "--data", SFT_SAMPLE, "--out",
                          case / "run"], capsys, real)
        check_outcome("train-toml", code, err)
        assert code == 2 and not leftovers(case, before) and not (case / "run").exists()
        _count("train-toml-real" if real else "train-toml")


@seed(FUZZ_SEED)
@_settings("train-toml")
@given(mutate=toml_mutation())
def test_fuzz_train_toml(assets, capsys, mutate):
    _train_toml_case(assets, capsys, mutate, False)


@pytest.mark.slow
@seed(FUZZ_SEED)
@_settings("train-toml", real=True)
@given(mutate=toml_mutation())
def test_fuzz_train_toml_real(assets, capsys, mutate):
    _train_toml_case(assets, capsys, mutate, True)


@seed(FUZZ_SEED)
@_settings("pipeline-toml")
@given(mutate=toml_mutation())
def test_fuzz_pipeline_toml(assets, capsys, mutate):
    with Case(assets["root"]) as case:
        config = case / "run.toml"
        body = b'[run]\nname = "fuzz"\nstages = ["train"]\n' + TRAIN_TOML + \
            f'model = "{case / "no-model"}"\ndata = "{SFT_SAMPLE}"\n'.encode()
        config.write_bytes(mutate(body))
        code, err = _run(["run", "--config", config, "--workspace", case / "ws"], capsys, False)
        check_outcome("pipeline-toml", code, err, pipeline=True)
        assert not leftovers(case, set())
        _count("pipeline-toml")


# -- model folders -------------------------------------------------------------------------------

MODEL_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")


def _damage_model(model: Path, which: int, mutate_json, mutate_bytes) -> str:
    name = MODEL_FILES[which % len(MODEL_FILES)]
    path = model / name
    if name == "model.safetensors":
        data = path.read_bytes()
        header_len = int.from_bytes(data[:8], "little")
        path.write_bytes(mutate_bytes(data[: 8 + header_len]) + data[8 + header_len:])
    elif name == "config.json" and which % 2:
        path.write_text(json.dumps(mutate_json(json.loads(path.read_text()))), encoding="utf-8")
    else:
        path.write_bytes(mutate_bytes(path.read_bytes()))
    return name


def _model_case(assets, capsys, which, mutate_json, mutate_bytes, real: bool) -> None:
    with Case(assets["root"]) as case:
        model = shutil.copytree(assets["model"], case / "model")
        note(f"damaged {_damage_model(model, which, mutate_json, mutate_bytes)}")
        before = tree(case)
        code, err = _run(["bake", "--model", model, "--random-gates", "--out", case / "baked"], capsys, real)
        check_outcome("model", code, err)
        assert not leftovers(case, before)
        assert code == 0 or not (case / "baked").exists()
        _count("model-real" if real else "model")


@seed(FUZZ_SEED)
@_settings("model")
@given(which=st.integers(0, 7), mutate_json=json_mutation(), mutate_bytes=byte_mutation())
def test_fuzz_model_folders(assets, capsys, which, mutate_json, mutate_bytes):
    _model_case(assets, capsys, which, mutate_json, mutate_bytes, False)


@pytest.mark.slow
@seed(FUZZ_SEED)
@_settings("model", real=True)
@given(which=st.integers(0, 7), mutate_json=json_mutation(), mutate_bytes=byte_mutation())
def test_fuzz_model_folders_real(assets, capsys, which, mutate_json, mutate_bytes):
    _model_case(assets, capsys, which, mutate_json, mutate_bytes, True)


# -- manifests and run.json ----------------------------------------------------------------------

def _listed(out: str) -> Any:
    return json.loads(out.strip().splitlines()[-1])


def _manifest_case(assets, capsys, damage: bytes, real: bool) -> None:
    with Case(assets["root"]) as case:
        run = shutil.copytree(assets["run"], case / "run")
        (run / "checkpoints" / "ckpt-2" / "manifest.json").write_bytes(damage)
        before = tree(case)
        if real:
            proc = run_real(["checkpoints", run, "--json"])
            code, out, err = proc.returncode, proc.stdout, proc.stderr
        else:
            code, out, err = run_cli(["checkpoints", str(run), "--json"], capsys)
        check_outcome("manifest", code, err)
        assert code == 0
        listed = {c["name"]: c for c in _listed(out)["checkpoints"]}
        assert listed["ckpt-1"]["valid"] is True  # the undamaged checkpoint stays valid and listed
        assert set(listed) == {"ckpt-1", "ckpt-2"}
        assert CheckpointStore(run).newest_valid() is not None
        assert not leftovers(case, before)
        _count("manifest-real" if real else "manifest")


def _manifest_doc(assets) -> Any:
    return json.loads((assets["run"] / "checkpoints" / "ckpt-2" / "manifest.json").read_text())


@seed(FUZZ_SEED)
@_settings("manifest")
@given(data=st.data())
def test_fuzz_manifests(assets, capsys, data):
    _manifest_case(assets, capsys, data.draw(damaged_json(_manifest_doc(assets))), False)


@pytest.mark.slow
@seed(FUZZ_SEED)
@_settings("manifest", real=True)
@given(data=st.data())
def test_fuzz_manifests_real(assets, capsys, data):
    _manifest_case(assets, capsys, data.draw(damaged_json(_manifest_doc(assets))), True)


def _run_json_case(assets, capsys, damage: bytes, real: bool) -> None:
    with Case(assets["root"]) as case:
        workspace = shutil.copytree(assets["workspace"], case / "ws")
        (workspace / "runs" / "r-two" / "run.json").write_bytes(damage)
        before = tree(case)
        if real:
            proc = run_real(["runs", "--workspace", workspace, "--json"])
            code, out, err = proc.returncode, proc.stdout, proc.stderr
        else:
            code, out, err = run_cli(["runs", "--workspace", str(workspace), "--json"], capsys)
        check_outcome("run-json", code, err)
        assert code == 0
        runs = {Path(r["path"]).name: r for r in _listed(out)["runs"]}
        assert runs["r-one"]["state"] == "finished"  # the other run stays listed as it was
        assert "r-two" in runs and (runs["r-two"]["state"] != "damaged" or runs["r-two"]["reason"])
        assert not leftovers(case, before)
        _count("run-json-real" if real else "run-json")


def _run_doc(assets) -> Any:
    return json.loads((assets["workspace"] / "runs" / "r-two" / "run.json").read_text())


@seed(FUZZ_SEED)
@_settings("run-json")
@given(data=st.data())
def test_fuzz_run_json(assets, capsys, data):
    _run_json_case(assets, capsys, data.draw(damaged_json(_run_doc(assets))), False)


@pytest.mark.slow
@seed(FUZZ_SEED)
@_settings("run-json", real=True)
@given(data=st.data())
def test_fuzz_run_json_real(assets, capsys, data):
    _run_json_case(assets, capsys, data.draw(damaged_json(_run_doc(assets))), True)


# -- events.jsonl (the report reads it; rendering is a subprocess, so these run the real executable) --

@pytest.mark.slow
@seed(FUZZ_SEED)
@_settings("events", real=True)
@given(mutate=byte_mutation())
def test_fuzz_events_log_real(assets, mutate):
    with Case(assets["root"]) as case:
        run = shutil.copytree(assets["workspace"] / "runs" / "r-one", case / "r-one")
        events = run / "events.jsonl"
        events.write_bytes(mutate(events.read_bytes()))
        before = tree(case)
        proc = run_real(["report", run, "--pdf", case / "report.pdf"], timeout=240)
        check_outcome("events", proc.returncode, proc.stderr)
        assert not leftovers(case, before)
        _count("events-real")


# -- GGUF headers --------------------------------------------------------------------------------

def _gguf_case(assets, capsys, mutate, real: bool) -> None:
    with Case(assets["root"]) as case:
        data = assets["gguf"].read_bytes()
        gguf = case / "model.gguf"
        gguf.write_bytes(mutate(data[:4096]) + data[4096:])
        before = tree(case)
        code, err = _run(["check-gguf", "--gguf", gguf, "--model", assets["model"], "--out", case / "check.json"],
                         capsys, real)
        note(f"exit {code}")
        # check-gguf exits 1 for a file that loads but fails its comparison: a verdict, not an error.
        check_outcome("gguf", 0 if code == 1 else code, err if code != 1 else "")
        assert not leftovers(case, before)
        _count("gguf-real" if real else "gguf")


@seed(FUZZ_SEED)
@_settings("gguf")
@given(mutate=byte_mutation())
def test_fuzz_gguf_headers(assets, capsys, mutate):
    _gguf_case(assets, capsys, mutate, False)


@pytest.mark.slow
@seed(FUZZ_SEED)
@_settings("gguf", real=True)
@given(mutate=byte_mutation())
def test_fuzz_gguf_headers_real(assets, capsys, mutate):
    _gguf_case(assets, capsys, mutate, True)


# -- a full disk ---------------------------------------------------------------------------------

class SmallDisk:
    """A 16 MiB tmpfs filled before each case, or a plain folder whose writes fail with ENOSPC (injected)."""

    def __init__(self, path: Path, injected: bool) -> None:
        self.path, self.injected = path, injected

    def spec(self) -> dict[str, Any]:
        return {"errno": "ENOSPC", "under": [str(self.path)]}


@pytest.fixture(scope="module")
def small_disk(tmp_path_factory):
    path = tmp_path_factory.mktemp("small-disk")
    if FORCE_INJECT or sys.platform != "linux":
        yield SmallDisk(path, True)
        return
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(path)], capture_output=True,
                             check=False)
    if mounted.returncode != 0:
        yield SmallDisk(path, True)
        return
    yield SmallDisk(path, False)
    subprocess.run(["umount", "-l", str(path)], check=False)


def _fill(disk: Path, leave: int) -> None:
    """Fill the disk, then free `leave` bytes again (rounded to pages by the file system)."""
    filler = disk / ".filler"
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 65536)
        except OSError:
            pass
    size = filler.stat().st_size
    os.truncate(filler, max(0, size - leave))


DISK_COMMANDS = ("pin", "train-out", "pipeline", "resume")


def _disk_case(assets, capsys, disk: SmallDisk, command: str, leave: int, real: bool) -> None:
    small_disk = disk.path
    for p in small_disk.iterdir():
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    run = shutil.copytree(assets["run"], small_disk / "run")
    valid_before = [i.name for i in CheckpointStore(run).list() if i.valid]
    config = small_disk / "run.toml"
    config.write_text(f'[run]\nstages = ["train"]\n[train]\nmodel = "{assets["model"]}"\ndata = "{SFT_SAMPLE}"\n'
                      'max_steps = 1\nmax_length = 16\nlora_rank = 1\nkl_every_steps = 0\ndevice = "cpu"\n'
                      'quantize = "none"\n', encoding="utf-8")
    argv = {"pin": ["checkpoints", run, "--pin", "ckpt-1"],
            "train-out": ["train", "--model", assets["model"], "--data", SFT_SAMPLE, "--out", small_disk / "new",
                          "--max-steps", "1", "--max-length", "16", "--lora-rank", "1", "--kl-every-steps", "0",
                          "--device", "cpu"],
            "pipeline": ["run", "--config", config, "--workspace", small_disk / "ws"],
            "resume": ["train", "--resume", run, "--max-steps", "2"]}[command]
    if disk.injected:  # full from the start: `leave` has no meaning here
        note("ENOSPC injected")
        before = tree(small_disk)
        if real:
            proc = run_real(argv, timeout=240, executable=_injecting(disk.spec()))
            code, err = proc.returncode, proc.stderr
        else:
            with injected(disk.spec()):
                code, err = _run(argv, capsys, False)
    else:
        _fill(small_disk, leave)
        before = tree(small_disk)
        code, err = _run(argv, capsys, real)
    check_outcome("disk-full", code, err, pipeline=command == "pipeline")
    assert not leftovers(small_disk, before - {".filler"})
    assert [i.name for i in CheckpointStore(run).list() if i.valid] == valid_before
    _count("disk-full-real" if real else "disk-full")


@seed(FUZZ_SEED)
@_settings("disk-full")
@given(command=st.sampled_from(DISK_COMMANDS), leave=st.sampled_from([0, 1, 4096, 65536, 300_000]))
def test_fuzz_full_disk(assets, capsys, small_disk, command, leave):
    _disk_case(assets, capsys, small_disk, command, leave, False)


@pytest.mark.slow
@seed(FUZZ_SEED)
@_settings("disk-full", real=True)
@given(command=st.sampled_from(DISK_COMMANDS), leave=st.sampled_from([0, 4096, 300_000]))
def test_fuzz_full_disk_real(assets, capsys, small_disk, command, leave):
    _disk_case(assets, capsys, small_disk, command, leave, True)


# -- permissions ---------------------------------------------------------------------------------

def _injecting(spec: dict[str, Any]) -> list[str]:
    """The command that runs `so8t` with `spec`'s OS errors injected (instead of the `so8t` executable)."""
    return [sys.executable, "-m", "tests.so8t.injected_errors", json.dumps(spec)]


def _unprivileged() -> list[str] | None:
    """The prefix that drops root's permission override; None where the errors must be injected instead."""
    if os.name != "posix":
        pytest.skip("POSIX file modes")
    if FORCE_INJECT:
        return None
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"]


def _denied_by_mode(chosen: list[Path], mode: int) -> dict[str, Any]:
    """What the OS refuses a user without override for files and folders of `mode`, as an injection spec:
    no read bit, the file cannot be read (or a folder's files); no write bit, nothing in it can change."""
    unreadable, read_only = [], []
    for p in chosen:
        if not mode & 0o444:
            unreadable += [str(f) for f in ([p, *p.rglob("*")] if p.is_dir() else [p]) if f.is_file()]
        if not mode & 0o222:
            read_only.append(str(p))
    return {"errno": "EACCES", "under": read_only, "unreadable": unreadable}


@pytest.mark.slow
@seed(FUZZ_SEED)
@_settings("permissions", real=True)
@given(picks=st.lists(st.integers(0, 10_000), min_size=1, max_size=4),
       mode=st.sampled_from([0o000, 0o444, 0o555, 0o111, 0o222]),
       command=st.sampled_from(["checkpoints", "pin", "runs", "resume"]))
def test_fuzz_unreadable_and_read_only_files_real(assets, picks, mode, command):
    prefix = _unprivileged()
    with Case(assets["root"]) as case:
        run = shutil.copytree(assets["run"], case / "run")
        workspace = shutil.copytree(assets["workspace"], case / "ws")
        files = sorted([*run.rglob("*"), *workspace.rglob("*")])
        chosen = [files[i % len(files)] for i in picks]
        note(f"chmod {oct(mode)}: {[str(p.relative_to(case)) for p in chosen]}")
        for p in chosen:
            p.chmod(mode)
        before = tree(case)
        argv = {"checkpoints": ["checkpoints", run, "--json"], "pin": ["checkpoints", run, "--pin", "ckpt-1"],
                "runs": ["runs", "--workspace", workspace, "--json"],
                "resume": ["train", "--resume", run, "--max-steps", "2"]}[command]
        if prefix is None:
            note("EACCES injected")
            proc = run_real(argv, timeout=240, executable=_injecting(_denied_by_mode(chosen, mode)))
        else:
            proc = run_real(argv, prefix=prefix, timeout=240)
        check_outcome("permissions", proc.returncode, proc.stderr)
        assert not leftovers(case, before)
        _count("permissions-real")


# -- issue #19: JSON lines, locks, special files, config against weights, templates ------------------

def _long_line_case(assets, capsys, length: int, position: int, cap: float | None) -> None:
    with Case(assets["root"]) as case:
        lines = assets["logits"].read_text(encoding="utf-8").splitlines()
        record = json.loads(lines[position % len(lines)])
        record["pad"] = "x" * length
        lines.insert(position % len(lines), json.dumps(record))
        data = case / "logits.jsonl"
        data.write_text("\n".join(lines) + "\n", encoding="utf-8")
        argv = ["calibrate", "--logits", data, "--out", case / "out"] + (["--max-line-mb", cap] if cap else [])
        code, err = _run(argv, capsys, False)
        check_outcome("jsonl-lines", code, err)
        limit = (cap or 1.0) * (1 << 20)
        if code == 2 and cap is not None and not 0 < cap <= 64:
            assert "--max-line-mb" in err
        elif length + 60 > limit * 1.01:  # the record is over the cap by more than its other fields
            assert code == 2 and "line" in err and "MB" in err, err
        _count("jsonl-lines")


@seed(FUZZ_SEED)
@_settings("jsonl-lines")
@given(length=st.sampled_from([0, 1000, (1 << 20) - 100, (1 << 20) + 10, 3 << 20]), position=st.integers(0, 80),
       cap=st.sampled_from([None, None, 0.5, 4.0, 0.0, -1.0, float("nan"), 1000.0]))
def test_fuzz_jsonl_line_lengths(assets, capsys, length, position, cap):
    _long_line_case(assets, capsys, length, position, cap)


def _lock_case(assets, capsys, content: bytes | None, real: bool) -> None:
    with Case(assets["root"]) as case:
        workspace = shutil.copytree(assets["workspace"], case / "ws")
        lock = workspace / "runs" / "r-one" / "lock"
        if content is None:
            os.mkfifo(lock)
        else:
            lock.write_bytes(content)
        code, err = _run(["runs", "--workspace", workspace, "--json"], capsys, real)
        check_outcome("locks", code, err)
        assert code == 0  # one bad lock never hides the listing
        _count("locks-real" if real else "locks")


def lock_contents() -> st.SearchStrategy[bytes | None]:
    good = {"pid": 1234, "boot_id": "b", "started": 1.0, "host": "h", "command": "train"}
    fields = st.builds(lambda m: json.dumps(m(good), ensure_ascii=False).encode("utf-8", "surrogatepass"),
                       json_mutation())
    raw = st.builds(lambda m: m(json.dumps(good).encode()), byte_mutation())
    special = st.sampled_from([None, b"[" * 100_000 + b"]" * 100_000, b"", b"\x00" * 64])
    return st.one_of(fields, raw, special)


@seed(FUZZ_SEED)
@_settings("locks")
@given(content=lock_contents())
def test_fuzz_locks(assets, capsys, content):
    _lock_case(assets, capsys, content, False)


@pytest.mark.slow
@seed(FUZZ_SEED)
@_settings("locks", real=True)
@given(content=lock_contents())
def test_fuzz_locks_real(assets, capsys, content):
    _lock_case(assets, capsys, content, True)


SPECIAL_TARGETS = {"data": "data.jsonl", "logits": "logits.jsonl", "config": "p.toml", "run-json": "run.json",
                   "calibration": "calibration.json", "events": "events.jsonl"}


@pytest.mark.slow
@seed(FUZZ_SEED)
@_settings("special-files")
@given(target=st.sampled_from(sorted(SPECIAL_TARGETS)), kind=st.sampled_from(["fifo", "dev-zero", "dev-null"]))
def test_fuzz_special_files(assets, capsys, target, kind):
    """A FIFO or a device where a file is read: refused or read as empty, never waited on or read forever."""
    with Case(assets["root"]) as case:
        workspace = shutil.copytree(assets["workspace"], case / "ws")
        run = workspace / "runs" / "r-one"
        where = run / SPECIAL_TARGETS[target] if target in ("run-json", "calibration", "events") \
            else case / SPECIAL_TARGETS[target]
        where.unlink(missing_ok=True)
        if kind == "fifo":
            os.mkfifo(where)
        else:
            where.symlink_to("/dev/zero" if kind == "dev-zero" else "/dev/null")
        argv = {"data": ["train", "--model", assets["model"], "--data", where, "--out", case / "out",
                         "--device", "cpu", "--max-steps", "1"],
                "logits": ["calibrate", "--logits", where],
                "config": ["run", "--config", where, "--workspace", workspace],
                "run-json": ["runs", "--workspace", workspace, "--json"],
                "calibration": ["report", run, "--pdf", case / "r.pdf"],
                "events": ["report", run, "--pdf", case / "r.pdf"]}[target]
        proc = run_real(argv, timeout=120)  # a child: a hang is a timeout, not a stuck suite
        check_outcome("special-files", proc.returncode, proc.stderr)
        _count("special-files")


@seed(FUZZ_SEED)
@_settings("config-weights")
@given(key=st.sampled_from(["vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
                            "max_position_embeddings", "intermediate_size", "head_dim"]),
       value=st.sampled_from([0, 1, 7, 8, 10**6, 10**9, 10**12, 2**63, -1, 1.5, "1", None]),
       command=st.sampled_from(["train", "bake", "export-gguf"]))
def test_fuzz_config_against_weights(assets, capsys, key, value, command):
    """config.json values that disagree with the weights: refused in one line before anything is allocated."""
    with Case(assets["root"]) as case:
        model = shutil.copytree(assets["model"], case / "model")
        config = json.loads((model / "config.json").read_text())
        config[key] = value
        (model / "config.json").write_text(json.dumps(config))
        argv = {"train": ["train", "--model", model, "--data", SFT_SAMPLE, "--out", case / "run", "--device", "cpu",
                          "--max-steps", "1", "--max-length", "32", "--lora-rank", "1", "--kl-every-steps", "0"],
                "bake": ["bake", "--model", model, "--random-gates", "--out", case / "baked"],
                "export-gguf": ["export-gguf", "--model", model, "--out", case / "m.gguf", "--no-check"]}[command]
        before = tree(case)
        code, err = _run(argv, capsys, False)
        check_outcome("config-weights", code, err)
        if isinstance(value, int) and value >= 10**9:
            assert code == 2, f"{key} = {value} was accepted"
        assert not leftovers(case, before)
        _count("config-weights")


TEMPLATE_PIECES = ["{{ 'A' * N }}", "{{ 'x'|center(N) }}", "{{ '%Nd' % 1 }}", "{{ '{:>N}'.format(1) }}",
                   "{% for i in range(N) %}.{% endfor %}", "{{ ['ab'] * N | join }}", "{{ ''.__class__ }}",
                   "{% include 'x.jinja' %}", "{{ raise_exception('no') }}", "{{ 10 ** N }}",
                   "{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}"]


@seed(FUZZ_SEED)
@_settings("templates")
@given(pieces=st.lists(st.sampled_from(TEMPLATE_PIECES), min_size=1, max_size=3),
       n=st.sampled_from([3, 1000, 2_000_000, 4_000_000_000]))
def test_fuzz_chat_templates(assets, capsys, pieces, n):
    """Chat templates that multiply, pad, loop, escape the sandbox or raise: chat answers or refuses in one line."""
    with Case(assets["root"]) as case:
        model = shutil.copytree(assets["model"], case / "model")
        template = "".join(pieces).replace("N", str(n))
        (model / "chat_template.jinja").write_text(template, encoding="utf-8")
        note(f"template {template!r}")
        code, err = _run(["chat", "--model", model, "--ungated", "--device", "cpu", "--prompt", "hi",
                          "--audit", case / "a.jsonl", "--max-tokens", "1"], capsys, False)
        check_outcome("templates", code, err)
        if code == 2:
            assert "chat template" in err
        _count("templates")


@pytest.mark.slow
def test_fuzz_case_count():
    """The suite ran what it promises: >= 500 cases, >= 40 through the real executable, every kind."""
    if len(RAN) < len(CASES):
        pytest.skip("run the whole module to count its cases")
    real = sum(n for k, n in RAN.items() if k.endswith("-real"))
    total = sum(RAN.values())
    print(f"fuzz seed {FUZZ_SEED}: {total} cases, {real} through the real so8t executable: {RAN}")
    assert total >= 500 and real >= 40
