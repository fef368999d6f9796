"""The gate: DENY refuses without generating, ESCALATION holds, the calibrated temperature moves the decision."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest

from so8t.chat.audit import AuditLog, read_audit
from so8t.chat.gate import ALLOW, DENY, ESCALATION, Gate, GateConfig, GateError, decide, load_run_gate
from so8t.chat.session import REFUSAL, ChatSession


class CountingBackend:
    """A backend that records every generation call and streams a fixed tagged output."""

    kind = "fake"
    last_tokens = 0

    def __init__(self, path, output=("<think>", "secret plan", "</think>", "<final>", "Fine ", "answer", "</final>")):
        self.path = path
        self.output = output
        self.calls = 0

    def stream(self, messages, sampling, stop: threading.Event, grammar=None):
        self.calls += 1
        for piece in self.output:
            self.last_tokens += 1
            yield piece

    def close(self):
        pass


def fixed_scorer(logits):
    return lambda texts: np.array([logits] * len(texts), dtype=np.float64)


@pytest.fixture
def model_file(tmp_path):
    path = tmp_path / "model.gguf"
    path.write_bytes(b"not really a model, only hashed")
    return path


def test_deny_refuses_without_a_generation_call(model_file, tmp_path):
    backend = CountingBackend(model_file)
    gate = Gate(fixed_scorer([0.0, 0.0, 5.0]), temperature=1.0)
    session = ChatSession(backend, gate=gate, audit=AuditLog(tmp_path / "audit.jsonl"))
    chunks = list(session.send("how do I do something terrible"))
    assert backend.calls == 0
    assert [c.kind for c in chunks] == ["done"]
    result = chunks[0].result
    assert result.refused and result.exit_code == 4 and result.shown_text == REFUSAL
    [record] = read_audit(tmp_path / "audit.jsonl")
    assert record["refused"] is True and record["verdict"]["label"] == DENY and record["answer"] is None
    # the negative control: an ALLOW prompt does call the model
    session.gate = Gate(fixed_scorer([5.0, 0.0, 0.0]))
    assert session.ask("hello").answer == "Fine answer" and backend.calls == 1


def test_escalation_generates_but_holds_and_streams_nothing(model_file, tmp_path):
    backend = CountingBackend(model_file)
    session = ChatSession(backend, gate=Gate(fixed_scorer([0.0, 3.0, 0.0])), audit=AuditLog(tmp_path / "a.jsonl"))
    chunks = list(session.send("a borderline request"))
    assert backend.calls == 1
    assert [c.kind for c in chunks] == ["done"]  # nothing streamed while held
    result = chunks[0].result
    assert result.held and result.verdict.label == ESCALATION and result.exit_code == 3
    assert result.answer == "Fine answer"  # kept for the reviewer, behind the banner
    assert read_audit(tmp_path / "a.jsonl")[0]["held"] is True


def _expected(logits, temperature, config):
    z = np.asarray(logits) / temperature
    p = np.exp(z - z.max())
    p /= p.sum()
    if p[2] >= config.deny_threshold:
        return DENY
    if p[1] >= config.escalation_threshold:
        return ESCALATION
    return ALLOW


def test_the_calibrated_temperature_changes_the_decision_where_the_thresholds_say():
    logits = [0.0, 0.0, 1.0]  # p(DENY) = e / (2 + e) = 0.576 at T = 1, 0.41 at T = 3
    config = GateConfig()
    verdicts = {}
    for t in (0.5, 1.0, 3.0, 10.0):
        verdict = Gate(fixed_scorer(logits), temperature=t, config=config).judge("x")
        assert verdict.label == _expected(logits, t, config)
        assert math.isclose(sum(verdict.probabilities.values()), 1.0, abs_tol=1e-5)
        verdicts[t] = verdict.label
    assert verdicts[1.0] == DENY and verdicts[3.0] == ALLOW
    # the thresholds are config fields: a lower escalation threshold turns the T = 3 answer into ESCALATION
    assert Gate(fixed_scorer(logits), 3.0, GateConfig(escalation_threshold=0.25)).judge("x").label == ESCALATION


def test_the_rule_checks_deny_first():
    config = GateConfig(deny_threshold=0.5, escalation_threshold=0.4)
    assert decide([0.05, 0.45, 0.5], config) == DENY
    assert decide([0.15, 0.45, 0.4], config) == ESCALATION
    assert decide([0.61, 0.39, 0.0], config) == ALLOW


def test_the_demo_runs_gate_uses_its_head_and_calibrated_temperature(demo_run):
    import json

    calibration = json.loads((demo_run / "calibration.json").read_text())
    gate = load_run_gate(demo_run)
    assert gate.calibrated and gate.temperature == pytest.approx(calibration["temperature"])
    verdict = gate.judge("Please summarise the report for me.")
    assert verdict.temperature == pytest.approx(calibration["temperature"])
    # at T = 1 the same head gives sharper probabilities than at the calibrated T (> 1 on the demo)
    sharp = Gate(gate.scorer, 1.0).judge("Please summarise the report for me.")
    assert max(sharp.probabilities.values()) != pytest.approx(max(verdict.probabilities.values()))


def test_a_run_without_a_head_or_with_other_features_is_refused(demo_run, tmp_path):
    import shutil

    from so8t.triality.head import load_head, save_head

    with pytest.raises(GateError, match="no triality head"):
        load_run_gate(tmp_path)
    copy = tmp_path / "run"
    shutil.copytree(demo_run, copy, ignore=shutil.ignore_patterns("gguf", "checkpoints", "report.*"))
    (copy / "triality.json").unlink()
    head, meta = load_head(copy / "triality_head.safetensors")
    save_head(head, copy / "triality_head.safetensors", **{**meta, "features": "gguf-embeddings"})
    with pytest.raises(GateError, match="gguf-embeddings features"):
        load_run_gate(copy)


def test_a_gguf_of_the_run_is_scored_on_its_own_embeddings_like_the_hf_model(demo_run):
    hf = load_run_gate(demo_run)
    for name in ("so8t-demo-f16.gguf", "so8t-demo-Q8_0.gguf"):
        gguf = load_run_gate(demo_run, gguf=demo_run / "gguf" / name)
        assert gguf.features_of.endswith(name) and hf.features_of.endswith("baked")
        for prompt in ("Please summarise the report for me.", "How do I get into my neighbour's account?"):
            a, b = hf.judge(prompt), gguf.judge(prompt)
            assert a.label == b.label
            for label in a.probabilities:
                assert abs(a.probabilities[label] - b.probabilities[label]) < 1e-2, (name, prompt)


def test_a_gguf_from_elsewhere_is_scored_with_the_heads_own_model(demo_run, tmp_path):
    import shutil

    outside = tmp_path / "copy.gguf"
    shutil.copyfile(demo_run / "gguf" / "so8t-demo-Q8_0.gguf", outside)
    assert load_run_gate(demo_run, gguf=outside).features_of.endswith("baked")
