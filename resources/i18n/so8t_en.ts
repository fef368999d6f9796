<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../gui/playground.py" line="103"/>
        <source>You</source>
        <extracomment>Streamed text is put into the chat view at most this often (the event loop stays free between). Badge colours per verdict (background, text).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="126"/>
        <source>final</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="128"/>
        <source>Refused: the model was not asked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="132"/>
        <source>Needs review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="132"/>
        <source>show the held answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="136"/>
        <source>(no final answer: the model&apos;s output had thinking but no final section)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="138"/>
        <source>{0} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="140"/>
        <source>, {0:.1f} tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
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
        <location filename="../../gui/main_window.py" line="155"/>
        <source>SO8T Control Panel</source>
        <extracomment>After a checkpoint event the table rescans a moment later (the manifest is written last). How often the window rescans the run list and follows a run that another process runs. At most this much of a followed events.jsonl is read per poll (the rest on the next ones). How long quitting waits for the thread pool&apos;s jobs (checkpoint scans, event loading). Unix niceness of a stage process (Windows: below-normal priority class): the window keeps its share of a CPU that the stage saturates.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="166"/>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="166"/>
        <location filename="../../gui/main_window.py" line="358"/>
        <source>Start a new run (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="167"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="169"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="170"/>
        <source>Continue the selected run from its newest valid checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="171"/>
        <source>Export PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="172"/>
        <source>Write the selected run&apos;s report as a PDF (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="178"/>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="187"/>
        <source>Resume it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="189"/>
        <source>Not now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="210"/>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="215"/>
        <source>Stages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="227"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="228"/>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="229"/>
        <source>Checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="230"/>
        <source>Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="231"/>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="233"/>
        <source>Playground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="356"/>
        <source>Choose a valid model folder and data file first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="385"/>
        <source> ({0} more in the run list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="387"/>
        <source>Run {0} was interrupted before it finished (stages left: {1}){2}. Resuming continues from its newest valid checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="429"/>
        <source>This run is running in another process; following its events.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="495"/>
        <source>Fix the settings marked in red first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="499"/>
        <source>new run from {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="168"/>
        <source>Stop the running stage; training writes a checkpoint first (Ctrl+.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="522"/>
        <source>Resume cancelled; every checkpoint is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="531"/>
        <source>Resume from an older checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="532"/>
        <source>Resuming from {0} trains its later steps again. These later checkpoints will be replaced or removed: {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="534"/>
        <source>Cancel keeps every checkpoint as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="535"/>
        <source>Resume from {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="575"/>
        <source>starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="576"/>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="592"/>
        <source>stopping: writing a checkpoint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="594"/>
        <source>stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="654"/>
        <source>{0}: starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="662"/>
        <source>checkpoint at step {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="673"/>
        <source>Run finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="674"/>
        <source>Stopped. Resume continues from the checkpoint written at the stop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="675"/>
        <source>The stage did not stop in time and was killed; resume from the last checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="676"/>
        <source>The stage failed; see the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="677"/>
        <source>The stage process crashed; see the log, then resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="731"/>
        <source>writing the report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="733"/>
        <source>report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="740"/>
        <source>report written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="740"/>
        <source>report failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="743"/>
        <source>Report written: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="747"/>
        <source>Report failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="761"/>
        <source>The language changes when the panel is started again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="769"/>
        <source>A stage is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="770"/>
        <source>A stage is still running. What should happen to it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="771"/>
        <source>Keep running in the background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="772"/>
        <source>Stop with a checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="824"/>
        <source>quitting: stopping the stage with a checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="536"/>
        <location filename="../../gui/main_window.py" line="773"/>
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
    <name>PlaygroundTab</name>
    <message>
        <location filename="../../gui/playground.py" line="170"/>
        <source>Playground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="178"/>
        <location filename="../../gui/playground.py" line="201"/>
        <location filename="../../gui/playground.py" line="259"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="179"/>
        <source>Other file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="181"/>
        <source>Side by side with the base model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="185"/>
        <source>Base model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="187"/>
        <source>Show reasoning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="189"/>
        <source>Also show the model&apos;s thinking while it streams. It is never written to any file; the audit log records that it was shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="207"/>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="209"/>
        <source>Max tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="217"/>
        <source>Fine-tuned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="218"/>
        <source>Base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="226"/>
        <source>Reasoning (shown only while &apos;Show reasoning&apos; is on)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="231"/>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="232"/>
        <source>Ask the model… (Enter sends, Esc stops)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="233"/>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="235"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="237"/>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="239"/>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="243"/>
        <location filename="../../gui/playground.py" line="259"/>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="257"/>
        <location filename="../../gui/playground.py" line="275"/>
        <source>Audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="259"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="259"/>
        <source>Final verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="259"/>
        <source>Held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="260"/>
        <source>Thinking sections (sha256)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="260"/>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="267"/>
        <source>Export audit log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="370"/>
        <source>Choose a GGUF file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="371"/>
        <source>GGUF files (*.gguf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="373"/>
        <source>Or choose a model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="405"/>
        <source>Loading {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="453"/>
        <source>Generating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="472"/>
        <source>gated: T = {0:.3g}{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="473"/>
        <source> (not calibrated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="475"/>
        <source>ungated: no safety head in this run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="478"/>
        <source>Loaded {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="502"/>
        <source>{0:.1f} tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="503"/>
        <source>Answered ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="511"/>
        <source>Error: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="536"/>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="554"/>
        <source>Export the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="555"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="559"/>
        <source>Audit log exported: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="561"/>
        <source>Export failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReliabilityPlot</name>
    <message>
        <location filename="../../gui/results_views.py" line="49"/>
        <source>Reliability diagram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="54"/>
        <source>confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="55"/>
        <source>accuracy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <location filename="../../gui/results_views.py" line="83"/>
        <location filename="../../gui/results_views.py" line="118"/>
        <source>Bake: not run yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="87"/>
        <location filename="../../gui/results_views.py" line="89"/>
        <source>Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="87"/>
        <location filename="../../gui/results_views.py" line="89"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="92"/>
        <source>GGUF files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="94"/>
        <source>Triality (ALLOW / ESCALATION / DENY)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="98"/>
        <source>Calibration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="113"/>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="113"/>
        <source>FAILED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="114"/>
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
