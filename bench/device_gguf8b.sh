#!/usr/bin/env bash
# The 8B shape's Q4_K_M GGUF speed as `so8t evaluate` measures it, on the GPU machine's CPU (llama.cpp's CPU
# build, carried as C/llama.tgz: llama_cpp, gguf and diskcache from a Python where llama-cpp-python is installed,
# plus libgomp). Runs beside the align sitting (bench/sittings/align.sh, run by bench/device_sitting.sh) on the
# other cores (CORES, default 8-15), on the model that sitting builds in /tmp/sitting, once it has written its four
# 8B rows: export f16, quantize Q4_K_M, then bench/evaluate_speed.py --gguf. Rows in $OUT/gguf8b.json
# (bench/results/evaluate_speed_8b.json). Start it first, in the same command:
#   C=.whl bash bench/device_gguf8b.sh start; bash bench/device_sitting.sh start bench/sittings/align.sh
#   C=.whl bash bench/device_gguf8b.sh follow
# The one sitting that keeps its own start: it runs at the same time as another sitting, with its own folder, log
# and cores, and bench/device_sitting.sh holds one chain at a time (one W, one log that a second start truncates).
# That runner does not pin the align chain to cores 0-7 as the old align sitting did.
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1
M=/tmp/sitting/llama-3.1-8b
G=/tmp/gguf8b
C=${C:-.whl}
if [ "$1" = start ]; then
  mkdir -p /tmp/llama $G && tar -xzf "$C/llama.tgz" -C /tmp/llama
  N=${THREADS:-8}
  setsid nohup taskset -c ${CORES:-8-15} bash -c "
    export PYTHONPATH=/tmp/llama:$PWD LD_LIBRARY_PATH=/tmp/llama/lib:\$LD_LIBRARY_PATH
    for i in \$(seq 600); do [ \$(cat /tmp/sitting/out/align.jsonl 2>/dev/null | wc -l) -ge 4 ] && break; sleep 5; done
    python3 -c 'import llama_cpp, gguf; print(llama_cpp.__version__)'
    T0=\$SECONDS; python3 -m so8t export-gguf --model $M --out $G/f16.gguf --no-check --force --no-modelfile
    echo export-s \$((SECONDS-T0)); T0=\$SECONDS
    python3 -m so8t quantize --gguf $G/f16.gguf --type Q4_K_M --out $G/q4_k_m.gguf --force --no-modelfile
    echo quantize-s \$((SECONDS-T0)); rm -f $G/f16.gguf; ls -la $G
    python3 bench/evaluate_speed.py --gguf $G/q4_k_m.gguf --threads $N --repeats 2 --prompts ${PROMPTS:-6} \
      --max-new-tokens 32 --out $G/gguf8b.json
    echo GGUF-DONE" > $G/log 2>&1 < /dev/null &
  sleep 1
fi
cp $G/gguf8b.json $OUT/ 2>/dev/null; tail -c 2000000 $G/log > $OUT/gguf8b.log
grep -v "^llama_model_loader\|^print_info\|^load" $G/log | tail -15
