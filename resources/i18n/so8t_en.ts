<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CheckpointTable</name>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="54"/>
        <source>Checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="56"/>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="56"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="56"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="56"/>
        <source>Valid / why not</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="56"/>
        <source>Pin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="57"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="125"/>
        <source>valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="125"/>
        <source>invalid: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="134"/>
        <source>Resume from here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="138"/>
        <source>This checkpoint is incomplete or damaged and cannot be resumed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../gui/dashboard.py" line="116"/>
        <source>VRAM</source>
        <extracomment>Each plot redraws at most 10 times a second: smooth to the eye, and the GUI thread stays free for input. The plots take turns, so the timer ticks every REDRAW_INTERVAL_MS / number of plots. Points kept per curve. When a buffer fills, every other point is dropped, so a curve always spans the whole run at bounded memory (a 1M-step run keeps 20k points, ~320 KiB per curve). Stepped axis ranges: the x axis grows by this factor when the data reaches its end, the y axis gets this much padding, and a range is refitted when the data fills less than this fraction of it. Room for tick labels such as &quot;12000&quot; or &quot;0.0035&quot; beside each plot. Metric names (from the stage&apos;s events) drawn on each plot; the first matching name is used. The demo&apos;s pretraining loss: its own curve on the loss plot (its steps are not training steps). Telemetry written into metric events (by the stage or saved from the sampler) also draws here.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="116"/>
        <source>MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="116"/>
        <location filename="../../gui/dashboard.py" line="117"/>
        <location filename="../../gui/dashboard.py" line="118"/>
        <location filename="../../gui/dashboard.py" line="119"/>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="117"/>
        <source>GPU utilisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="118"/>
        <source>GPU temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="119"/>
        <source>GPU power</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="120"/>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="120"/>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="120"/>
        <location filename="../../gui/dashboard.py" line="121"/>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="121"/>
        <source>KL to base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="121"/>
        <source>nats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="127"/>
        <source>used (card)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="128"/>
        <source>this run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="132"/>
        <source>training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="133"/>
        <source>demo pretraining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="138"/>
        <source>card limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="145"/>
        <source>no NVIDIA GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="151"/>
        <source>No GPU telemetry yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="217"/>
        <source>card limit {0:.0f} MiB</source>
        <extracomment>Curves drawn on each plot (redrawn together).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="223"/>
        <source>No NVIDIA GPU: telemetry is off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="242"/>
        <source>{0}: {1} / {2} MiB</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <location filename="../../gui/log_view.py" line="20"/>
        <source>Log</source>
        <extracomment>Lines kept; older ones scroll away (a long run logs far more than anyone reads back).</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="150"/>
        <source>SO8T Control Panel</source>
        <extracomment>After a checkpoint event the table rescans a moment later (the manifest is written last). How often the window rescans the run list and follows a run that another process runs. At most this much of a followed events.jsonl is read per poll (the rest on the next ones). Unix niceness of a stage process (Windows: below-normal priority class): the window keeps its share of a CPU that the stage saturates.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="161"/>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="161"/>
        <location filename="../../gui/main_window.py" line="340"/>
        <source>Start a new run (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="162"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="164"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="165"/>
        <source>Continue the selected run from its newest valid checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="166"/>
        <source>Export PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="167"/>
        <source>Write the selected run&apos;s report as a PDF (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="173"/>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="182"/>
        <source>Resume it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="184"/>
        <source>Not now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="205"/>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="210"/>
        <source>Stages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="220"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="221"/>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="222"/>
        <source>Checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="223"/>
        <source>Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="224"/>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="338"/>
        <source>Choose a valid model folder and data file first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="367"/>
        <source> ({0} more in the run list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="369"/>
        <source>Run {0} was interrupted before it finished (stages left: {1}){2}. Resuming continues from its newest valid checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="411"/>
        <source>This run is running in another process; following its events.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="477"/>
        <source>Fix the settings marked in red first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="481"/>
        <source>new run from {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="163"/>
        <source>Stop the running stage; training writes a checkpoint first (Ctrl+.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="533"/>
        <source>starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="534"/>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="550"/>
        <source>stopping: writing a checkpoint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="552"/>
        <source>stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="612"/>
        <source>{0}: starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="620"/>
        <source>checkpoint at step {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="631"/>
        <source>Run finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="632"/>
        <source>Stopped. Resume continues from the checkpoint written at the stop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="633"/>
        <source>The stage did not stop in time and was killed; resume from the last checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="634"/>
        <source>The stage failed; see the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="635"/>
        <source>The stage process crashed; see the log, then resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="689"/>
        <source>writing the report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="691"/>
        <source>report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="698"/>
        <source>report written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="698"/>
        <source>report failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="701"/>
        <source>Report written: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="705"/>
        <source>Report failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="719"/>
        <source>The language changes when the panel is started again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="727"/>
        <source>A stage is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="728"/>
        <source>A stage is still running. What should happen to it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="729"/>
        <source>Keep running in the background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="730"/>
        <source>Stop with a checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="731"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <location filename="../../gui/settings_forms.py" line="107"/>
        <source>Browse…</source>
        <extracomment>Typing in a path field re-validates after this pause, not on every key. llama.cpp types offered for the quantize stage; Q4_K_M fits a 7B model in a 12 GB card with room for a long context, so it is the default. Hyper-parameters shown in the form (the rest keep TrainConfig&apos;s defaults), in display order. Defaults that fit a 12 GB card (RTX 3060): 4-bit base, micro-batch 1 with accumulation, 1k tokens. Used where they differ from TrainConfig&apos;s own defaults; grad_accum 8 keeps an effective batch of 8. Training settings of a demo run where the demo&apos;s own config does not name them.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="130"/>
        <source>JSON Lines (*.jsonl *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReliabilityPlot</name>
    <message>
        <location filename="../../gui/results_views.py" line="72"/>
        <source>Reliability diagram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="77"/>
        <source>confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="78"/>
        <source>accuracy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <location filename="../../gui/results_views.py" line="106"/>
        <location filename="../../gui/results_views.py" line="141"/>
        <source>Bake: not run yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="110"/>
        <location filename="../../gui/results_views.py" line="112"/>
        <source>Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="110"/>
        <location filename="../../gui/results_views.py" line="112"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="115"/>
        <source>GGUF files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="117"/>
        <source>Triality (ALLOW / ESCALATION / DENY)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="121"/>
        <source>Calibration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="136"/>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="136"/>
        <source>FAILED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="137"/>
        <source>Bake verification {0}: max |Δlogit| {1}, KL {2}, top-1 agreement {3}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunList</name>
    <message>
        <location filename="../../gui/run_list.py" line="31"/>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/run_list.py" line="38"/>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/run_list.py" line="38"/>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/run_list.py" line="38"/>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/run_list.py" line="39"/>
        <source>INTERRUPTED — can be resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/run_list.py" line="39"/>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/run_list.py" line="57"/>
        <source>This run stopped before it finished (crash, power cut or reboot). Select it and press Resume.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <location filename="../../gui/settings_forms.py" line="153"/>
        <location filename="../../gui/settings_forms.py" line="268"/>
        <source>Model folder (Hugging Face, safetensors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="154"/>
        <source>Use the demo model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="158"/>
        <source>The built-in tiny model, pretrained on the demo corpus at the start of the run: the whole pipeline in minutes on CPU, offline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="162"/>
        <source>SFT data file (JSONL)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="165"/>
        <source>Workspace folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="172"/>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="179"/>
        <source>Model and data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="187"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="188"/>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="189"/>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="190"/>
        <source>GGUF quantization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="193"/>
        <source>Training (defaults fit a 12 GB card)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="211"/>
        <source>Later stages (unfold one to change its settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="213"/>
        <source>Application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="215"/>
        <source>Language (after restart)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="219"/>
        <source>Resume interrupted runs when I log on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="224"/>
        <source>Available on Windows (per-user Run key).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="226"/>
        <source>Start at logon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="267"/>
        <source>built-in tiny demo model (pretrained in the run)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="302"/>
        <source>{0}: {1} layers, attention width {2}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StageList</name>
    <message>
        <location filename="../../gui/stage_list.py" line="39"/>
        <source>Stages</source>
        <extracomment>The pipeline&apos;s stages in order (DESIGN.md, &quot;The stages&quot;). Which standard icon shows which state.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="46"/>
        <source>Pretrain demo model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="47"/>
        <source>Train gates (QLoRA)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="48"/>
        <source>Bake gates into weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="49"/>
        <source>Export GGUF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="50"/>
        <source>Quantize GGUF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="51"/>
        <source>Check GGUF fidelity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="52"/>
        <source>Triality safety head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="53"/>
        <source>Calibrate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="54"/>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="60"/>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="60"/>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="61"/>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="61"/>
        <source>skipped (done before)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="62"/>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="62"/>
        <source>interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="62"/>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
