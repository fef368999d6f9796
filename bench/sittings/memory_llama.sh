# Sitting 3b (bench/device_sitting.sh): the Llama-3.1-8B shape under a 12 GiB cap, back to back: plain PEFT,
# Unsloth, ours (fused kernels, offloading at long lengths), Unsloth at 8192 and 16384. Fed
# bench/results/vram_raw/sitting3b.jsonl (training_memory.md, vram_estimate.{json,md}; anchor rows: anchors_cuda.json).
R=$RES/memory_llama.jsonl
# shellcheck source=bench/sittings/common.sh
source bench/sittings/common.sh
$B build $M --shapes llama-3.1-8b
L=$M/llama-3.1-8b
lean $L 2048 30 lean-llama-2048
unsl $L 2048 15 unsloth-llama-2048 240
$B one $L --fast on --plan 2048:off:30,8192:on:10,16384:on:10,20480:on:10 | tag llama-on
echo PART-DONE llama-2048
unsl $L 8192 10 unsloth-llama-8192 200
unsl $L 16384 10 unsloth-llama-16384 200
echo PART-DONE unsloth-long
