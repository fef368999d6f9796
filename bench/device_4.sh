#!/usr/bin/env bash
# Sitting C: Mistral-7B rows; Phi-3.5-mini, the default fast path (fused kernels and checkpointing 'auto')
# against plain PEFT, alternating; Llama-3.1-8B fused kernels off at 2048 with expandable segments.
source bench/device_common.sh
$B build $M --shapes mistral-7b
T=$M/mistral-7b
$B one $T --fast off --plan 512:off:4,2048:off:4,8192:on:4,16384:on:3 2>>$OUT/log | tag mistral-off
$B one $T --fast on --plan 2048:off:4,16384:on:3,24576:on:2 2>>$OUT/log | tag mistral-on
rm -rf $T
$B build $M --shapes phi-3.5-mini
P=$M/phi-3.5-mini
lean $P 1024 20 lean-phi-1024-c1
$B one $P --fast auto --checkpointing auto --plan 1024:off:20 2>>$OUT/log | tag phi-auto-1
lean $P 1024 20 lean-phi-1024-c2
$B one $P --fast auto --checkpointing auto --plan 1024:off:20 2>>$OUT/log | tag phi-auto-2
$B one $P --fast off --checkpointing on --plan 1024:off:20 2>>$OUT/log | tag phi-off-c
lean $P 1024 20 lean-phi-1024-c3
rm -rf $P
$B build $M --shapes llama-3.1-8b
$B one $M/llama-3.1-8b --fast off --plan 2048:off:30 2>>$OUT/log | tag llama-off-c
echo done
