"""The data stage at scale: 100,000 conversations of realistic length (mean about 450 tokens of the demo
tokenizer) prepared end to end by `so8t data` (import, exact and near dedupe, statistics with the
tokenizer and chat template, split) in a child process; its time and peak RSS.

Targets (issue 27, acceptance 5): at most 5 minutes and 2 GiB peak RSS on two cores.

The conversations: sentences of the demo corpus with about a third of their words replaced by other
corpus words (so no two samples share much), 1 to 3 turns, a third answered in the thinking format,
one in ten in Japanese, plus 1 % exact and 1 % near duplicates (a word swapped, a comma added).

Run: PYTHONPATH=. python bench/data.py [--samples 100000] [--out bench/results/data.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from so8t.resources import DEMO_CORPUS, TINY_MODEL_DIR  # noqa: E402

JAPANESE = ["学習は小さな回転ゲートから始まります。", "チェックポイントは一時フォルダに書かれます。", "量子化でファイルは小さくなります。",
            "安全ヘッドは三つのクラスを判定します。", "報告書にはすべての段階の図があります。"]
#: Sentences per answer, tuned so the mean is near 450 tokens of the demo tokenizer with the template.
ANSWER_SENTENCES = (7, 18)


def _sentence(rng: random.Random, sentences: list[str], words: list[str]) -> str:
    parts = rng.choice(sentences).split()
    return " ".join(rng.choice(words) if rng.random() < 0.35 else w for w in parts)


def _conversation(rng: random.Random, sentences: list[str], words: list[str]) -> dict:
    japanese = rng.random() < 0.1
    turns = rng.choice([1, 1, 1, 2, 3])
    messages = []
    for _ in range(turns):
        if japanese:
            question = rng.choice(JAPANESE) + "説明してください。"
            answer = "".join(rng.choice(JAPANESE) for _ in range(rng.randint(*ANSWER_SENTENCES) // 2))
        else:
            question = _sentence(rng, sentences, words).rstrip(".") + "?"
            answer = " ".join(_sentence(rng, sentences, words) for _ in range(rng.randint(*ANSWER_SENTENCES) // turns + 2))
        if rng.random() < 0.33:
            answer = f"<think>{_sentence(rng, sentences, words)}</think><final>{answer}</final>"
        messages += [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
    return {"messages": messages, "label": rng.choice(["ALLOW", "ALLOW", "ESCALATION", "DENY"])}


def write_corpus(path: Path, n: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    sentences = [s for s in DEMO_CORPUS.read_text(encoding="utf-8").splitlines() if s.strip()]
    words = sorted({w for s in sentences for w in s.split()})
    with open(path, "w", encoding="utf-8") as f:
        written: list[dict] = []
        for i in range(n):
            roll = rng.random()
            if written and roll < 0.01:
                sample = rng.choice(written)  # an exact duplicate
            elif written and roll < 0.02:
                sample = json.loads(json.dumps(rng.choice(written)))
                text = sample["messages"][-1]["content"].split()
                if len(text) > 1:
                    j = rng.randrange(len(text) - 1)
                    text[j], text[j + 1] = text[j + 1], text[j]
                text[0] += ","
                sample["messages"][-1]["content"] = " ".join(text)  # a near duplicate
            else:
                sample = _conversation(rng, sentences, words)
                if len(written) < 2000:
                    written.append(sample)
                elif rng.random() < 0.05:
                    written[rng.randrange(len(written))] = sample
            f.write(json.dumps({"id": f"c{i}", **sample}, ensure_ascii=False) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--out", help="also write the figures as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "conversations.jsonl"
        t0 = time.monotonic()
        write_corpus(data, args.samples)
        print(f"wrote {args.samples} conversations ({data.stat().st_size / 1e6:.0f} MB) in "
              f"{time.monotonic() - t0:.0f} s", file=sys.stderr)
        run = Path(tmp) / "run"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        load_before = os.getloadavg()[0]
        t0 = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "so8t", "data", str(data), "--out", str(run), "--model",
                               str(TINY_MODEL_DIR), "--json"], capture_output=True, text=True, env=env, check=False)
        seconds = time.monotonic() - t0
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return proc.returncode
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        child_peak_mib = usage.ru_maxrss / 1024  # KiB on Linux
        child_cpu = usage.ru_utime + usage.ru_stime
        record = json.loads(proc.stdout.splitlines()[-1])
    tokens = record["statistics"]["tokens"]
    row = {
        "samples_in": record["samples_in"], "samples_out": record["samples_out"], "train": record["train"],
        "val": record["val"], "dropped": {k: v for k, v in record["dropped"].items() if v},
        "mean_tokens": round(tokens["mean"], 1), "max_tokens": tokens["max"],
        "seconds_end_to_end": round(seconds, 1), "seconds_stage": record["seconds"],
        "cpu_seconds": round(child_cpu, 1),
        # Other processes share the cores: the load average says how many were runnable meanwhile.
        "load_average_1min_before": round(load_before, 2), "load_average_1min_after": round(os.getloadavg()[0], 2),
        "peak_rss_mib_process": round(child_peak_mib, 1), "peak_rss_mib_stage": record["peak_rss_mib"],
        "targets": {"seconds": 300, "peak_rss_mib": 2048},
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    row["within_targets"] = row["seconds_end_to_end"] <= 300 and row["peak_rss_mib_process"] <= 2048
    row["cpu_within_time_target"] = row["cpu_seconds"] <= 300
    print(json.dumps(row, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(row, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
