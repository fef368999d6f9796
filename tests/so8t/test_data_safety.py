"""`so8t data --label-with RUN`: the safety buckets equal the chat gate's verdicts, with REVIEW under --review-below (issue 27, acceptance 4)."""

from __future__ import annotations

import json

import pytest

from so8t.resources import DEMO_PROMPTS
from tests.so8t.cli_checks import run_cli
from tests.so8t.data_files import read_jsonl

pytestmark = pytest.mark.slow  # the demo run (its head and calibration) is made once for the session


@pytest.mark.parametrize("review_below", [0.6, 0.345])
def test_buckets_equal_gate_judge_with_review(demo_run, tmp_path, capsys, review_below):
    from so8t.chat.gate import load_run_gate

    gate = load_run_gate(demo_run)
    prompts = read_jsonl(DEMO_PROMPTS)
    expected = {}
    for p in prompts:
        verdict = gate.judge(p["prompt"])
        top = max(verdict.probabilities.values())
        expected[p["id"]] = "REVIEW" if verdict.label != "DENY" and top < review_below else verdict.label
    run = tmp_path / "run"
    code, out, err = run_cli(["data", DEMO_PROMPTS, "--out", run, "--label-with", demo_run, "--review-below",
                              str(review_below), "--drop", "DENY", "--drop", "REVIEW", "--json"], capsys)
    assert code == 0, err
    record = json.loads(out.splitlines()[-1])
    counts = {b: sum(v == b for v in expected.values()) for b in ("ALLOW", "ESCALATION", "DENY", "REVIEW")}
    assert record["safety"]["counts"] == counts
    held = read_jsonl(run / "data" / "held_out_by_safety.jsonl")
    assert {h["id"]: h["safety"] for h in held} == {i: b for i, b in expected.items() if b in ("DENY", "REVIEW")}
    kept = read_jsonl(run / "data" / "prompts.jsonl")
    assert {k["id"] for k in kept} == {i for i, b in expected.items() if b in ("ALLOW", "ESCALATION")}
    assert record["dropped"]["safety_DENY"] == counts["DENY"] and record["dropped"]["safety_REVIEW"] == counts["REVIEW"]
    assert record["samples_out"] == len(kept)
    # the ten highest-scoring DENY items are listed with their prompts, highest first
    denies = sorted(((gate.judge(p["prompt"]).probabilities["DENY"], p["id"]) for p in prompts
                     if expected[p["id"]] == "DENY"), reverse=True)[:10]
    assert [t["id"] for t in record["safety"]["top_deny"]] == [i for _, i in denies]
