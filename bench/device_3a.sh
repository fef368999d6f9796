#!/usr/bin/env bash
# Sitting A: the cap under expandable segments; Qwen2.5-0.5B rows; Phi-3.5-mini throughput, profiles, no-checkpointing rows.
source bench/device_common.sh
python3 - <<'PY' 2>&1 | tee -a $OUT/log
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
$B build $M --shapes qwen2.5-0.5b
$B one $M/qwen2.5-0.5b --fast off --plan 512:off:5,2048:off:5,8192:off:3,16384:off:3,16384:on:3,32768:on:2 2>>$OUT/log | tag qwen-off
$B one $M/qwen2.5-0.5b --fast on --plan 512:off:5,2048:off:5,16384:on:3 2>>$OUT/log | tag qwen-on
rm -rf $M/qwen2.5-0.5b
$B build $M --shapes phi-3.5-mini
P=$M/phi-3.5-mini
lean $P 1024 20 lean-phi-1024
$B one $P --fast off --plan 1024:off:20,512:off:4,2048:off:4,4096:off:3,4096:on:3 --profile 3 2>>$OUT/log | tag phi-off
$B one $P --fast on --plan 1024:off:20,2048:off:4 --profile 3 2>>$OUT/log | tag phi-on
lean $P 1024 20 lean-phi-1024-liger 1
$B one $P --fast off --checkpointing off --plan 1024:off:20,2048:off:4 2>>$OUT/log | tag phi-off-nogc
$B one $P --fast on --checkpointing off --plan 1024:off:20,2048:off:4 2>>$OUT/log | tag phi-on-nogc
lean $P 1024 20 lean-phi-1024-b
echo done
