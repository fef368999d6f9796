#!/usr/bin/env bash
# Device sitting B: Llama-3.1-8B shape under a 12 GiB cap: ours (fused kernels off / on) and plain PEFT, back to back.
set -x
R=$OUT/results.jsonl
M=/tmp/models
B="python3 bench/vram.py"
tag() { python3 -c "import json,sys; d=json.loads(sys.stdin.read().strip().splitlines()[-1]); d['tag']='$1'; print(json.dumps(d))" >> $R; }
lean() { local A=$PWD/anchors; (cd /tmp && CAP_GB=12 STEPS=$3 SEQ=$2 OUT=/tmp TAG=$4 LIGER=${5:-0} timeout 200 python3 $A/qlora_lean.py $1 2>>$OUT/log | grep ^RESULT | sed 's/^RESULT //' | tag $4); }
$B build $M --shapes llama-3.1-8b
$B one $M/llama-3.1-8b --fast off --plan 2048:off:30,512:off:3,4096:off:3,8192:on:3,16384:on:2 2>>$OUT/log | tag llama-off
lean $M/llama-3.1-8b 2048 30 lean-llama-2048
$B one $M/llama-3.1-8b --fast on --plan 2048:off:30,8192:on:2,16384:on:2 2>>$OUT/log | tag llama-on
echo done
