<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../gui/playground.py" line="108"/>
        <source>You</source>
        <extracomment>Streamed text is put into the chat view at most this often (the event loop stays free between). Badge colours per verdict (background, text).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="131"/>
        <source>final</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="133"/>
        <source>Refused: the model was not asked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="137"/>
        <source>Needs review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="137"/>
        <source>show the held answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="141"/>
        <source>(no final answer: the model&apos;s output had thinking but no final section)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="143"/>
        <source>{0} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="145"/>
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
        <location filename="../../gui/dashboard.py" line="115"/>
        <source>VRAM</source>
        <extracomment>Each plot redraws at most 10 times a second: smooth to the eye, and the GUI thread stays free for input. The plots take turns, so the timer ticks every REDRAW_INTERVAL_MS / number of plots. Points kept per curve. When a buffer fills, every other point is dropped, so a curve always spans the whole run at bounded memory (a 1M-step run keeps 20k points, ~320 KiB per curve). Stepped axis ranges: the x axis grows by this factor when the data reaches its end, the y axis gets this much padding, and a range is refitted when the data fills less than this fraction of it. Room for tick labels such as &quot;12000&quot; or &quot;0.0035&quot; beside each plot. The demo&apos;s pretraining loss: its own curve on the loss plot (its steps are not training steps). Telemetry written into metric events (by the stage or saved from the sampler) also draws here.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="115"/>
        <source>MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="115"/>
        <location filename="../../gui/dashboard.py" line="116"/>
        <location filename="../../gui/dashboard.py" line="117"/>
        <location filename="../../gui/dashboard.py" line="118"/>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="116"/>
        <source>GPU utilisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="117"/>
        <source>GPU temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="118"/>
        <source>GPU power</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="119"/>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="119"/>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="119"/>
        <location filename="../../gui/dashboard.py" line="120"/>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="120"/>
        <source>KL to base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="120"/>
        <source>nats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="126"/>
        <source>used (card)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="127"/>
        <source>this run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="131"/>
        <source>training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="132"/>
        <source>demo pretraining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="137"/>
        <source>card limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="144"/>
        <source>no NVIDIA GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="150"/>
        <source>No GPU telemetry yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="216"/>
        <source>card limit {0:.0f} MiB</source>
        <extracomment>Curves drawn on each plot (redrawn together).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="222"/>
        <source>No NVIDIA GPU: telemetry is off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="241"/>
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
        <location filename="../../gui/main_window.py" line="128"/>
        <source>SO8T Control Panel</source>
        <extracomment>After a checkpoint event the table rescans a moment later (the manifest is written last). How often the window rescans the run list and follows a run that another process runs. How long quitting waits for the thread pool&apos;s jobs (checkpoint scans, event loading). Unix niceness of a stage process (Windows: below-normal priority class): the window keeps its share of a CPU that the stage saturates.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="139"/>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="139"/>
        <location filename="../../gui/main_window.py" line="331"/>
        <source>Start a new run (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="140"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="142"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="143"/>
        <source>Continue the selected run from its newest valid checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="144"/>
        <source>Export PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="145"/>
        <source>Write the selected run&apos;s report as a PDF (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="151"/>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="160"/>
        <source>Resume it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="162"/>
        <source>Not now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="183"/>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="188"/>
        <source>Stages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="200"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="201"/>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="202"/>
        <source>Checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="203"/>
        <source>Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="204"/>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="206"/>
        <source>Playground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="329"/>
        <source>Choose a valid model folder and data file first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="358"/>
        <source> ({0} more in the run list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="360"/>
        <source>Run {0} was interrupted before it finished (stages left: {1}){2}. Resuming continues from its newest valid checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="402"/>
        <source>This run is running in another process; following its events.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="458"/>
        <source>Fix the settings marked in red first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="462"/>
        <source>new run from {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="141"/>
        <source>Stop the running stage; training writes a checkpoint first (Ctrl+.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="485"/>
        <source>Resume cancelled; every checkpoint is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="494"/>
        <source>Resume from an older checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="495"/>
        <source>Resuming from {0} trains its later steps again. These later checkpoints will be replaced or removed: {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="497"/>
        <source>Cancel keeps every checkpoint as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="498"/>
        <source>Resume from {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="538"/>
        <source>starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="539"/>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="555"/>
        <source>stopping: writing a checkpoint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="557"/>
        <source>stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="617"/>
        <source>{0}: starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="625"/>
        <source>checkpoint at step {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="636"/>
        <source>Run finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="637"/>
        <source>Stopped. Resume continues from the checkpoint written at the stop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="638"/>
        <source>The stage did not stop in time and was killed; resume from the last checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="639"/>
        <source>The stage failed; see the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="640"/>
        <source>The stage process crashed; see the log, then resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="694"/>
        <source>writing the report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="696"/>
        <source>report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="703"/>
        <source>report written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="703"/>
        <source>report failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="706"/>
        <source>Report written: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="710"/>
        <source>Report failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="724"/>
        <source>The language changes when the panel is started again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="732"/>
        <source>A stage is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="733"/>
        <source>A stage is still running. What should happen to it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="734"/>
        <source>Keep running in the background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="735"/>
        <source>Stop with a checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="787"/>
        <source>quitting: stopping the stage with a checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="499"/>
        <location filename="../../gui/main_window.py" line="736"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <location filename="../../gui/settings_forms.py" line="93"/>
        <source>Browse…</source>
        <extracomment>Typing in a path field re-validates after this pause, not on every key. Hyper-parameters shown in the form (the rest keep the preset&apos;s or TrainConfig&apos;s values), in display order.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="116"/>
        <source>JSON Lines (*.jsonl *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlaygroundTab</name>
    <message>
        <location filename="../../gui/playground.py" line="175"/>
        <source>Playground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="183"/>
        <location filename="../../gui/playground.py" line="206"/>
        <location filename="../../gui/playground.py" line="264"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="184"/>
        <source>Other file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="186"/>
        <source>Side by side with the base model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="190"/>
        <source>Base model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="192"/>
        <source>Show reasoning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="194"/>
        <source>Also show the model&apos;s thinking while it streams. It is never written to any file; the audit log records that it was shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="212"/>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="214"/>
        <source>Max tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="222"/>
        <source>Fine-tuned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="223"/>
        <source>Base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="231"/>
        <source>Reasoning (shown only while &apos;Show reasoning&apos; is on)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="236"/>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="237"/>
        <source>Ask the model… (Enter sends, Esc stops)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="238"/>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="240"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="242"/>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="244"/>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="248"/>
        <location filename="../../gui/playground.py" line="264"/>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="262"/>
        <location filename="../../gui/playground.py" line="280"/>
        <source>Audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="264"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="264"/>
        <source>Final verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="264"/>
        <source>Held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="265"/>
        <source>Thinking sections (sha256)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="265"/>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="272"/>
        <source>Export audit log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="372"/>
        <source>Choose a GGUF file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="373"/>
        <source>GGUF files (*.gguf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="375"/>
        <source>Or choose a model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="407"/>
        <source>Loading {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="455"/>
        <source>Generating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="474"/>
        <source>gated: T = {0:.3g}{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="475"/>
        <source> (not calibrated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="477"/>
        <source>ungated: no safety head in this run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="480"/>
        <source>Loaded {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="504"/>
        <source>{0:.1f} tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="505"/>
        <source>Answered ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="513"/>
        <source>Error: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="538"/>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="556"/>
        <source>Export the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="557"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="561"/>
        <source>Audit log exported: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="563"/>
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
        <location filename="../../gui/results_views.py" line="86"/>
        <location filename="../../gui/results_views.py" line="124"/>
        <source>Bake: not run yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="90"/>
        <location filename="../../gui/results_views.py" line="92"/>
        <source>Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="90"/>
        <location filename="../../gui/results_views.py" line="92"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="95"/>
        <source>GGUF files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="97"/>
        <source>Triality (ALLOW / ESCALATION / DENY)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="101"/>
        <source>Calibration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="119"/>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="119"/>
        <source>FAILED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="120"/>
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
        <location filename="../../gui/settings_forms.py" line="139"/>
        <location filename="../../gui/settings_forms.py" line="274"/>
        <source>Model folder (Hugging Face, safetensors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="140"/>
        <source>Use the demo model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="144"/>
        <source>The built-in tiny model, pretrained on the demo corpus at the start of the run: the whole pipeline in minutes on CPU, offline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="148"/>
        <source>SFT data file (JSONL)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="151"/>
        <source>Workspace folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="156"/>
        <source>auto: a K-quant where the model&apos;s rows allow it, else Q8_0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="161"/>
        <location filename="../../gui/settings_forms.py" line="189"/>
        <source>Preset</source>
        <extracomment>The preset the hyper-parameters start from: the machine&apos;s (12 GB CUDA card or CPU) by default.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="166"/>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="173"/>
        <source>Model and data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="181"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="182"/>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="183"/>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="184"/>
        <source>GGUF quantization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="187"/>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="211"/>
        <source>GPU memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="215"/>
        <source>Later stages (unfold one to change its settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="217"/>
        <source>Application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="219"/>
        <source>Language (after restart)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="223"/>
        <source>Resume interrupted runs when I log on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="228"/>
        <source>Available on Windows (per-user Run key).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="230"/>
        <source>Start at logon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="273"/>
        <source>built-in tiny demo model (pretrained in the run)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="327"/>
        <source>{0}: {1} layers, attention width {2}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StageList</name>
    <message>
        <location filename="../../gui/stage_list.py" line="35"/>
        <source>Stages</source>
        <extracomment>Which standard icon shows which state.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="42"/>
        <source>Pretrain demo model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="43"/>
        <source>Train gates (QLoRA)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="44"/>
        <source>Bake gates into weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="45"/>
        <source>Export GGUF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="46"/>
        <source>Quantize GGUF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="47"/>
        <source>Check GGUF fidelity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="48"/>
        <source>Triality safety head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="49"/>
        <source>Calibrate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="50"/>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="56"/>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="56"/>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="57"/>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="57"/>
        <source>skipped (done before)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="58"/>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="58"/>
        <source>interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="58"/>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VramEstimatePanel</name>
    <message>
        <location filename="../../gui/vram_estimate.py" line="31"/>
        <source>GPU memory estimate</source>
        <extracomment>The card assumed where no NVIDIA driver answers: the target workstation&apos;s RTX 3060 (12 GB). Form fields the estimate reads, and the TrainConfig defaults where the form does not show one.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="37"/>
        <source>GPU memory of the card (GiB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="42"/>
        <source>Free memory of the GPU (from the driver), or 12 GiB when no NVIDIA driver answers; change it to plan for another card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="44"/>
        <source>Use settings that fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="99"/>
        <source>Estimated peak {0:.1f} GiB of the card&apos;s {1:.1f} GiB: fits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="101"/>
        <source> (with activations offloaded to CPU memory)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="103"/>
        <source>Estimated peak {0:.1f} GiB, more than the card&apos;s {1:.1f} GiB: Run is off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="107"/>
        <source>. Fits with: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="110"/>
        <source>. No shorter length fits: choose a smaller model or a larger card</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
