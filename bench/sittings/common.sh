# Sourced by the memory sittings (memory_small_shapes.sh, memory_llama.sh, memory_mistral_phi.sh, memory_fused.sh),
# run by bench/device_sitting.sh with W, A (the anchors qlora_lean.py and qlora_unsloth.py) and PYTHONPATH set.
# Each run appends one tagged JSON line to R (the chain sets it; default $RES/results.jsonl): copy it to
# bench/results/vram_raw/, then: python bench/vram.py compare bench/results. Stderr goes to the sitting's log.
R=${R:-$RES/results.jsonl}
# M (the models' folder) and B (bench/vram.py) are for the chains that source this file.
# shellcheck disable=SC2034
M=$W/models
# shellcheck disable=SC2034
B="python3 bench/vram.py"
tag() { python3 -c "import json,sys; t=sys.stdin.read().strip().splitlines(); d=json.loads(t[-1]) if t else {'error':'no output'}; d['tag']='$1'; print(json.dumps(d))" >> $R; }
lean() { (cd /tmp && CAP_GB=12 STEPS=$3 SEQ=$2 OUT=/tmp TAG=$4 LIGER=${5:-0} timeout ${6:-200} python3 $A/qlora_lean.py $1 | grep ^RESULT | sed 's/^RESULT //' | tag $4); }
unsl() { (cd /tmp && CAP_GB=12 STEPS=$3 SEQ=$2 OUT=/tmp TAG=$4 timeout ${5:-200} python3 $A/qlora_unsloth.py $1 | grep ^RESULT | sed 's/^RESULT //' | tag $4); }
python3 -c "import liger_kernel; print('liger_kernel', liger_kernel.__file__)"
