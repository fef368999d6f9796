"""One fact, one place: each decision or figure below is spelled or computed by one module (tree scans,
like the RunLayout scan), with behaviour checks where a scan alone would prove little."""

from __future__ import annotations

import ast
import os
from pathlib import Path

from tests.so8t.test_run_layout import _docstring_nodes

ROOT = Path(__file__).resolve().parents[2]
CODE = [p for folder in ("so8t", "gui", "workers") for p in sorted((ROOT / folder).rglob("*.py"))]


def _where(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal in `path` that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstring_nodes(tree)
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip]


def _names(path: Path) -> list[tuple[int, str]]:
    """(line, name) of every name and attribute used in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Name):
            out.append((n.lineno, n.id))
        elif isinstance(n, ast.Attribute):
            out.append((n.lineno, n.attr))
        elif isinstance(n, ast.alias):
            out.append((n.lineno, n.name.rsplit(".", 1)[-1]))
    return out


def _hits(allowed: set[str], names: set[str] = frozenset(), literals: set[str] = frozenset()) -> list[str]:
    hits = []
    for path in CODE:
        if _where(path) in allowed:
            continue
        hits += [f"{_where(path)}:{line}: {name}" for line, name in _names(path) if name in names]
        hits += [f"{_where(path)}:{line}: {text!r}" for line, text in _literals(path) if text in literals]
    return hits


# -- whole or streamed --------------------------------------------------------------------------------

def test_one_module_decides_whole_or_streamed():
    """The room a model is measured against (available RAM) and the path names are read in layer_stream alone."""
    hits = _hits({"so8t/model/layer_stream.py"}, names={"virtual_memory", "ROOM_SHARE", "BAKE_RAM_SHARE"},
                 literals={"whole-model", "gpu-bf16"})
    # The record's default for files written before the field existed is data, not a decision.
    hits = [h for h in hits if not h.startswith("so8t/store/records.py:")]
    assert not hits, "whole-or-streamed decided outside so8t/model/layer_stream.py:\n" + "\n".join(hits)


def test_bake_auto_follows_the_one_decision(tiny_model_dirs, tmp_path, monkeypatch):
    """bake's auto choice moves with layer_stream's figures: RAM for its copies whole, none streamed."""
    import types

    from so8t.bake.config import BakeConfig
    from so8t.bake.exact import choose_path
    from so8t.model import layer_stream
    from so8t.model.folder import inspect_model_folder

    folder = tiny_model_dirs["llama"]
    info = inspect_model_folder(folder)
    model_bytes = sum(p.stat().st_size for p in info.weight_files)
    config = BakeConfig(model=str(folder), out=str(tmp_path / "out"), random_gates=True)
    exact = layer_stream.BAKE_MODEL_COPIES * model_bytes / layer_stream.BAKE_RAM_SHARE
    monkeypatch.setattr("psutil.virtual_memory", lambda: types.SimpleNamespace(available=exact * 1.01))
    assert choose_path(config, info) == layer_stream.WHOLE_MODEL
    monkeypatch.setattr("psutil.virtual_memory", lambda: types.SimpleNamespace(available=exact * 0.99))
    assert choose_path(config, info) == layer_stream.STREAMED


# -- the gate file's metadata --------------------------------------------------------------------------

def test_gate_file_metadata_is_spelled_in_gates_alone():
    hits = _hits({"so8t/model/gates.py"}, names={"GATES_FORMAT", "gate_state", "gate_metadata"},
                 literals={"block_size", "so8t-gates"})
    assert not hits, "gate-file metadata spelled outside so8t/model/gates.py:\n" + "\n".join(hits)


def test_a_gates_file_from_save_gates_reads_back_with_its_metadata(tmp_path):
    from safetensors import safe_open

    from so8t.model.gates import GATES_FORMAT, SO8Gate, gates_file_bytes, save_gates

    gates = [SO8Gate(16, layer=3), SO8Gate(16, layer=5)]
    path = save_gates(gates, tmp_path / "gates.safetensors")
    assert path.read_bytes() == gates_file_bytes(gates)
    with safe_open(str(path), framework="pt") as f:
        meta = f.metadata()
    assert meta["format"] == GATES_FORMAT and meta["layers"] == "[3, 5]"


# -- peak_nvml_mib --------------------------------------------------------------------------------------

#: NVML memory reads that are not a record's peak: the live telemetry of a worker, and the free
#: memory of the card `so8t estimate` plans against.
NOT_A_PEAK = {"so8t/telemetry.py", "so8t/train/card.py"}


def test_peak_nvml_mib_is_computed_in_memory_alone():
    hits = _hits({"so8t/memory.py"} | NOT_A_PEAK,
                 names={"nvmlDeviceGetComputeRunningProcesses", "nvmlDeviceGetMemoryInfo", "NvmlPeak"})
    assert not hits, "an NVML peak computed outside so8t/memory.py:\n" + "\n".join(hits)


def test_peak_nvml_mib_is_this_process_not_the_card():
    """Fake NVML: the card has 1 GiB in use, this process 700 MiB, another process 300 MiB."""
    from so8t.memory import NvmlProcessPeak
    from tests.so8t.fake_nvml import FakeNvml, NoDriver

    peak = NvmlProcessPeak(nvml=FakeNvml(own_pid=os.getpid()))
    assert peak.stop() == 700.0
    assert NvmlProcessPeak(nvml=FakeNvml(own_pid=-1)).stop() is None  # this process holds nothing there
    assert NvmlProcessPeak(nvml=NoDriver()).start().stop() is None


def test_the_train_record_takes_its_nvml_peak_from_the_same_meter():
    """The training session (where the record's memory figures are taken) meters NVML with the one meter."""
    source = (ROOT / "so8t" / "train" / "session.py").read_text(encoding="utf-8")
    assert "NvmlProcessPeak" in source


# -- the "auto" quantization type ------------------------------------------------------------------------

def test_auto_quant_type_is_resolved_in_the_gguf_stage_alone():
    hits = [h for h in _hits(set(), names={"resolve_quant_type", "choose_quant_type", "model_row_widths",
                                           "gguf_row_widths"})
            if not h.startswith("so8t/gguf/")]
    assert not hits, "`auto` resolved outside so8t/gguf/:\n" + "\n".join(hits)


def test_auto_is_resolved_from_the_model_before_the_gguf_exists(tiny_model_dirs, tmp_path):
    from so8t.gguf.config import AUTO, model_row_widths, resolve_quant_type
    from so8t.gguf.run import resolved_quant_types

    folder = tiny_model_dirs["llama"]
    auto = resolve_quant_type(AUTO, model_row_widths(folder)).quant_type
    types = resolved_quant_types(["Q8_0", AUTO, "Q4_0"], tmp_path / "not-yet.gguf", folder)
    assert types == {"Q8_0": "Q8_0", **({} if auto == "Q8_0" else {auto: AUTO}), "Q4_0": "Q4_0"}
    assert list(resolved_quant_types(["Q4_0", "Q4_0"], tmp_path / "not-yet.gguf")) == ["Q4_0"]


# -- bake's random-gate options in a run --------------------------------------------------------------

def test_so8t_run_refuses_the_random_gate_angle_and_seed_by_name(tmp_path, capsys):
    from tests.so8t.cli_checks import refuse

    for key in ("angle", "seed"):
        path = tmp_path / f"{key}.toml"
        path.write_text(f'[run]\nstages = ["bake"]\n[bake]\n{key} = 1\n', encoding="utf-8")
        refuse(["run", "--config", path, "--workspace", tmp_path / "ws"], capsys, f"'{key}'", "[bake]")
        assert not (tmp_path / "ws").exists()


def test_the_window_hides_what_the_engine_refuses():
    """The window's bake options come from the same rule: its fields are the stage's option fields."""
    from so8t.pipeline.stages import STAGES

    names = {f.name for f in STAGES["bake"].option_fields()}
    assert not names & {"angle", "seed"} and "verify" in names
    source = (ROOT / "gui" / "settings_forms.py").read_text(encoding="utf-8")
    assert '"angle"' not in source  # no second list of the bake's refused keys


# -- translations ------------------------------------------------------------------------------------------

def test_every_japanese_entry_is_a_text_the_window_marks():
    """fill_ja.py's JA table holds only texts of the window's .ts contexts (the report's are in JA_REPORT)."""
    import xml.etree.ElementTree as ET

    i18n = ROOT / "resources" / "i18n"
    root = ET.parse(i18n / "so8t_ja.ts").getroot()
    sources = {m.findtext("source") for c in root.iter("context") if c.findtext("name") != "Report"
               for m in c.iter("message")}
    keys = []
    for node in ast.walk(ast.parse((i18n / "fill_ja.py").read_text(encoding="utf-8"))):
        table = None
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "JA":
            table = node.value
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update"
              and getattr(node.func.value, "id", None) == "JA"):
            table = node.args[0]
        if isinstance(table, ast.Dict):
            keys += [k.value for k in table.keys if isinstance(k, ast.Constant)]
    assert len(keys) > 100
    stale = [k for k in keys if k not in sources]
    assert not stale, f"{len(stale)} Japanese entries no window text uses: {stale}"
