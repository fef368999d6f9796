#!/usr/bin/env bash
# Device sitting A: Qwen2.5-0.5B, Phi-3.5-mini, Mistral-7B shapes (rows, numerics, OOM, throughput).
set -x
R=$OUT/results.jsonl
M=/tmp/models
B="python3 bench/vram.py"
tag() { python3 -c "import json,sys; d=json.loads(sys.stdin.read().strip().splitlines()[-1]); d['tag']='$1'; print(json.dumps(d))" >> $R; }
lean() { local A=$PWD/anchors; (cd /tmp && CAP_GB=12 STEPS=$3 SEQ=$2 OUT=/tmp TAG=$4 LIGER=${5:-0} timeout 240 python3 $A/qlora_lean.py $1 2>>$OUT/log | grep ^RESULT | sed 's/^RESULT //' | tag $4); }
python3 -c "import torch,transformers,peft,bitsandbytes,liger_kernel,triton;print(torch.__version__,transformers.__version__,peft.__version__,bitsandbytes.__version__,triton.__version__,torch.cuda.get_device_name(0))"
$B build $M --shapes qwen2.5-0.5b
$B one $M/qwen2.5-0.5b --fast off --plan 512:off:5,2048:off:5,8192:off:3,16384:off:3,16384:on:3,32768:on:2 2>>$OUT/log | tag qwen-off
$B one $M/qwen2.5-0.5b --fast on --plan 512:off:5,2048:off:5,16384:on:3 2>>$OUT/log | tag qwen-on
python3 bench/numerics.py $M/qwen2.5-0.5b $OUT/numerics.json --steps 50 2>>$OUT/log | tag numerics
python3 bench/oom.py $M/qwen2.5-0.5b $OUT/oom.json --cap 3 --max-length 16384 2>>$OUT/log | tag oom
rm -rf $M/qwen2.5-0.5b
$B build $M --shapes phi-3.5-mini
lean $M/phi-3.5-mini 1024 20 lean-phi-1024
$B one $M/phi-3.5-mini --fast off --plan 1024:off:20,512:off:4,2048:off:4,4096:off:3,4096:on:3 2>>$OUT/log | tag phi-off
$B one $M/phi-3.5-mini --fast on --plan 1024:off:20,2048:off:4 2>>$OUT/log | tag phi-on
lean $M/phi-3.5-mini 1024 20 lean-phi-1024-b
rm -rf $M/phi-3.5-mini
$B build $M --shapes mistral-7b
$B one $M/mistral-7b --fast off --plan 512:off:4,2048:off:4,8192:off:2,8192:on:2,16384:on:2 2>>$OUT/log | tag mistral-off
rm -rf $M/mistral-7b
echo done
