"""Exact and near duplicates: found with precision and recall of at least 0.95, never split across train and validation (issue 27, acceptance 3).

Near duplicates are pairs whose word 5-gram sets have a Jaccard similarity of at least 0.9 (the
default). An adjacent word swap changes 6 of a sample's 5-grams, so two swaps keep a pair above 0.9
only in samples of about 232 words or more; the samples here have 250 to 400 words (at least 100, as
the acceptance asks). Shorter samples with two swaps are below the threshold by design (see
`test_two_swaps_in_a_short_sample_are_below_the_threshold`).
"""

from __future__ import annotations

import json
import random
import string

import pytest

from so8t.data.clean import NEAR_THRESHOLD, jaccard, shingles
from tests.so8t.cli_checks import run_cli
from tests.so8t.data_files import read_jsonl

DISTINCT, PLANTED, EXACT = 5000, 200, 50
SEED = 27


def _vocabulary(rng: random.Random, n: int = 3000) -> list[str]:
    return ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9))) for _ in range(n)]


def _document(rng: random.Random, words: list[str]) -> list[str]:
    """250-400 words in sentences of 8-15 words, capitalised, with full stops."""
    out: list[str] = []
    target = rng.randint(250, 400)
    while len(out) < target:
        sentence = [rng.choice(words) for _ in range(rng.randint(8, 15))]
        sentence[0] = sentence[0].capitalize()
        sentence[-1] += "."
        out += sentence
    return out


def _edit(rng: random.Random, doc: list[str]) -> list[str]:
    """At most two edits: an adjacent word swap, a punctuation mark added, or a word's case changed."""
    doc = list(doc)
    for _ in range(rng.randint(1, 2)):
        kind = rng.choice(["swap", "punctuation", "casing"])
        i = rng.randrange(len(doc) - 1)
        if kind == "swap":
            doc[i], doc[i + 1] = doc[i + 1], doc[i]
        elif kind == "punctuation":
            doc[i] += rng.choice([",", ";", "!", "?"])
        else:
            doc[i] = doc[i].upper()
    return doc


def _record(ident: str, doc: list[str], label: str) -> dict[str, str]:
    return {"id": ident, "prompt": " ".join(doc[:20]), "response": " ".join(doc[20:]), "label": label}


def _corpus(tmp_path):
    rng = random.Random(SEED)
    words = _vocabulary(rng)
    labels = ["ALLOW", "ESCALATION", "DENY"]
    docs = [_document(rng, words) for _ in range(DISTINCT)]
    rows = [_record(f"d{i}", d, labels[i % 3]) for i, d in enumerate(docs)]
    planted = rng.sample(range(DISTINCT), PLANTED)
    near = [_record(f"near{j}", _edit(rng, docs[j]), labels[j % 3]) for j in planted]
    exact_of = rng.sample(range(DISTINCT), EXACT)
    exact = [{**rows[j], "id": f"exact{j}"} for j in exact_of]
    tail = near + exact
    rng.shuffle(tail)
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows + tail), encoding="utf-8")
    return path, planted, exact_of


@pytest.mark.slow  # 5,250 samples of 250-400 words: about 20 s of CPU
def test_planted_near_duplicates_are_found_and_exact_ones_all_removed(tmp_path, capsys):
    path, planted, exact_of = _corpus(tmp_path)
    run = tmp_path / "run"
    code, out, err = run_cli(["data", path, "--out", run, "--json"], capsys)
    assert code == 0, err
    result = json.loads(out.splitlines()[-1])
    kept = {r["id"] for name in ("train.jsonl", "val.jsonl") for r in read_jsonl(run / "data" / name)}
    everything = {f"d{i}" for i in range(DISTINCT)} | {f"near{j}" for j in planted} | {f"exact{j}" for j in exact_of}
    removed = everything - kept
    removed_exact = {r for r in removed if r.startswith("exact")}
    assert removed_exact == {f"exact{j}" for j in exact_of}  # every exact duplicate
    removed_near = removed - removed_exact
    truly = {f"near{j}" for j in planted}
    precision = len(removed_near & truly) / len(removed_near)
    recall = len(removed_near & truly) / len(truly)
    print(f"near duplicates: {len(removed_near)} removed, precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95 and recall >= 0.95
    assert result["dropped"]["exact_duplicate"] == EXACT
    assert result["dropped"]["near_duplicate"] == len(removed_near)
    assert result["samples_out"] == len(kept) == DISTINCT + PLANTED + EXACT - len(removed)
    # the record names each cluster by the kept sample's id and a snippet of its prompt
    first = result["cluster_list"][0]
    assert first["kept"].startswith("d") and first["snippet"] and first["duplicates"]


@pytest.mark.slow  # as above
def test_with_keep_duplicates_no_cluster_is_split(tmp_path, capsys):
    path, planted, exact_of = _corpus(tmp_path)
    run = tmp_path / "run"
    code, out, err = run_cli(["data", path, "--out", run, "--keep-duplicates", "--val-share", "0.3", "--seed", "3",
                              "--json"], capsys)
    assert code == 0, err
    result = json.loads(out.splitlines()[-1])
    side = {r["id"]: "train" for r in read_jsonl(run / "data" / "train.jsonl")}
    side |= {r["id"]: "val" for r in read_jsonl(run / "data" / "val.jsonl")}
    assert len(side) == DISTINCT + PLANTED + EXACT == result["samples_out"]  # nothing dropped
    pairs = [(f"d{j}", f"near{j}") for j in planted] + [(f"d{j}", f"exact{j}") for j in exact_of]
    assert all(side[a] == side[b] for a, b in pairs)
    assert sum(side[a] == "val" for a, _ in pairs) > 30  # clusters did go to validation, together
    assert 0.25 < result["val"] / result["samples_out"] < 0.35
    # stratified: each label's share of validation is near the asked share
    labels = {r["id"]: r["label"] for r in read_jsonl(run / "data" / "train.jsonl") + read_jsonl(run / "data" / "val.jsonl")}
    for label in ("ALLOW", "ESCALATION", "DENY"):
        ids = [i for i, lab in labels.items() if lab == label]
        assert abs(sum(side[i] == "val" for i in ids) / len(ids) - 0.3) < 0.02


def test_two_swaps_in_a_short_sample_are_below_the_threshold():
    """Why the samples above are long: in 100 words, two adjacent swaps leave Jaccard 0.78 on 5-grams."""
    words = [f"w{i}" for i in range(100)]
    edited = list(words)
    edited[10], edited[11] = edited[11], edited[10]
    edited[60], edited[61] = edited[61], edited[60]
    assert jaccard(shingles([" ".join(words)]), shingles([" ".join(edited)])) < NEAR_THRESHOLD
