# Sitting 5: the fused path as compiled decoder layers (so8t.train.kernels), one part (phi|llama|rows|auto) per call,
# named by PART: `PART=phi bash bench/device_sitting.sh start bench/sittings/memory_fused.sh` (the runner passes it on).
# Fed bench/results/vram_raw/sitting5a.jsonl (phi), sitting5b.jsonl (llama), sitting5c.jsonl (rows) and the sitting 5
# section of bench/results/training_memory.md; `auto` has not run yet.
R=$W/memory_fused_${PART:?set PART=phi, llama, rows or auto}.jsonl
# shellcheck source=bench/sittings/common.sh
source bench/sittings/common.sh
summary() { python3 - "$R" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    if "phases" in d:
        for p in d["phases"]:
            print(d["tag"], "fast" if d["fast_kernels"] else "plain", "gc" if d["gradient_checkpointing"] else "nogc",
                  p["seq"], "offload" if p["offload"] else "", p.get("tokens_per_s"), "tok/s",
                  round(p.get("measured_gib", 0), 2), "GiB", "nvml", round(p.get("measured_nvml_gib") or 0, 2),
                  "pred", p["predicted_gib"], "first", p.get("first_step_s"), p.get("error", ""))
        print(d["tag"], {k: d.get(k) for k in ("gates_change_output_mean_abs", "compiled_vs_eager_mean_abs",
                                               "gates_change_output_max_abs", "compiled_vs_eager_max_abs", "load_s")})
        if "profile" in d:
            print(d["tag"], "profile", {k: v for k, v in d["profile"].items() if not isinstance(v, list)})
    else:
        print(d.get("tag"), d.get("tokens_per_s_median"), "tok/s", d.get("peak_alloc_gb"), "GiB", d.get("error", ""))
PY
}
case "$PART" in
phi)
  # Phi-3.5-mini at 1024 tokens: plain PEFT, ours fused and ours plain, alternating, all with checkpointing on and
  # no LoRA dropout (as the anchor).
  $B build $M --shapes phi-3.5-mini
  P=$M/phi-3.5-mini
  lean $P 1024 20 lean-phi-1
  TORCH_LOGS=graph_breaks,recompiles $B one $P --fast on --checkpointing on --plan 1024:off:20 --profile 3 | tag phi-fast-1
  $B one $P --fast off --checkpointing on --plan 1024:off:20 | tag phi-plain-1
  lean $P 1024 20 lean-phi-2
  $B one $P --fast on --checkpointing on --plan 1024:off:20,4096:on:6 | tag phi-fast-2
  $B one $P --fast off --checkpointing on --plan 1024:off:20,4096:on:6 | tag phi-plain-2
  lean $P 1024 20 lean-phi-3
  ;;
llama)
  # Llama-3.1-8B: the fused path at 2048 (30 steps) and with offloading at long lengths; plain PEFT, ours plain
  # and Unsloth at 2048 beside it.
  $B build $M --shapes llama-3.1-8b
  L=$M/llama-3.1-8b
  lean $L 2048 30 lean-llama-2048 300
  $B one $L --fast on --plan 2048:off:30,2048:on:8,8192:on:10,16384:on:6,20480:on:4 | tag llama-fast
  $B one $L --fast off --plan 2048:off:30 | tag llama-plain
  unsl $L 2048 15 unsloth-llama-2048 300
  ;;
rows)
  # The fused path's estimate rows on Qwen2.5-0.5B and Mistral-7B, and a third Phi-3.5-mini alternation.
  $B build $M --shapes qwen2.5-0.5b
  $B one $M/qwen2.5-0.5b --fast on --plan 512:off:5,2048:off:5,16384:on:4,32768:on:3 | tag qwen-fast
  rm -rf $M/qwen2.5-0.5b
  $B build $M --shapes phi-3.5-mini
  P=$M/phi-3.5-mini
  lean $P 1024 20 lean-phi-4
  $B one $P --fast on --checkpointing on --plan 1024:off:20 | tag phi-fast-3
  $B one $P --fast off --checkpointing on --plan 1024:off:20 | tag phi-plain-3
  rm -rf $P
  $B build $M --shapes mistral-7b
  $B one $M/mistral-7b --fast on --plan 2048:off:4,16384:on:3 | tag mistral-fast
  ;;
auto)
  # Phi-3.5-mini with the default 'auto' settings, then the CLI end to end with its defaults (the rtx3060-12gb
  # preset: fused kernels and checkpointing 'auto'); its events land in $RES/cli.jsonl.
  $B build $M --shapes phi-3.5-mini
  P=$M/phi-3.5-mini
  lean $P 1024 20 lean-phi-5
  $B one $P --fast auto --checkpointing auto --plan 1024:off:20 | tag phi-auto-fast
  mkdir -p $W/runs
  python3 -c "import sys; sys.path.insert(0, 'bench'); from pathlib import Path; from vram import write_data; write_data(Path('$W/runs/cli-data.jsonl'), 1024, 16)"
  python3 -m so8t train --model $P --data $W/runs/cli-data.jsonl --out $W/runs/cli --max-steps 6 --ckpt-every-steps 3 \
    --kl-every-steps 3 --cuda-memory-limit-gb 12 --events > $RES/cli.jsonl; echo "exit $?"
  grep -E "fused|checkpointing|preset|finished|tokens_per_s" $RES/cli.jsonl | cut -c1-300 | head -12
  python3 -m so8t checkpoints $W/runs/cli --json | head -c 600; echo
  ;;
*)
  echo "PART must be phi, llama, rows or auto, not '$PART'" >&2; exit 2
  ;;
esac
echo PART-DONE "$PART"
summary
