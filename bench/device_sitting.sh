#!/usr/bin/env bash
# One GPU sitting (device tool), run in the background so it can outlast one command:
#   bash bench/device_sitting.sh start bench/sittings/NAME.sh   starts the chain and follows it FOLLOW_S s (540)
#   bash bench/device_sitting.sh follow                         follows it on (the machine must still be warm)
# Before the call: copy ../shared/anchors/*.py into .whl/anchors/, pack the Unsloth site with
# ../shared/anchors/make-unsloth-site.sh .whl/site.tgz, and carry .whl (../shared does not travel).
# The chain is a plain bash file run with W (its work folder), A (the anchors) and PYTHONPATH naming the site;
# it writes its rows into RES ($W/out, JSON or JSON Lines) and marks each part with `echo PART-DONE name`.
# Everything in RES is copied to $OUT every 20 s, so a command cut off by the device's limit still brings back
# what is done.
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 UNSLOTH_DISABLE_STATISTICS=1
export W=/tmp/sitting RES=/tmp/sitting/out A=$PWD/.whl/anchors
if [ "$1" = start ]; then
  mkdir -p /tmp/site $RES && tar -xzf .whl/site.tgz -C /tmp/site
  export PYTHONPATH=/tmp/site:$PWD
  python3 -c "import torch,transformers,peft,bitsandbytes,triton;print(torch.__version__,transformers.__version__,peft.__version__,bitsandbytes.__version__,triton.__version__,torch.cuda.get_device_name(0))"
  setsid nohup bash -c "bash -x '$2'; echo CHAIN-DONE" > $W/log 2>&1 < /dev/null &
  sleep 2
fi
end=$((SECONDS + ${FOLLOW_S:-540}))
save() { cp $RES/* $OUT/ 2>/dev/null; tail -c 8000000 $W/log > $OUT/log; }
while [ $SECONDS -lt $end ] && ! grep -q CHAIN-DONE $W/log; do sleep 5; [ $((SECONDS % 20)) -lt 5 ] && save; done
save
grep -q CHAIN-DONE $W/log && echo SITTING-DONE || echo STILL-RUNNING
for f in $RES/*.jsonl; do [ -f "$f" ] && cut -c1-400 "$f"; done
grep -E "PART-DONE|^built|^model and data|gpu_busy|Error|Traceback" $W/log | tail -40
