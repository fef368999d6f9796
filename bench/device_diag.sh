#!/usr/bin/env bash
# A diagnosis sitting on the GPU machine (device tool), 8B shape, 12 GiB cap: what ours holds at its memory peak
# in GRPO, DPO and packed SFT (bench/peak_breakdown.py memory), and where the GPU time of ours and of
# qlora_unsloth.py goes at fixed 2048 (bench/peak_breakdown.py kernels). In the background so it can outlast one
# command: `bash bench/device_diag.sh start` starts it and follows it for FOLLOW_S seconds (default 540);
# `bash bench/device_diag.sh follow` follows it on. Carry .whl (anchors and the Unsloth site, as
# bench/device_speed.sh). The JSON files land in $OUT.
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 UNSLOTH_DISABLE_STATISTICS=1
W=/tmp/diag
A=$PWD/.whl/anchors
M=$W/llama-3.1-8b
if [ "$1" = start ]; then
  mkdir -p /tmp/site $W && tar -xzf .whl/site.tgz -C /tmp/site
  PYTHONPATH=/tmp/site:$PWD setsid nohup bash -c "
    P='python3 bench/peak_breakdown.py'
    python3 bench/vram.py build $W --shapes llama-3.1-8b
    python3 $A/realdata.py $M $W/real.jsonl 320 0
    python3 -c 'from pathlib import Path; from bench.align import write_inputs; from bench.vram import write_data; write_inputs(Path(\"$W/real.jsonl\"), Path(\"$W\")); write_data(Path(\"$W/fixed.jsonl\"), 2048, samples=48)'
    COMMON='--device cuda --cuda-memory-limit-gb 12 --ckpt-every-seconds 0 --ckpt-every-steps 1000 --json'
    \$P memory $W/mem_grpo.json -- -m so8t align --method grpo --model $M --out $W/runs/grpo --data $W/prompts.jsonl \
      \$COMMON --max-steps 2 --prompts-per-step 1 --generations 4 --max-completion-tokens 256 --beta 0 \
      --reward format --reward $W/length_reward.py:length
    echo PART-DONE grpo
    \$P memory $W/mem_dpo.json -- -m so8t align --method dpo --model $M --out $W/runs/dpo --data $W/pairs.jsonl \
      \$COMMON --max-steps 2 --batch-size 1 --grad-accum 8 --max-length 1024
    echo PART-DONE dpo
    \$P memory $W/mem_sft.json -- -m so8t train --model $M --data $W/fixed.jsonl --out $W/runs/sft --preset rtx3060-12gb \
      --max-length 2048 --max-steps 2 --cuda-memory-limit-gb 12 --json
    echo PART-DONE sft
    \$P kernels $W/kern_ours.json -- -m so8t train --model $M --data $W/fixed.jsonl --out $W/runs/sftk \
      --preset rtx3060-12gb --max-length 2048 --max-steps 3 --cuda-memory-limit-gb 12 --json
    echo PART-DONE kernels-ours
    (cd /tmp && CAP_GB=12 STEPS=8 SEQ=2048 OUT=/tmp TAG=u python3 $PWD/bench/peak_breakdown.py kernels $W/kern_unsloth.json \
      -- $A/qlora_unsloth.py $M)
    echo PART-DONE kernels-unsloth
    (cd /tmp && CAP_GB=12 STEPS=3 SEQ=2048 OUT=/tmp TAG=u python3 $PWD/bench/peak_breakdown.py memory $W/mem_unsloth.json \
      -- $A/qlora_unsloth.py $M)
    echo PART-DONE memory-unsloth
    echo CHAIN-DONE" > $W/log 2>&1 < /dev/null &
  sleep 2
fi
end=$((SECONDS + ${FOLLOW_S:-540}))
while [ $SECONDS -lt $end ] && ! grep -q CHAIN-DONE $W/log; do sleep 5; done
cp $W/*.json $OUT/ 2>/dev/null; tail -c 4000000 $W/log > $OUT/log
grep -q CHAIN-DONE $W/log && echo SITTING-DONE || echo STILL-RUNNING
grep -E "PART-DONE|^peak|MiB  |gpu_busy|Error|error|Traceback" $W/log | tail -60
