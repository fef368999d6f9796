# Sitting 1's two parts that later sittings did not re-run (bench/device_sitting.sh), on the Qwen2.5-0.5B shape:
# loss curves with and without --upcast-fp32 through the CLI (bench/numerics.py), and an out-of-memory run under a
# 3 GiB cap and its resume (bench/oom.py). Fed bench/results/numerics_upcast.json and oom_cli.json (the Numerics and
# Out of memory sections of training_memory.md); the tagged rows as in vram_raw/default-allocator/sitting1.jsonl.
R=$RES/numerics_oom.jsonl
# shellcheck source=bench/sittings/common.sh
source bench/sittings/common.sh
$B build $M --shapes qwen2.5-0.5b
python3 bench/numerics.py $M/qwen2.5-0.5b $RES/numerics_upcast.json --steps 50 | tag numerics
echo PART-DONE numerics
python3 bench/oom.py $M/qwen2.5-0.5b $RES/oom_cli.json --cap 3 --max-length 16384 | tag oom
echo PART-DONE oom
