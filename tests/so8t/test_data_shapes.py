"""`so8t data` reads every container and shape into the same normalised records, field by field (issue 27, acceptance 1)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from so8t.store.layout import RunLayout
from tests.so8t.cli_checks import run_cli
from tests.so8t.data_files import CONTAINERS, read_jsonl, write_container

N = 24
LABELS = ("ALLOW", "ESCALATION", "DENY")


def _sample(i: int) -> dict[str, str]:
    """The texts of sample i: a decomposed é (NFC makes it one character), trailing blanks, Japanese."""
    return {"id": f"s{i:02d}", "label": LABELS[i % 3],
            "prompt": f"Question {i}: how does cafe\u0301 number {i} taste?  \n",
            "answer": f"<think>Number {i} is {'even' if i % 2 == 0 else 'odd'}.</think><final>味は {i} 番です。</final> ",
            "other": f"A worse answer to question {i}."}


def _clean(text: str) -> str:
    from so8t.data.clean import clean_text

    return clean_text(text)


# -- the shapes, each as (rows written, kind, normalised record expected) --------------------------------

def _rows(shape: str) -> list[dict[str, Any]]:
    rows = []
    for i in range(N):
        s = _sample(i)
        base = {"id": s["id"], "label": s["label"]}
        if shape == "openai":
            rows.append({**base, "messages": [{"role": "user", "content": s["prompt"]},
                                              {"role": "assistant", "content": s["answer"]}]})
        elif shape == "sharegpt":
            rows.append({**base, "conversations": [{"from": "human", "value": s["prompt"]},
                                                   {"from": "gpt", "value": s["answer"]}]})
        elif shape == "alpaca":
            rows.append({**base, "instruction": s["prompt"], "input": "", "output": s["answer"]})
        elif shape == "prompt-completion":
            rows.append({**base, "prompt": s["prompt"], "completion": s["answer"]})
        elif shape == "prompt-response":
            rows.append({**base, "prompt": s["prompt"], "response": s["answer"]})
        elif shape == "pairs":
            rows.append({**base, "prompt": s["prompt"], "chosen": s["answer"], "rejected": s["other"]})
        elif shape == "pairs-messages":
            rows.append({**base, "prompt": [{"role": "user", "content": s["prompt"]}],
                         "chosen": [{"role": "assistant", "content": s["answer"]}],
                         "rejected": [{"role": "assistant", "content": s["other"]}]})
        elif shape == "text-label":
            rows.append({**base, "text": s["prompt"]})
        else:  # prompts
            rows.append({**base, "prompt": s["prompt"], "answer": s["answer"]})
    return rows


CONVERSATION_SHAPES = ("openai", "sharegpt", "alpaca", "prompt-completion", "prompt-response")
SHAPES = (*CONVERSATION_SHAPES, "pairs", "pairs-messages", "text-label", "prompts")


def _expected(shape: str) -> tuple[str, list[dict[str, Any]]]:
    """(the file the kind is written to, the records in order) that every container of `shape` must give."""
    out = []
    layout = RunLayout(Path("RUN"))
    for i in range(N):
        s = _sample(i)
        base = {"id": s["id"], "label": s["label"]}
        prompt, answer, other = _clean(s["prompt"]), _clean(s["answer"]), _clean(s["other"])
        if shape in CONVERSATION_SHAPES:
            out.append({"messages": [{"role": "user", "content": prompt}, {"role": "assistant", "content": answer}],
                        **base})
            name = layout.data_train.name
        elif shape == "pairs":
            out.append({"prompt": prompt, "chosen": answer, "rejected": other, **base})
            name = layout.data_pairs_train.name
        elif shape == "pairs-messages":
            out.append({"prompt": [{"role": "user", "content": prompt}],
                        "chosen": [{"role": "assistant", "content": answer}],
                        "rejected": [{"role": "assistant", "content": other}], **base})
            name = layout.data_pairs_train.name
        elif shape == "text-label":
            out.append({"text": prompt, **base})
            name = layout.data_labelled.name
        else:
            out.append({"prompt": prompt, "answer": answer, **base})
            name = layout.data_prompts.name
    return name, out


def _prepared(run: Path, name: str) -> list[dict[str, Any]]:
    return read_jsonl(run / "data" / name)


@pytest.mark.parametrize("container", CONTAINERS)
@pytest.mark.parametrize("shape", SHAPES)
def test_every_container_and_shape_normalises_to_the_same_records(tmp_path, capsys, shape, container):
    path = write_container(_rows(shape), tmp_path / "in", shape, container)
    run = tmp_path / "run"
    code, out, err = run_cli(["data", path, "--out", run, "--val-share", "0", "--json"], capsys)
    assert code == 0, err
    result = json.loads(out.splitlines()[-1])
    name, expected = _expected(shape)
    got = _prepared(run, name)
    assert len(got) == N == result["samples_in"] == result["samples_out"]
    for want, have in zip(expected, got, strict=True):
        assert have.keys() == want.keys(), (want, have)
        for key in want:  # field by field, so a failure names the field
            assert have[key] == want[key], (key, have[key], want[key])
    kind = {"text-label": "labelled", "prompts": "prompts"}.get(shape, "pairs" if "pairs" in shape else "conversations")
    assert result["kinds"] == {kind: N}


def test_conversation_shapes_given_together_are_one_set(tmp_path, capsys):
    """Files of different shapes that normalise to conversations go together (here with distinct texts)."""
    files = []
    for n, shape in enumerate(CONVERSATION_SHAPES):
        rows = _rows(shape)
        for r in rows:
            r["id"] = f"{shape}-{r['id']}"
            for key in ("messages", "conversations"):
                if key in r:
                    r[key][0] = {**r[key][0], **({"content": f"{shape} {r[key][0].get('content')}"} if key == "messages"
                                                 else {"value": f"{shape} {r[key][0]['value']}"})}
            for key in ("instruction", "prompt"):
                if key in r:
                    r[key] = f"{shape} {r[key]}"
        files.append(write_container(rows, tmp_path / "in", shape, CONTAINERS[n % len(CONTAINERS)]))
    code, out, err = run_cli(["data", *files, "--out", tmp_path / "run", "--json"], capsys)
    assert code == 0, err
    result = json.loads(out.splitlines()[-1])
    assert result["samples_out"] == N * len(CONVERSATION_SHAPES) == result["train"] + result["val"]
    assert [f["shape"] for f in result["files"]] == ["openai-messages", "sharegpt", "alpaca", "prompt-completion",
                                                    "prompt-response"]


def test_map_renames_columns_of_every_file(tmp_path, capsys):
    rows = [{"question": r["prompt"], "reply": r["response"], "id": r["id"], "label": r["label"]}
            for r in _rows("prompt-response")]
    path = write_container(rows, tmp_path / "in", "renamed", "csv")
    run = tmp_path / "run"
    code, _, err = run_cli(["data", path, "--out", run, "--val-share", "0", "--map", "prompt=question",
                            "--map", "response=reply"], capsys)
    assert code == 0, err
    assert _prepared(run, "train.jsonl") == _expected("prompt-response")[1]


@pytest.mark.parametrize("form", ["basic", "four-section"])
def test_thinking_format_conversion_from_mapped_columns(tmp_path, capsys, form):
    rows = [{"q": f"What is {i} plus {i}?", "cot": f"{i} and {i} make {2 * i}.", "out": str(2 * i),
             "t": "Addition.", "s": "Harmless.", "p": "ALLOW."} for i in range(N)]
    path = write_container(rows, tmp_path / "in", "cot", "jsonl")
    maps = ["prompt=q", "answer=out"] + (["reasoning=cot"] if form == "basic" else ["task=t", "safety=s", "policy=p"])
    run = tmp_path / "run"
    code, out, err = run_cli(["data", path, "--out", run, "--val-share", "0", "--thinking-format", form, "--json",
                              *[x for m in maps for x in ("--map", m)]], capsys)
    assert code == 0, err
    got = _prepared(run, "train.jsonl")
    answer = got[3]["messages"][1]["content"]
    if form == "basic":
        assert answer == "<think>3 and 3 make 6.</think><final>6</final>"
    else:
        assert answer == ("<think-task>Addition.</think-task><think-safety>Harmless.</think-safety>"
                          "<think-policy>ALLOW.</think-policy><final>6</final>")
    forms = json.loads(out.splitlines()[-1])["statistics"]["thinking"]["forms"]
    assert forms == {form: N}  # every converted sample is checked, and passes
