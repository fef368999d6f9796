#!/usr/bin/env bash
# The sitting of bench/align.py on the GPU machine (device tool), in the background so it can outlast one
# command, then ours against qlora_unsloth.py at fixed 2048 on the Phi-3.5-mini shape (bench/train_real.py
# fixed), then where a GRPO step of ours spends its time (bench/align_profile.py). `C=DIR bash bench/device_align.sh start` starts it and follows it for up to FOLLOW_S seconds;
# `C=DIR bash bench/device_align.sh follow` follows it on (the machine must still be warm). C is the carried
# folder: the anchors (copies of ../shared/anchors/*.py) in C/anchors and the Unsloth site packed by
# ../shared/anchors/make-unsloth-site.sh as C/site.tgz. Rows land in $OUT/align.jsonl and $OUT/train_real.jsonl
# FIXED=0 and PROFILE=0 leave those two out. CORES (default 0-7) pins the chain, so a CPU-bound sitting beside it can take the other cores.
# (then: python bench/align.py table align.jsonl > bench/results/align_gpu.json).
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 UNSLOTH_DISABLE_STATISTICS=1
W=/tmp/align_bench
C=${C:-.whl}
if [ "$1" = start ]; then
  mkdir -p /tmp/site $W && tar -xzf "$C/site.tgz" -C /tmp/site
  python3 -c "import torch,transformers,peft,bitsandbytes,triton;print(torch.__version__,transformers.__version__,peft.__version__,bitsandbytes.__version__,triton.__version__,torch.cuda.get_device_name(0))"
  PYTHONPATH=/tmp/site:$PWD setsid nohup taskset -c ${CORES:-0-7} bash -c "python3 bench/align.py sitting --anchors '$C/anchors' \
    --out $W/align.jsonl --root $W --shapes ${SHAPES:-llama-3.1-8b,phi-3.5-mini}; \
    [ ${FIXED:-1} = 1 ] && python3 bench/train_real.py fixed --anchors '$C/anchors' --out $W/train_real.jsonl --shape phi-3.5-mini \
    --model $W/phi-3.5-mini --root $W/fixed; \
    [ ${PROFILE:-1} = 1 ] && python3 bench/align_profile.py $W/llama-3.1-8b $W/llama-3.1-8b/prompts.jsonl $W/llama-3.1-8b/length_reward.py \
    --out $W/align_profile.json; echo CHAIN-DONE" > $W/log 2>&1 < /dev/null &
  sleep 2
fi
end=$((SECONDS + ${FOLLOW_S:-540}))
while [ $SECONDS -lt $end ] && ! grep -q CHAIN-DONE $W/log; do sleep 5; done
cp $W/align.jsonl $W/train_real.jsonl $W/align_profile.json $OUT/ 2>/dev/null; tail -c 12000000 $W/log > $OUT/log
grep -q CHAIN-DONE $W/log && echo SITTING-DONE || echo STILL-RUNNING
cut -c1-700 $W/align.jsonl $W/train_real.jsonl 2>/dev/null
grep -E "^(built|wrote|\\$|  \\()|ready in|Error|error|Traceback" $W/log | tail -30
