#!/usr/bin/env bash
# One GPU sitting for issues 26 and 28 after the memory changes (device tool), in the background so it can outlast
# one command, in order of what matters most: the align stage on the 8B shape (bench/align.py, ours), ours
# against qlora_unsloth.py at fixed 2048 (bench/train_real.py fixed), the Unsloth align anchors, the packed chat set against Unsloth + TRL
# (train_real.py sitting --parts real), the Phi-3.5-mini shape's estimate rows and align rows, then where the GPU
# time of ours and qlora_unsloth.py goes at 2048 (bench/peak_breakdown.py kernels).
# `bash bench/device_final.sh start` starts it and follows it for FOLLOW_S seconds (default 540);
# `bash bench/device_final.sh follow` follows it on. Carry .whl (as bench/device_speed.sh).
# Rows land in $OUT: align.jsonl, train_real.jsonl, kern_*.json.
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 UNSLOTH_DISABLE_STATISTICS=1
W=/tmp/final
A=$PWD/.whl/anchors
if [ "$1" = start ]; then
  mkdir -p /tmp/site $W && tar -xzf .whl/site.tgz -C /tmp/site
  python3 -c "import torch,transformers,peft,bitsandbytes,triton;print(torch.__version__,transformers.__version__,peft.__version__,bitsandbytes.__version__,triton.__version__,torch.cuda.get_device_name(0))"
  PYTHONPATH=/tmp/site:$PWD setsid nohup bash -c "
    L=$W/llama-3.1-8b
    python3 bench/vram.py build $W --shapes llama-3.1-8b
    python3 bench/align.py sitting --anchors $A --out $W/align.jsonl --root $W --shapes llama-3.1-8b --tools so8t
    echo PART-DONE align-ours
    python3 bench/train_real.py fixed --anchors $A --out $W/train_real.jsonl --shape llama-3.1-8b --model \$L --root $W/fixed
    echo PART-DONE fixed
    python3 bench/align.py sitting --anchors $A --out $W/align.jsonl --root $W --shapes llama-3.1-8b --tools unsloth
    echo PART-DONE align-unsloth
    python3 bench/train_real.py sitting --anchors $A --out $W/train_real.jsonl --shape llama-3.1-8b --root $W --parts real
    echo PART-DONE real
    python3 bench/vram.py build $W --shapes phi-3.5-mini
    python3 bench/align.py sitting --out $W/align.jsonl --root $W --shapes phi-3.5-mini --phases dpo
    python3 bench/train_real.py estimate --anchors $A --out $W/train_real.jsonl --shape phi-3.5-mini --model $W/phi-3.5-mini --root $W
    echo PART-DONE phi
    python3 bench/peak_breakdown.py kernels $W/kern_ours.json -- -m so8t train --model \$L --data $W/fixed/fixed.jsonl \
      --out $W/runs/sftk --preset rtx3060-12gb --max-length 2048 --max-steps 3 --cuda-memory-limit-gb 12 --json
    (cd /tmp && CAP_GB=12 STEPS=8 SEQ=2048 OUT=/tmp TAG=u python3 $PWD/bench/peak_breakdown.py kernels $W/kern_unsloth.json \
      -- $A/qlora_unsloth.py \$L)
    echo PART-DONE kernels
    echo CHAIN-DONE" > $W/log 2>&1 < /dev/null &
  sleep 2
fi
end=$((SECONDS + ${FOLLOW_S:-540}))
save() { cp $W/align.jsonl $W/train_real.jsonl $W/kern_*.json $OUT/ 2>/dev/null; tail -c 8000000 $W/log > $OUT/log; }
# Saved every 20 s too, so a command cut short by the device's time limit still brings back what is done.
while [ $SECONDS -lt $end ] && ! grep -q CHAIN-DONE $W/log; do sleep 5; [ $((SECONDS % 20)) -lt 5 ] && save; done
save
grep -q CHAIN-DONE $W/log && echo SITTING-DONE || echo STILL-RUNNING
cut -c1-500 $W/align.jsonl $W/train_real.jsonl 2>/dev/null
grep -E "PART-DONE|^built|gpu_busy|Error|Traceback|  \(" $W/log | tail -40
