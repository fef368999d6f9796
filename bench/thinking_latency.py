"""What holding back possible thinking costs: seconds to the first answer text, streamed as it comes
(a model without thinking tags) against held (a model that knows the tags, or a gate that scores the
answer before it is sent), on the same GGUF and the same seeds.

Run: python bench/thinking_latency.py --gguf FILE [--run RUN] [--max-tokens 256] [--turns 5]
     [--out bench/results/thinking_latency.txt]
With --run, the held row adds the gate's scoring of the final answer (the run's head on that GGUF).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from so8t.chat.backends import LlamaBackend  # noqa: E402
from so8t.chat.thinking import ThinkingStream  # noqa: E402

PROMPT = "Tell me about the baked model."


@dataclass
class Sampling:
    temperature: float
    top_p: float
    max_tokens: int
    seed: int


def turn(backend: LlamaBackend, hold: bool, seed: int, max_tokens: int, gate: object | None) -> tuple[float, float, int]:
    """(seconds to the first answer text, seconds to the end, tokens) of one turn."""
    parser = ThinkingStream(hold=hold)
    t0 = time.perf_counter()
    first = None
    for piece in backend.stream([{"role": "user", "content": PROMPT}], Sampling(0.8, 0.95, max_tokens, seed),
                                threading.Event()):
        if parser.feed(piece) and first is None:
            first = time.perf_counter() - t0
    tail, parse = parser.finish()
    if gate is not None and parse.answer:
        gate.judge(parse.answer, by_sentence=False)  # the answer is sent only once it is scored (as the session does)
        first = None
        tail = parse.answer
    total = time.perf_counter() - t0
    if first is None:
        first = total if tail else float("nan")
    return first, total, backend.last_tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gguf", required=True)
    parser.add_argument("--run", help="the run whose gate scores the final answer in the held-and-scored row")
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--turns", type=int, default=5)
    parser.add_argument("--out")
    args = parser.parse_args()
    backend = LlamaBackend(args.gguf, n_ctx=1024)
    gate = None
    if args.run:
        from so8t.chat.gate import load_run_gate

        gate = load_run_gate(args.run, gguf=args.gguf)
    rows = [("streamed (no thinking tags)", False, None), ("held (knows the tags)", True, None)]
    if gate is not None:
        rows.append(("held and scored (gated run)", True, gate))
    lines = [f"thinking_latency: {Path(args.gguf).name}, max_tokens {args.max_tokens}, {args.turns} turns, "
             f"{platform.processor() or platform.machine()}, {time.strftime('%Y-%m-%d')}"]
    for name, hold, g in rows:
        runs = [turn(backend, hold, seed, args.max_tokens, g) for seed in range(args.turns)]
        firsts = [r[0] for r in runs if r[0] == r[0]]
        lines.append(f"{name:30s} first answer text median {statistics.median(firsts):.3f} s, "
                     f"whole turn median {statistics.median(r[1] for r in runs):.3f} s, "
                     f"tokens median {statistics.median(r[2] for r in runs):.0f}")
    backend.close()
    text = "\n".join(lines)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
