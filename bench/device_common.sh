# Sourced by bench/device_3a.sh, device_3b.sh and device_4.sh on the GPU machine (device tool). Before the call:
# copy ../shared/anchors/qlora_lean.py and qlora_unsloth.py into .dev-gpu13/, pack the Unsloth site with
# ../shared/anchors/make-unsloth-site.sh .whl/site.tgz, and carry .whl and .dev-gpu13. Each run appends one tagged
# JSON line to $OUT/results.jsonl (copy it to bench/results/vram_raw/, then: python bench/vram.py compare bench/results).
set -x
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1
mkdir -p /tmp/site && tar -xzf .whl/site.tgz -C /tmp/site
export PYTHONPATH=/tmp/site:$PWD
R=$OUT/results.jsonl
M=/tmp/models
A=$PWD/.dev-gpu13
B="python3 bench/vram.py"
tag() { python3 -c "import json,sys; t=sys.stdin.read().strip().splitlines(); d=json.loads(t[-1]) if t else {'error':'no output'}; d['tag']='$1'; print(json.dumps(d))" >> $R; }
lean() { (cd /tmp && CAP_GB=12 STEPS=$3 SEQ=$2 OUT=/tmp TAG=$4 LIGER=${5:-0} timeout ${6:-200} python3 $A/qlora_lean.py $1 2>>$OUT/log | grep ^RESULT | sed 's/^RESULT //' | tag $4); }
unsl() { (cd /tmp && CAP_GB=12 STEPS=$3 SEQ=$2 OUT=/tmp TAG=$4 timeout ${5:-200} python3 $A/qlora_unsloth.py $1 2>>$OUT/log | grep ^RESULT | sed 's/^RESULT //' | tag $4); }
python3 -c "import torch,transformers,peft,bitsandbytes,liger_kernel,triton;print(torch.__version__,transformers.__version__,peft.__version__,bitsandbytes.__version__,liger_kernel.__file__,triton.__version__,torch.cuda.get_device_name(0))"
