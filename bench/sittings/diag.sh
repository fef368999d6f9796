# A diagnosis sitting (bench/device_sitting.sh) on the Llama-3.1-8B shape, 12 GiB cap: what ours holds at its memory
# peak in GRPO, DPO and packed SFT, and Unsloth's at fixed 2048 (bench/peak_breakdown.py memory); where the GPU
# time of ours and of qlora_unsloth.py goes at fixed 2048 (bench/peak_breakdown.py kernels). It fed no file under
# bench/results/: its mem_*.json and kern_*.json come back in $OUT. Inputs wait in $W/data, out of the runner's copy.
P=$PWD
M=$W/llama-3.1-8b
D=$W/data
pb() { python3 $P/bench/peak_breakdown.py "$@"; }
COMMON=(--device cuda --cuda-memory-limit-gb 12 --ckpt-every-seconds 0 --ckpt-every-steps 1000 --json)
python3 bench/vram.py build $W --shapes llama-3.1-8b
mkdir -p $D
python3 $A/realdata.py $M $D/real.jsonl 320 0
python3 -c "from pathlib import Path; from bench.align import write_inputs; from bench.vram import write_data; write_inputs(Path('$D/real.jsonl'), Path('$D')); write_data(Path('$D/fixed.jsonl'), 2048, samples=48)"
pb memory $RES/mem_grpo.json -- -m so8t align --method grpo --model $M --out $W/runs/grpo --data $D/prompts.jsonl \
  "${COMMON[@]}" --max-steps 2 --prompts-per-step 1 --generations 4 --max-completion-tokens 256 --beta 0 \
  --reward format --reward $D/length_reward.py:length
echo PART-DONE grpo
pb memory $RES/mem_dpo.json -- -m so8t align --method dpo --model $M --out $W/runs/dpo --data $D/pairs.jsonl \
  "${COMMON[@]}" --max-steps 2 --batch-size 1 --grad-accum 8 --max-length 1024
echo PART-DONE dpo
pb memory $RES/mem_sft.json -- -m so8t train --model $M --data $D/fixed.jsonl --out $W/runs/sft --preset rtx3060-12gb \
  --max-length 2048 --max-steps 2 --cuda-memory-limit-gb 12 --json
echo PART-DONE sft
pb kernels $RES/kern_ours.json -- -m so8t train --model $M --data $D/fixed.jsonl --out $W/runs/sftk \
  --preset rtx3060-12gb --max-length 2048 --max-steps 3 --cuda-memory-limit-gb 12 --json
echo PART-DONE kernels-ours
(cd /tmp && CAP_GB=12 STEPS=8 SEQ=2048 OUT=/tmp TAG=u pb kernels $RES/kern_unsloth.json -- $A/qlora_unsloth.py $M)
echo PART-DONE kernels-unsloth
(cd /tmp && CAP_GB=12 STEPS=3 SEQ=2048 OUT=/tmp TAG=u pb memory $RES/mem_unsloth.json -- $A/qlora_unsloth.py $M)
echo PART-DONE memory-unsloth
