# Issue 26's sitting (bench/device_sitting.sh): the Phi-3.5-mini shape's estimate rows (its three runs side by
# side, the 8B model built meanwhile); then on the Llama-3.1-8B shape, ours against Unsloth + TRL packing on the
# 1,280-sample chat set and against qlora_unsloth.py at fixed 2048, one run at a time; the fixed pair again;
# where the GPU time of ours and qlora_unsloth.py goes at 2048. Fed bench/results/train_real.json
# (python bench/train_real.py table ...).
P=$PWD
L=$W/llama-3.1-8b
python3 bench/vram.py build $W --shapes phi-3.5-mini
python3 bench/train_real.py estimate --anchors $A --out $RES/train_real.jsonl --shape phi-3.5-mini --model $W/phi-3.5-mini --root $W &
python3 bench/vram.py build $W --shapes llama-3.1-8b
wait
echo PART-DONE phi-estimate
python3 bench/train_real.py sitting --anchors $A --out $RES/train_real.jsonl --shape llama-3.1-8b --root $W --parts real
echo PART-DONE real
python3 bench/train_real.py fixed --anchors $A --out $RES/train_real.jsonl --shape llama-3.1-8b --model $L --root $W/fixed
echo PART-DONE fixed
python3 bench/train_real.py fixed --anchors $A --out $RES/train_real.jsonl --shape llama-3.1-8b --model $L --root $W/fixed
echo PART-DONE fixed-again
python3 bench/peak_breakdown.py kernels $RES/kern_ours.json -- -m so8t train --model $L --data $W/fixed/fixed.jsonl \
  --out $W/runs/sftk --preset rtx3060-12gb --max-length 2048 --max-steps 3 --cuda-memory-limit-gb 12 --json
(cd /tmp && CAP_GB=12 STEPS=8 SEQ=2048 OUT=/tmp TAG=u python3 $P/bench/peak_breakdown.py kernels $RES/kern_unsloth.json \
  -- $A/qlora_unsloth.py $L)
echo PART-DONE kernels
