# Sitting 3a (bench/device_sitting.sh): whether the 12 GiB cap holds under expandable segments; Qwen2.5-0.5B rows;
# Phi-3.5-mini throughput against plain PEFT, profiles, and rows without checkpointing. Fed
# bench/results/vram_raw/sitting3a.jsonl (training_memory.md, vram_estimate.{json,md}; anchor rows: anchors_cuda.json).
R=$RES/memory_small_shapes.jsonl
# shellcheck source=bench/sittings/common.sh
source bench/sittings/common.sh
python3 - <<'PY'
import torch
torch.cuda.memory._set_allocator_settings("expandable_segments:True")
torch.cuda.set_per_process_memory_fraction(2 * 2**30 / torch.cuda.get_device_properties(0).total_memory)
xs = []
try:
    for i in range(40):
        xs.append(torch.empty(256 * 2**20, dtype=torch.uint8, device="cuda"))
    print("CAPCHECK not enforced", len(xs) * 256, "MiB")
except torch.OutOfMemoryError:
    print("CAPCHECK enforced after", len(xs) * 256, "MiB")
PY
echo PART-DONE capcheck
$B build $M --shapes qwen2.5-0.5b
$B one $M/qwen2.5-0.5b --fast off --plan 512:off:5,2048:off:5,8192:off:3,16384:off:3,16384:on:3,32768:on:2 | tag qwen-off
$B one $M/qwen2.5-0.5b --fast on --plan 512:off:5,2048:off:5,16384:on:3 | tag qwen-on
rm -rf $M/qwen2.5-0.5b
echo PART-DONE qwen
$B build $M --shapes phi-3.5-mini
P=$M/phi-3.5-mini
lean $P 1024 20 lean-phi-1024
$B one $P --fast off --plan 1024:off:20,512:off:4,2048:off:4,4096:off:3,4096:on:3 --profile 3 | tag phi-off
$B one $P --fast on --plan 1024:off:20,2048:off:4 --profile 3 | tag phi-on
lean $P 1024 20 lean-phi-1024-liger 1
$B one $P --fast off --checkpointing off --plan 1024:off:20,2048:off:4 | tag phi-off-nogc
$B one $P --fast on --checkpointing off --plan 1024:off:20,2048:off:4 | tag phi-on-nogc
lean $P 1024 20 lean-phi-1024-b
echo PART-DONE phi
