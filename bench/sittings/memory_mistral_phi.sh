# Sitting 4 (bench/device_sitting.sh): Mistral-7B rows; Phi-3.5-mini, the default fast path (fused kernels and
# checkpointing 'auto') against plain PEFT, alternating; Llama-3.1-8B with fused kernels off at 2048 under
# expandable segments. Fed bench/results/vram_raw/sitting4.jsonl (training_memory.md, vram_estimate.{json,md};
# anchor rows: anchors_cuda.json).
R=$RES/memory_mistral_phi.jsonl
# shellcheck source=bench/sittings/common.sh
source bench/sittings/common.sh
$B build $M --shapes mistral-7b
T=$M/mistral-7b
$B one $T --fast off --plan 512:off:4,2048:off:4,8192:on:4,16384:on:3 | tag mistral-off
$B one $T --fast on --plan 2048:off:4,16384:on:3,24576:on:2 | tag mistral-on
rm -rf $T
echo PART-DONE mistral
$B build $M --shapes phi-3.5-mini
P=$M/phi-3.5-mini
lean $P 1024 20 lean-phi-1024-c1
$B one $P --fast auto --checkpointing auto --plan 1024:off:20 | tag phi-auto-1
lean $P 1024 20 lean-phi-1024-c2
$B one $P --fast auto --checkpointing auto --plan 1024:off:20 | tag phi-auto-2
$B one $P --fast off --checkpointing on --plan 1024:off:20 | tag phi-off-c
lean $P 1024 20 lean-phi-1024-c3
rm -rf $P
echo PART-DONE phi
$B build $M --shapes llama-3.1-8b
$B one $M/llama-3.1-8b --fast off --plan 2048:off:30 | tag llama-off-c
echo PART-DONE llama
