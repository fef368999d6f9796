# Issue 26's sitting (bench/device_sitting.sh). Parts, run in the order PARTS names them (default below):
#   phi     the Phi-3.5-mini shape's estimate rows (its three runs side by side; they report no speed)
#   real    Llama-3.1-8B shape: ours against Unsloth + TRL packing on the 1,280-sample chat set
#   fixed   Llama-3.1-8B shape: ours against qlora_unsloth.py at fixed 2048 (named twice: measured twice)
#   kernels where the GPU time of ours and qlora_unsloth.py goes at 2048
#   steps   ours and qlora_unsloth.py at 2048, a window of steps after warm-up: GPU idle share, gaps, host syncs
#           (STEPS_ANCHOR=0: ours alone)
#   ab      ours at fixed 2048 from .whl/old (git archive COMMIT so8t resources | tar -x -C .whl/old) and
#           from this tree, alternated ROUNDS times (2). Run it inside the start call: a follow call copies the
#           working tree (.whl included) to the machine again, and a part reading .whl/old meanwhile fails
#   cudatest the tests that need CUDA (pytest from .whl/pytest: pip download pytest pluggy iniconfig)
#   variants ours at fixed 2048 with the defaults, offloading off, fused kernels off (one at a time)
# e.g. PARTS="real fixed" bash bench/device_sitting.sh start bench/sittings/train_real.sh.
# Fed bench/results/train_real.json (python bench/train_real.py table ...).
P=$PWD
L=$W/llama-3.1-8b
llama() { [ -f $L/config.json ] || python3 bench/vram.py build $W --shapes llama-3.1-8b; }
fixeddata() {
  [ -f $W/fixed/fixed.jsonl ] || { mkdir -p $W/fixed
    python3 -c "from pathlib import Path; from bench.train_real import fixed_model_and_data as f; f(Path('$W/fixed'), 'llama-3.1-8b', Path('$L'))"; }
}
phi() {
  python3 bench/vram.py build $W --shapes phi-3.5-mini
  python3 bench/train_real.py estimate --anchors $A --out $RES/train_real.jsonl --shape phi-3.5-mini \
    --model $W/phi-3.5-mini --root $W
}
real() { llama; python3 bench/train_real.py sitting --anchors $A --out $RES/train_real.jsonl --shape llama-3.1-8b --root $W --parts real; }
fixed() { llama; python3 bench/train_real.py fixed --anchors $A --out $RES/train_real.jsonl --shape llama-3.1-8b --model $L --root $W/fixed; }
kernels() {
  llama; fixeddata
  python3 bench/peak_breakdown.py kernels $RES/kern_ours.json -- -m so8t train --model $L --data $W/fixed/fixed.jsonl \
    --out $W/runs/sftk --preset rtx3060-12gb --max-length 2048 --max-steps 3 --cuda-memory-limit-gb 12 --json
  (cd /tmp && CAP_GB=12 STEPS=8 SEQ=2048 OUT=/tmp TAG=u python3 $P/bench/peak_breakdown.py kernels $RES/kern_unsloth.json \
    -- $A/qlora_unsloth.py $L)
}
steps() {
  llama; fixeddata
  python3 bench/peak_breakdown.py steps $RES/steps_ours.json --skip 1 --count 2 -- -m so8t train --model $L \
    --data $W/fixed/fixed.jsonl --out $W/runs/steps --preset rtx3060-12gb --max-length 2048 --max-steps 4 \
    --cuda-memory-limit-gb 12 --json
  [ "${STEPS_ANCHOR:-1}" = 0 ] || (cd /tmp && CAP_GB=12 STEPS=12 SEQ=2048 OUT=/tmp TAG=u \
    python3 $P/bench/peak_breakdown.py steps $RES/steps_unsloth.json --skip 4 --count 8 -- $A/qlora_unsloth.py $L)
}
ab() { llama; python3 bench/train_real.py ab --out $RES/train_real.jsonl --old $P/.whl/old --model $L --root $W/ab --rounds ${ROUNDS:-2}; }
cudatest() {
  python3 -m pip install -q --no-index --no-deps --target /tmp/pytest-site $P/.whl/pytest/*.whl
  PYTHONPATH=/tmp/pytest-site:$PYTHONPATH python3 -m pytest -q -o addopts="" -p no:cacheprovider \
    tests/so8t/test_train_recompute.py -rs  # the whole file: its CUDA test is skipped on the CPU machine
}
variants() { llama; python3 bench/train_real.py variants --out $RES/train_real.jsonl --shape llama-3.1-8b --model $L --root $W/variants; }
for part in ${PARTS:-phi real fixed fixed kernels}; do $part; echo PART-DONE $part; done
