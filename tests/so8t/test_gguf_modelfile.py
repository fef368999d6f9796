"""Ollama Modelfile beside each GGUF, and the export-gguf / quantize / check-gguf command line."""

from __future__ import annotations

import json
import re

import pytest

from so8t.gguf.export import ExportConfig, export_gguf
from so8t.gguf.modelfile import _render, chat_layout, go_template
from so8t.gguf.paths import run_gguf_path
from so8t.store.layout import check_record_path as check_json_path
from so8t.store.layout import modelfile_path
from tests.so8t.cli_checks import run_here

CONVERSATION = [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": "Hello?"},
    {"role": "assistant", "content": "Hi."},
    {"role": "user", "content": "Bye."},
]
_BRANCH = re.compile(r'\{\{ (?:if|else if) eq \.Role "(\w+)" \}\}(.*?)\{\{ \.Content \}\}(.*?)(?=\{\{ else if|\{\{ end \}\})', re.S)


def render_go(template: str, messages: list[dict[str, str]]) -> str:
    """Evaluate the restricted Go template go_template() writes (one branch per role) like Ollama would."""
    head, rest = template.split("{{- range .Messages }}", 1)
    body, tail = rest.rsplit("{{ end }}", 1)
    branches = {role: (pre, post) for role, pre, post in _BRANCH.findall(body)}
    out = head
    for m in messages:
        pre, post = branches[m["role"]]
        out += pre + m["content"] + post
    return out + tail


def test_modelfile_from_template_and_stop(tiny_model_dirs, tmp_path):
    result = export_gguf(ExportConfig(model=str(tiny_model_dirs["qwen2"]), out=str(tmp_path / "tiny-f16.gguf")))
    text = modelfile_path(result.out).read_text(encoding="utf-8")
    assert "FROM ./tiny-f16.gguf" in text.splitlines()
    assert f"{result.size_bytes} bytes" in text
    assert 'PARAMETER stop "<|im_end|>"' in text
    template = re.search(r'TEMPLATE """(.*?)"""', text, re.S).group(1)
    jinja = (tiny_model_dirs["qwen2"] / "chat_template.jinja").read_text(encoding="utf-8")
    want = _render(jinja, CONVERSATION, True, {})
    assert render_go(template, CONVERSATION) == want


def test_layout_of_a_template_with_bos_and_no_system_role():
    template = (
        "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'system' %}{{ raise_exception('no system') }}"
        "{% endif %}<start_of_turn>{{ 'model' if m['role'] == 'assistant' else m['role'] }}\n{{ m['content'] }}"
        "<end_of_turn>\n{% endfor %}{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
    )
    layout = chat_layout(template, {"bos_token": "<bos>"})
    assert layout.bos == "<bos>" and "system" not in layout.prefix
    messages = CONVERSATION[1:]
    assert render_go(go_template(layout), messages) == _render(template, messages, True, {"bos_token": "<bos>"})


def test_run_file_names():
    gguf = run_gguf_path("/runs/r1", "demo", "q5_k_m")
    assert gguf.as_posix() == "/runs/r1/gguf/demo-Q5_K_M.gguf"
    assert check_json_path(gguf).name == "demo-Q5_K_M.check.json"
    assert modelfile_path(run_gguf_path("/runs/r1", "demo", "F16")).name == "demo-f16.Modelfile"


@pytest.mark.slow
def test_cli_export_and_quantize_with_checks_json_and_events(tiny_model_dirs, tmp_path):
    model = str(tiny_model_dirs["phi3"])
    f16 = tmp_path / "gguf" / "phi-f16.gguf"
    # In this process: what the commands print and write is checked, not the executable (a child pays
    # seconds of imports; the console script has its own test in test_cli_bake.py).
    proc = run_here(["export-gguf", "--model", model, "--out", f16, "--events", "--json"])
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()[:-1]]  # the last line is the --json result
    kinds = {e["kind"] for e in events}
    assert {"stage", "progress", "log", "result"} <= kinds
    result = next(e for e in events if e["kind"] == "result")["result"]
    assert result["check"]["passed"] and result["out"] == str(f16)
    assert check_json_path(f16).is_file()

    q = tmp_path / "gguf" / "phi-Q8_0.gguf"
    proc = run_here(["quantize", "--gguf", f16, "--type", "q8_0", "--out", q, "--check-model", model, "--json"])
    assert proc.returncode == 0, proc.stderr
    quant = json.loads(proc.stdout.splitlines()[-1])
    assert quant["quant_type"] == "Q8_0" and quant["tensor_types"]["Q8_0"] > 0
    check = quant["check"]
    assert check["gguf_type"] == "Q8_0" and abs(check["ppl_rel_diff_reference"]) <= 0.01
    assert json.loads(check_json_path(q).read_text())["ppl_gguf"] == pytest.approx(check["ppl_gguf"])
