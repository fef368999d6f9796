#!/usr/bin/env bash
# The sitting of bench/train_real.py on the GPU machine (device tool), in the background so it can outlast one
# command: `bash bench/device_train_real.sh start [SHAPE]` starts it and follows it for up to 9 minutes;
# `bash bench/device_train_real.sh follow` follows it on (the machine must still be warm). Before the call:
# copy ../shared/anchors/*.py into .whl/anchors/, pack the Unsloth site with
# ../shared/anchors/make-unsloth-site.sh .whl/site.tgz, and carry .whl. Rows land in $OUT/train_real.jsonl
# (then: python bench/train_real.py table train_real.jsonl > bench/results/train_real.json).
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 UNSLOTH_DISABLE_STATISTICS=1
W=/tmp/train_real
if [ "$1" = start ]; then
  mkdir -p /tmp/site $W && tar -xzf .whl/site.tgz -C /tmp/site
  python3 -c "import torch,transformers,peft,bitsandbytes,triton;print(torch.__version__,transformers.__version__,peft.__version__,bitsandbytes.__version__,triton.__version__,torch.cuda.get_device_name(0))"
  PYTHONPATH=/tmp/site:$PWD setsid nohup python3 bench/train_real.py sitting --anchors .whl/anchors \
    --out $W/train_real.jsonl --shape "${2:-llama-3.1-8b}" --root $W > $W/log 2>&1 < /dev/null &
fi
end=$((SECONDS + ${FOLLOW_S:-540}))
while [ $SECONDS -lt $end ] && pgrep -f "train_real.py sitting" > /dev/null; do sleep 5; done
cp $W/train_real.jsonl $OUT/ 2>/dev/null; tail -c 12000000 $W/log > $OUT/log
pgrep -f "train_real.py sitting" > /dev/null && echo STILL-RUNNING || echo SITTING-DONE
cat $W/train_real.jsonl 2>/dev/null | cut -c1-600
grep -E "^(built|wrote|model and data)|Error|error" $W/log | tail -20
