# The align stage's sitting (bench/device_sitting.sh), 12 GiB cap: bench/align.py on the Llama-3.1-8B shape, ours
# first, then Unsloth's GRPO and DPO anchors; Phi-3.5-mini's DPO phase (ours); where a GRPO step of ours spends
# its time (bench/align_profile.py); the rollout decode check (bench/decode_check.py) on both shapes. Fed
# bench/results/align_gpu_raw*.jsonl, align_gpu.{json,md} (bench/align.py table), align_gpu_profile.json, decode_*.json.
L=$W/llama-3.1-8b
python3 bench/vram.py build $W --shapes llama-3.1-8b
python3 bench/align.py sitting --anchors $A --out $RES/align.jsonl --root $W --shapes llama-3.1-8b --tools so8t
echo PART-DONE align-ours
python3 bench/align.py sitting --anchors $A --out $RES/align.jsonl --root $W --shapes llama-3.1-8b --tools unsloth
echo PART-DONE align-unsloth
python3 bench/vram.py build $W --shapes phi-3.5-mini
python3 bench/align.py sitting --out $RES/align.jsonl --root $W --shapes phi-3.5-mini --phases dpo
echo PART-DONE align-phi
python3 bench/align_profile.py $L $L/prompts.jsonl $L/length_reward.py --out $RES/align_profile.json
echo PART-DONE profile
python3 bench/decode_check.py $L --out $RES/decode_llama-3.1-8b.json
python3 bench/decode_check.py $W/phi-3.5-mini --out $RES/decode_phi-3.5-mini.json
echo PART-DONE decode
