#!/usr/bin/env bash
# One GPU sitting for issues 26 and 28 (device tool), in the background so it can outlast one command, in
# order of what matters most: the rollout decode check (bench/decode_check.py), the align stage against
# Unsloth on the 8B shape (bench/align.py), ours against qlora_unsloth.py at fixed 2048 and against Unsloth +
# TRL packing on the chat set (bench/train_real.py), the memory estimate's rows, then the Phi-3.5-mini shape.
# `bash bench/device_speed.sh start` starts it and follows it for FOLLOW_S seconds (default 540);
# `bash bench/device_speed.sh follow` follows it on. Carry .whl: the anchors (copies of ../shared/anchors/*.py)
# in .whl/anchors and the Unsloth site (../shared/anchors/make-unsloth-site.sh .whl/site.tgz).
# Rows land in $OUT: decode_*.json, align.jsonl, train_real.jsonl.
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 UNSLOTH_DISABLE_STATISTICS=1
W=/tmp/speed
A=$PWD/.whl/anchors
if [ "$1" = start ]; then
  mkdir -p /tmp/site $W && tar -xzf .whl/site.tgz -C /tmp/site
  python3 -c "import torch,transformers,peft,bitsandbytes,triton;print(torch.__version__,transformers.__version__,peft.__version__,bitsandbytes.__version__,triton.__version__,torch.cuda.get_device_name(0))"
  PYTHONPATH=/tmp/site:$PWD setsid nohup bash -c "
    for S in llama-3.1-8b phi-3.5-mini; do
      python3 bench/vram.py build $W --shapes \$S
      python3 bench/decode_check.py $W/\$S --out $W/decode_\$S.json
      if [ \$S = llama-3.1-8b ]; then ANCH='--anchors $A'; else ANCH=''; fi
      python3 bench/align.py sitting \$ANCH --out $W/align.jsonl --root $W --shapes \$S
      python3 bench/train_real.py fixed --anchors $A --out $W/train_real.jsonl --shape \$S --model $W/\$S --root $W/fixed-\$S
      [ \$S = llama-3.1-8b ] && python3 bench/train_real.py sitting --anchors $A --out $W/train_real.jsonl --shape \$S --root $W
      python3 bench/train_real.py estimate --anchors $A --out $W/train_real.jsonl --shape \$S --model $W/\$S --root $W
      echo SHAPE-DONE \$S
    done; echo CHAIN-DONE" > $W/log 2>&1 < /dev/null &
  sleep 2
fi
end=$((SECONDS + ${FOLLOW_S:-540}))
while [ $SECONDS -lt $end ] && ! grep -q CHAIN-DONE $W/log; do sleep 5; done
cp $W/align.jsonl $W/train_real.jsonl $W/decode_*.json $OUT/ 2>/dev/null; tail -c 12000000 $W/log > $OUT/log
grep -q CHAIN-DONE $W/log && echo SITTING-DONE || echo STILL-RUNNING
cat $W/decode_*.json 2>/dev/null
cut -c1-600 $W/align.jsonl $W/train_real.jsonl 2>/dev/null
grep -E "^(built|wrote|SHAPE-DONE|\\$|  \\()|ready in|Error|error|Traceback|RESULT)" $W/log | tail -40
