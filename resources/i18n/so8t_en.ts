<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>AuditTable</name>
    <message>
        <location filename="../../gui/audit_table.py" line="31" />
        <source>Audit log</source>
        <extracomment>The audit table's column of the answer (a held one stays behind "Show held answer"). Rows whose held answer was asked for.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="33" />
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="33" />
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="33" />
        <source>Verdict</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="33" />
        <source>Final verdict</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="33" />
        <source>Held</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="34" />
        <source>Thinking sections (sha256)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="34" />
        <source>Answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="49" />
        <source>yes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="62" />
        <source>Show held answer</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../gui/chat_pane.py" line="46" />
        <source>You</source>
        <extracomment>Badge colours per verdict (background, text).</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/chat_pane.py" line="72" />
        <source>final</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/chat_pane.py" line="77" />
        <source>Refused: the answer was scored DENY and withheld.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/chat_pane.py" line="79" />
        <source>Refused: the model was not asked.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/chat_pane.py" line="83" />
        <source>Needs review</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/chat_pane.py" line="83" />
        <source>show the held answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/chat_pane.py" line="87" />
        <source>(no final answer: the model's output had thinking but no final section)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/chat_pane.py" line="89" />
        <source>{0} tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/chat_pane.py" line="91" />
        <source>, {0:.1f} tokens/s</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CheckpointTable</name>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="68" />
        <source>Checkpoints</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="70" />
        <source>Step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="70" />
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="70" />
        <source>Size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="70" />
        <source>Valid / why not</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="70" />
        <source>Stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="71" />
        <source>Pin</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="71" />
        <source>Resume</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="71" />
        <source>Training loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="142" />
        <source>valid</source>
        <extracomment>Stages whose checkpoints are shown stale whatever their times say: a resume from an earlier training stage's checkpoint was started, so what they were trained on is being redone.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="142" />
        <source>invalid: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="144" />
        <source>stale: trained on a training that has been redone since; kept</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="155" />
        <source>Resume from here</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="159" />
        <source>This checkpoint is incomplete or damaged and cannot be resumed.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <location filename="../../gui/compare_view.py" line="81" />
        <source>Runs to compare</source>
        <extracomment>The height of a curve's card: the plots, the settings that differ and the evaluation tables fit one screen. The run picker's width: run ids, no more (the comparison takes the rest). The width of an A/B table's metric column (its words wrap), so the figures fit beside it. A comparison is shown (the run folders in it): what a test waits for. The drawn curves by (curve key, run folder, stage).</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="86" />
        <source>Tick two or more runs:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="89" />
        <location filename="../../gui/compare_view.py" line="177" />
        <source>Tick two or more runs to compare them.</source>
        <extracomment>Per run shown: its column (title, "Use these settings", its table or "no evaluation").</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="93" />
        <source>Loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="93" />
        <source>loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="93" />
        <source>KL to the base model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="93" />
        <source>nats</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="94" />
        <source>Reward</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="94" />
        <source>mean reward</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="95" />
        <source>Training speed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="95" />
        <source>tokens/s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="104" />
        <source>step</source>
        <extracomment>Each plot's card: a curve no ticked run has (a reward before reinforcement) is not shown.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="111" />
        <location filename="../../gui/compare_view.py" line="220" />
        <source>setting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="112" />
        <source>Settings that differ</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="118" />
        <source>Evaluation (A/B), side by side</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="179" />
        <source>Reading {0} runs…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="187" />
        <source>These runs cannot be compared: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="196" />
        <source>Runs: {0}. Settings that differ: {1}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="222" />
        <source>(not set)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="225" />
        <source>Every stage ran with the same settings.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="236" />
        <source>Use these settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="238" />
        <source>Copy this run's settings into the form on the Settings page</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="254" />
        <source>no evaluation</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../gui/dashboard.py" line="87" />
        <source>VRAM</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="87" />
        <location filename="../../gui/dashboard.py" line="91" />
        <source>MiB</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="81" />
        <source>seconds since the run began</source>
        <extracomment>Each plot redraws at most 10 times a second: smooth to the eye, and the GUI thread stays free for input. The plots take turns, so the timer ticks every REDRAW_INTERVAL_MS / number of plots. Stepped axis ranges: the x axis grows by this factor when the data reaches its end, the y axis gets this much padding, and a range is refitted when the data fills less than this fraction of it. A plot with a single point (or a flat curve) is shown this much above and below its value (relative), so its tick labels stay readable instead of collapsing onto one value. The axes of a plot without points (a new run's, before its first reading). Plot groups: which curves each plot draws (curve keys of the run model). Each reward function's mean (`reward/&lt;function&gt;`) joins the reward plot beside the weighted sum. Pens of GPU 1, 2, … when a run uses several GPUs (GPU 0 keeps its plot's own pen). Whether this machine has an NVIDIA GPU (None until the sampler says): picks the hardware plots.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="81" />
        <source>training step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="82" />
        <source>Training loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="82" />
        <location filename="../../gui/dashboard.py" line="85" />
        <source>loss (nats/token)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="83" />
        <source>KL to the base model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="83" />
        <location filename="../../gui/dashboard.py" line="97" />
        <source>KL (nats)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="84" />
        <source>Demo pretraining loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="85" />
        <source>pretraining step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="86" />
        <source>Training speed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="86" />
        <source>tokens/s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="88" />
        <source>GPU utilisation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="88" />
        <source>% busy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="89" />
        <source>GPU temperature</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="90" />
        <source>GPU power</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="91" />
        <source>Stage process memory (RSS)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="92" />
        <source>Stage process CPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="92" />
        <source>% of one core</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="93" />
        <source>align step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="94" />
        <source>Align loss (DPO / GRPO)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="94" />
        <source>loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="96" />
        <source>Reward</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="96" />
        <source>mean over the group</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="97" />
        <source>KL to the starting policy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="99" />
        <source>Preference accuracy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="100" />
        <source>share of pairs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="101" />
        <source>Reward margin (chosen − rejected)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="102" />
        <source>β · log-ratio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="103" />
        <source>Groups whose rewards all tie</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="104" />
        <source>share of groups</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="105" />
        <source>Completion length</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="106" />
        <source>tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="107" />
        <source>Clipped share</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="107" />
        <source>share of tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="126" />
        <source>weighted sum</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="146" />
        <source>Latest GRPO group</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="150" />
        <source>Show reasoning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="152" />
        <source>Also show the thinking of the latest group's completions, from the next step on. It comes from the running stage only and is never written to the run's files.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="161" />
        <source>Waiting for the first hardware reading.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="247" />
        <source>Latest GRPO group (step {0}) with its reasoning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="248" />
        <source>Latest GRPO group (step {0}): final answers only</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="250" />
        <source>prompt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="250" />
        <source>final answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="250" />
        <source>reward</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="252" />
        <source>reasoning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="257" />
        <source>(no final answer)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="303" />
        <source>used, GPU {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="306" />
        <source>GPU {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="305" />
        <source>this run, GPU {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="314" />
        <source>No NVIDIA GPU found: the plots show the stage process's memory and CPU use instead of the card's.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="330" />
        <source>{0}: {1} / {2} MiB in use</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="392" />
        <source>card limit {0:,.0f} MiB</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="126" />
        <source>used (card)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="126" />
        <source>this run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="136" />
        <source>card limit</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DataView</name>
    <message>
        <location filename="../../gui/data_view.py" line="63" />
        <source>JSONL, JSON, CSV, TSV or Parquet files, separated by ;</source>
        <extracomment>The histogram's height: the bars and the max_length line readable beside the preview. The colour that marks the pieces training learns (the assistant's answers) in the preview. The max_length line's colour: a cut is a warning. Files are separated by this in the file field (a path may hold commas, seldom semicolons). A preparation was shown (its DataPreview) or refused (its line): what a test waits for. The model folder whose tokenizer and chat template measure the samples (the Settings' model).</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="64" />
        <location filename="../../gui/data_view.py" line="178" />
        <source>Data files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="65" />
        <source>Choose files…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="70" />
        <source>FIELD=COLUMN, … (e.g. prompt=question, response=answer)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="71" />
        <source>Column mapping</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="72" />
        <source>Rename columns to the fields a shape reads; the shape is detected again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="77" />
        <source>Maximum length (tokens)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="78" />
        <source>Look at the data</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="80" />
        <source>Import, clean, dedupe and measure the files as the data stage does (into a temporary folder)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="83" />
        <source>Prepare these files in the next run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="85" />
        <source>The next run prepares these files first and trains on its data/train.jsonl</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="90" />
        <source>Files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="93" />
        <source>Mapping</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="96" />
        <source>max_length</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="105" />
        <source>Choose data files to see what the data stage makes of them.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="122" />
        <source>The first samples as the model sees them (trained tokens marked green)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="125" />
        <location filename="../../gui/data_view.py" line="128" />
        <source>Token lengths</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="125" />
        <location filename="../../gui/data_view.py" line="134" />
        <location filename="../../gui/data_view.py" line="140" />
        <location filename="../../gui/data_view.py" line="143" />
        <source>samples</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="125" />
        <source>tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="134" />
        <source>reason</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="134" />
        <source>why</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="135" />
        <source>What will be dropped, and why</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="137" />
        <source>kept</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="137" />
        <source>duplicates</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="137" />
        <source>prompt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="138" />
        <source>Duplicate clusters</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="140" />
        <source>label</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="141" />
        <source>Label balance</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="143" />
        <source>thinking format</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="144" />
        <source>Thinking-format compliance</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="179" />
        <source>Data files (*.jsonl *.json *.csv *.tsv *.parquet);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="198" />
        <source>Choose one or more data files first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="203" />
        <source>Reading {0}…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="242" />
        <source>Prepared as the data stage would; nothing is written to a run yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="245" />
        <source>{0}: shape {1} ({2}), {3} samples</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="248" />
        <source>{0} samples read, {1} kept: {2} for training, {3} for validation.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="253" />
        <source>No model is chosen in Settings: token lengths are not measured.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="256" />
        <source>{0:.1%} of the samples are longer than max_length {1} and lose {2} tokens; mean {3:.0f} tokens, {4} trained.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="261" />
        <source>a line over the line cap (--max-line-mb reads it): {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="266" />
        <location filename="../../gui/data_view.py" line="270" />
        <source>none</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="266" />
        <source>every sample is kept</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="270" />
        <source>no two samples are alike</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="275" />
        <source>problem: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="277" />
        <source>compliant</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="289" />
        <source>Fields read (FIELD=COLUMN): {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="293" />
        <source>a turn has no text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="294" />
        <source>no assistant answer to learn from</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="295" />
        <source>the same text as an earlier sample</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="296" />
        <source>nearly the same words as an earlier sample</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="297" />
        <source>malformed thinking tags (strict check)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="298" />
        <source>the safety head judged it DENY</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="299" />
        <source>the safety head was unsure (REVIEW)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="300" />
        <source>a line too long to read</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="321" />
        <source>max_length {0}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>EvaluationView</name>
    <message>
        <location filename="../../gui/evaluate_results.py" line="41" />
        <source>A/B table: base against tuned</source>
        <extracomment>The engine's report texts (row names, column names, the plain-words templates) live in this .ts context.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/evaluate_results.py" line="70" />
        <source>{0}: prompt {1} tokens/s, generation {2} tokens/s in llama.cpp</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>InterruptedBanner</name>
    <message>
        <location filename="../../gui/interrupted_banner.py" line="23" />
        <source>Resume it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/interrupted_banner.py" line="25" />
        <source>Not now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/interrupted_banner.py" line="44" />
        <source> ({0} more in the run list)</source>
        <extracomment>The run the banner offers.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/interrupted_banner.py" line="46" />
        <source>Run {0} was interrupted before it finished (stages left: {1}){2}. Resuming continues from its newest valid checkpoint.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <location filename="../../gui/log_view.py" line="21" />
        <source>Log</source>
        <extracomment>Lines kept; older ones scroll away (a long run logs far more than anyone reads back).</extracomment>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="86" />
        <source>SO8T Control Panel</source>
        <extracomment>After a checkpoint event the table rescans a moment later (the manifest is written last). How often the window rescans the run list and follows a run that another process runs. The left pane's starting width; the splitter lets the user widen it, and rows elide meanwhile. The window's first size, and the share of the screen's free area it may take at most.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="102" />
        <source>Run</source>
        <extracomment>The arguments of the last stage this window started (what "keep running in the background" restarts). The followed run this window asked to stop (RUN/stop written), so Stop is not offered twice. The PDF job runs `so8t report` through the same process wrapper as the stages.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="102" />
        <location filename="../../gui/main_window.py" line="335" />
        <source>Start a new run (Ctrl+R)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="103" />
        <source>Stop</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="105" />
        <source>Resume</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="106" />
        <source>Continue the selected run from its newest valid checkpoint</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="108" />
        <source>Write the selected run's report as a PDF (Ctrl+E)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="113" />
        <location filename="../../gui/main_window.py" line="322" />
        <source>Pause following</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="114" />
        <source>Stop taking the followed run's events and readings for now; the run goes on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="135" />
        <source>Runs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="135" />
        <source>Stages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="153" />
        <source>Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="161" />
        <source>Dashboard</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="162" />
        <source>Checkpoints</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="163" />
        <source>Results</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="164" />
        <source>Log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="166" />
        <source>Playground</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="321" />
        <source>Resume following</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="387" />
        <source>Workspace: {0} ({1} runs)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="438" />
        <source>This run is running in another process; following its events.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="104" />
        <source>Stop the running stage; training writes a checkpoint first (Ctrl+.)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="107" />
        <source>Export PDF…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="109" />
        <source>Open report</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="110" />
        <source>Open the report just written</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="264" />
        <source>{0} Showing {1} instead.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="333" />
        <source>Run is off: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="447" />
        <source>The language changes when the panel is started again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="290" />
        <source>Compare</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="306" />
        <source>The form now holds the settings of run {0}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="371" />
        <source>Data</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="375" />
        <source>The next run prepares {0} file(s) first and trains on the prepared data.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
        <name>Names</name>
        <message>
            <location filename="../../gui/names.py" line="24" />
            <source>12 GB CUDA card, 4-bit (rtx3060-12gb)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="25" />
            <source>CPU only, full precision (cpu)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="26" />
            <source>demo: tiny model on CPU (demo)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="33" />
            <source>pending</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="34" />
            <location filename="../../gui/names.py" line="46" />
            <source>running</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="35" />
            <location filename="../../gui/names.py" line="47" />
            <source>finished</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="36" />
            <source>skipped</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="37" />
            <location filename="../../gui/names.py" line="48" />
            <source>failed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="38" />
            <source>interrupted</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="45" />
            <source>not started</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="49" />
            <source>interrupted, can be resumed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="50" />
            <source>damaged, cannot be resumed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="62" />
            <source>steps</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="64" />
            <source>layers</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="65" />
            <source>tensors</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="66" />
            <source>shards</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="67" />
            <source>phases</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="68" />
            <source>sequences</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="69" />
            <source>models</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../gui/names.py" line="63" />
            <source>samples</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Prepare data</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pretrain demo model</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Train gates (QLoRA)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Align (DPO / GRPO)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Bake gates into weights</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export GGUF</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Quantize GGUF</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Check GGUF fidelity</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Triality safety head</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Calibrate</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Evaluate (A/B)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Report</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>peak host memory (MiB)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>peak GPU memory allocated (MiB)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>peak GPU memory reserved (MiB)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>peak GPU memory, NVML (MiB)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>layers baked</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SO(8) blocks</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>written to</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>weight dtype</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>gates</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>bake time (s)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>verification time (s)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>verification</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>max |Δlogit|, baked vs gated</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>KL(gated ‖ baked)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>top-1 agreement</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>noise floor (fp32 vs float64 logits)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>max orthogonality error ‖RᵀR − I‖</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>type</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>size</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>positions compared</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>perplexity</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>perplexity of the HF model</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>perplexity vs HF</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>texts tokenized as by HF</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>perplexity of the f16 GGUF</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>perplexity vs f16</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>verdict</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>quantization fallbacks</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>scorer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>training items</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>calibration items</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>test items</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>accuracy</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>macro F1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>negative log-likelihood</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>expected calibration error</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Brier score</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>training accuracy</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>final head loss</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>head file</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>temperature T</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fitted on</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>T at the search bound</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ECE before</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ECE after</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Brier before</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Brier after</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>NLL before</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>NLL after</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ECE reduction</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Brier reduction</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>NLL reduction</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>scored from</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>objective before (calibration split)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>objective after (calibration split)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>run folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>final step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>steps planned</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>steps run in the last attempt</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>resumed from</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>last checkpoint</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>final loss</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>tokens per second (median)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>peak memory of the stage process (MB)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>tokens per second (mean)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>recompiles after the first step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>compile time (s)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>trainable parameters</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>LoRA target layers</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>time (s)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>stopped by signal</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>kind of samples</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>samples read</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>samples written</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>training samples</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>validation samples</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>samples by kind</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>dropped, by reason</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>files and shapes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>duplicates kept</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>duplicate clusters</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>max_length (tokens)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>mean tokens per sample</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>trained (assistant) tokens</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>prompt tokens</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>share cut at max_length</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>tokens lost at max_length</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>thinking-format compliance</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>token lengths</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>measured with</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>random seed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>validation share</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>method</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>started from</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>preference accuracy</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>reward margin</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>β</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>loss</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>pairs per second (median)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>seconds per step (median)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>reference pass (s)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>trained</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>held-out set</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>held-out items</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>compared</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>in plain words</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>seconds</source>
            <translation type="unfinished" />
        </message>
    </context>
<context>
    <name>Options</name>
    <message>
        <location filename="../../gui/option_labels.py" line="9" />
        <source>training steps</source>
        <extracomment>Labels by config field name, marked for translation (context "Options").</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="10" />
        <location filename="../../gui/option_labels.py" line="89" />
        <source>learning rate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="11" />
        <source>LoRA rank</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="12" />
        <source>LoRA target layers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="13" />
        <source>batch size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="14" />
        <source>gradient accumulation steps</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="15" />
        <source>max tokens per sample</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="16" />
        <source>pack short samples into one row</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="17" />
        <source>checkpoint every (steps)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="18" />
        <source>checkpoint every (seconds)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="19" />
        <source>random seed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="20" />
        <source>random gate angle</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="21" />
        <source>verify after baking</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="22" />
        <source>bake shard by shard</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="23" />
        <source>weight precision</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="24" />
        <source>GGUF precision</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="25" />
        <source>file name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="26" />
        <source>write an Ollama Modelfile</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="27" />
        <source>threads (0: all)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="28" />
        <source>perplexity text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="29" />
        <source>context length</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="30" />
        <source>labelled data</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="31" />
        <source>scorer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="32" />
        <source>training share</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="33" />
        <source>calibration share</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="34" />
        <source>epochs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="35" />
        <source>weight decay</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="36" />
        <source>device</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="37" />
        <source>fitted on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="38" />
        <source>quantization types</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="39" />
        <source>data files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="40" />
        <source>column mapping (FIELD=COLUMN)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="41" />
        <source>validation share</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="42" />
        <source>keep duplicates</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="43" />
        <source>near-duplicate threshold (Jaccard)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="44" />
        <source>convert to thinking format</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="45" />
        <source>safety labels from run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="46" />
        <source>review below (top probability)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="47" />
        <source>hold out safety buckets</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="48" />
        <source>models compared</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="49" />
        <source>new tokens per answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="50" />
        <source>bootstrap resamples</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="51" />
        <source>lm-eval task folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="52" />
        <source>items per lm-eval task</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="55" />
        <source>gate learning rate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="56" />
        <source>warm-up steps</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="57" />
        <source>final learning rate (share of the peak)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="58" />
        <source>LoRA alpha</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="59" />
        <source>LoRA dropout</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="60" />
        <source>gradient norm clip</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="61" />
        <source>gate α frozen for (steps)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="62" />
        <source>PET λ per phase</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="63" />
        <source>PET phase ends</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="64" />
        <source>optimizer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="65" />
        <source>base weights</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="66" />
        <source>compute precision</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="67" />
        <source>deterministic algorithms</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="68" />
        <source>gradient checkpointing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="69" />
        <source>checkpoints kept</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="70" />
        <source>KL probe every (steps)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="71" />
        <source>KL probe samples</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="72" />
        <source>embeddings and norms in fp32</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="73" />
        <source>offload activations to CPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="74" />
        <source>fused kernels</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="75" />
        <source>training processes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="76" />
        <source>GPU memory cap (GB)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="77" />
        <source>TensorBoard folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="54" />
        <source>model folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="79" />
        <source>strict thinking-tag check</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="81" />
        <source>text corpus</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="82" />
        <source>extra corpus</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="83" />
        <source>tokenizer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="84" />
        <source>model family</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="85" />
        <source>hidden size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="86" />
        <source>layers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="87" />
        <source>steps</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="88" />
        <source>tokens per sequence</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="91" />
        <source>preset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="92" />
        <source>stages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="94" />
        <source>method</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="95" />
        <source>reward functions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="96" />
        <source>what is trained</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="97" />
        <source>new adapters on top of the frozen ones</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="98" />
        <source>β (DPO temperature, GRPO KL weight)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="99" />
        <source>DPO loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="100" />
        <source>prompts per step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="101" />
        <source>completions per prompt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="102" />
        <source>sampling temperature</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="103" />
        <source>nucleus sampling mass (top-p)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="104" />
        <source>max tokens per completion</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="105" />
        <source>updates per rollout</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="106" />
        <source>clip range ε</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="111" />
        <source>yes</source>
        <extracomment>Choice words shown in combo boxes (the value stays the engine's).</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="112" />
        <source>no</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="113" />
        <source>default</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="114" />
        <source>whole model in memory</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="115" />
        <source>shard by shard, layer by layer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="116" />
        <source>trained head</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="117" />
        <source>the model's own answer words</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="118" />
        <source>NLL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="119" />
        <source>ECE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="120" />
        <source>CPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="121" />
        <source>GPU (CUDA)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="123" />
        <source>DPO (preference pairs)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="124" />
        <source>GRPO (sampled groups, rewards)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="125" />
        <source>LoRA adapters</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="126" />
        <source>SO(8) gates</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="127" />
        <source>adapters and gates</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="128" />
        <source>sigmoid (DPO)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="129" />
        <source>IPO</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="130" />
        <source>full precision</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="131" />
        <source>on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="132" />
        <source>off</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="133" />
        <source>basic (&lt;think&gt;, &lt;final&gt;)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="134" />
        <source>four sections (task, safety, policy, final)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <location filename="../../gui/path_field.py" line="21" />
        <source>Browse…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/path_field.py" line="44" />
        <source>JSON Lines (*.jsonl *.json);;All files (*)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PlaygroundTab</name>
    <message>
        <location filename="../../gui/playground.py" line="47" />
        <source>Playground</source>
        <extracomment>Streamed text is put into the chat view at most this often (the event loop stays free between).</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="55" />
        <location filename="../../gui/playground.py" line="78" />
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="56" />
        <source>Other file…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="58" />
        <source>Side by side with the base model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="62" />
        <source>Base model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="64" />
        <source>Show reasoning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="66" />
        <source>Also show the model's thinking while it streams. It is never written to any file; the audit log records that it was shown.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="84" />
        <source>Temperature</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="86" />
        <source>Max tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="94" />
        <source>Fine-tuned</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="95" />
        <source>Base</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="103" />
        <source>Reasoning (shown only while 'Show reasoning' is on)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="108" />
        <source>Prompt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="109" />
        <source>Ask the model… (Enter sends, Esc stops)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="110" />
        <source>Send</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="112" />
        <source>Stop</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="114" />
        <source>Regenerate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="116" />
        <source>New chat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="120" />
        <source>Verdict</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="123" />
        <source>Gate probabilities</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="149" />
        <source>Audit log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="141" />
        <source>Export audit log…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="252" />
        <source>Choose a GGUF file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="253" />
        <source>GGUF files (*.gguf);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="255" />
        <source>Or choose a model folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="287" />
        <source>Loading {0}…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="335" />
        <source>Generating…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="354" />
        <source>gated: T = {0:.3g}{1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="355" />
        <source> (not calibrated)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="357" />
        <source>ungated: no safety head in this run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="360" />
        <source>Loaded {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="385" />
        <source>{0:.1f} tokens/s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="386" />
        <source>Answered ({0})</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="394" />
        <source>Error: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="425" />
        <source>Export the audit log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="426" />
        <source>JSON Lines (*.jsonl)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="430" />
        <source>Audit log exported: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="432" />
        <source>Export failed: {0}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <location filename="../../gui/progress_panel.py" line="38" />
        <location filename="../../gui/progress_panel.py" line="99" />
        <source>idle</source>
        <extracomment>The elapsed time ticks once a second while a stage runs. Rates from here up are shown as whole numbers (four significant figures below it).</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="102" />
        <source>not ready: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="103" />
        <source>ready: {0} stages planned</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="104" />
        <source>{0} of {1} stages done</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="106" />
        <source>starting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="111" />
        <source>stage {0} of {1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="116" />
        <source>starting…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="116" />
        <location filename="../../gui/progress_panel.py" line="126" />
        <source>elapsed {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="119" />
        <source>{0} / {1} {2}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="122" />
        <source>{0} {1}/s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="125" />
        <source>{0:,.0f} tokens/s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="127" />
        <source>ETA {0}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../gui/i18n.py" line="15" />
        <source>&amp;Look in:</source>
        <extracomment>Qt's own file-dialog texts that the qtbase translations PySide6 ships lack (Qt 6 added their "&amp;" shortcuts, so the old entries no longer match): translated in our own files, which Qt also asks.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="15" />
        <source>Files of &amp;type:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ReliabilityView</name>
    <message>
        <location filename="../../gui/results_views.py" line="60" />
        <location filename="../../gui/results_views.py" line="80" />
        <source>Reliability diagram</source>
        <extracomment>The diagram is drawn at the report's size and scaled to the space it gets, never smaller than this.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="71" />
        <source>No calibration in this run yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="80" />
        <source>confidence (top label)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="81" />
        <source>accuracy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="81" />
        <source>perfectly calibrated</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="82" />
        <source>before scaling</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="82" />
        <source>after scaling</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ReportExport</name>
    <message>
        <location filename="../../gui/report_export.py" line="31" />
        <location filename="../../gui/report_export.py" line="32" />
        <source>writing the report…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/report_export.py" line="44" />
        <location filename="../../gui/report_export.py" line="47" />
        <source>Report written: {0} ({1} pages)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/report_export.py" line="50" />
        <source>Report failed: {0}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <location filename="../../gui/results_views.py" line="109" />
        <location filename="../../gui/results_views.py" line="257" />
        <source>Bake: not run yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="117" />
        <source>File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="117" />
        <source>Size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="117" />
        <source>Top-1 vs HF</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="118" />
        <source>Perplexity</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="118" />
        <source>Result</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="119" />
        <location filename="../../gui/results_views.py" line="121" />
        <source>Metric</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="119" />
        <source>Value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="121" />
        <source>Before</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="122" />
        <source>After</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="130" />
        <source>No GGUF files in this run yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="131" />
        <source>Triality: not run yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="132" />
        <source>GGUF files: sizes and fidelity</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="136" />
        <source>Triality safety head (ALLOW / ESCALATION / DENY)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="149" />
        <source>Confusion matrix (rows: true class, columns: predicted)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="162" />
        <source>Stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="162" />
        <source>Host memory (peak RSS)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="163" />
        <source>GPU allocated</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="163" />
        <source>GPU reserved</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="164" />
        <source>GPU on the card (NVML)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="165" />
        <source>Memory peaks per stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="239" />
        <source>Training: peak GPU memory {0} allocated, {1} on the card (NVML)</source>
        <extracomment>A view per stage without one of its own above (stages from outside so8t), built from its STAGE.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="243" />
        <source>; estimate {0:.2f} GiB allocated, {1:.2f} GiB on the card</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="246" />
        <source> (activations offloaded)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="260" />
        <location filename="../../gui/results_views.py" line="280" />
        <source>failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="261" />
        <source>Bake verification {0}: max |Δlogit| {1}, KL {2}, top-1 agreement {3} (noise floor {4}, {5} layers baked)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="272" />
        <source>not checked</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="273" />
        <source>{0} of {1} positions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="277" />
        <source>({0} vs f16)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="279" />
        <source>({0} vs HF)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="291" />
        <source>top-1 at least {0}, perplexity within {1} of HF, tokenizer identical</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="294" />
        <source>perplexity within {0} of {1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="295" />
        <source> (the original pipeline's bound)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="297" />
        <source>float types are judged against the HF model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="310" />
        <source>Accuracy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="311" />
        <source>Macro F1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="312" />
        <location filename="../../gui/results_views.py" line="362" />
        <source>NLL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="313" />
        <location filename="../../gui/results_views.py" line="360" />
        <source>ECE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="314" />
        <location filename="../../gui/results_views.py" line="361" />
        <source>Brier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="315" />
        <source>Test samples</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="320" />
        <source>F1 of {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="337" />
        <source>⚠ Test accuracy {0} is under chance ({1}) + {2} points: the head barely tells the classes apart; do not rely on its decisions.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="341" />
        <source>⚠ The head predicts {0} for {1} test samples, while {2} are labelled {0}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="344" />
        <source>⚠ At T = {0} the gate decides {1} for {2} test samples, while {3} are labelled {1}: it rarely reaches that decision.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="353" />
        <source>Calibration: not run yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="357" />
        <source>Temperature T = {0} fitted on {1} samples, measured on {2}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="154" />
        <source>Calibration</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="253" />
        <source>Bake record refused: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="260" />
        <location filename="../../gui/results_views.py" line="280" />
        <source>passed</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>RunControl</name>
    <message>
        <location filename="../../gui/run_control.py" line="33" />
        <source>Fix the settings marked in red first.</source>
        <extracomment>Stages that write a model the Playground can load (baked/, gguf/*.gguf): when one finishes, its list is read again.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="44" />
        <location filename="../../gui/run_control.py" line="51" />
        <source>new run from {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="70" />
        <source>Not started: run {0} is still running.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="101" />
        <source>Resume cancelled; every checkpoint is kept.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="126" />
        <source>running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="148" />
        <source>stopping: writing a checkpoint…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="156" />
        <source>Cannot ask the run to stop ({0}).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="161" />
        <source>stopping: the run writes a checkpoint at its next step…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="170" />
        <source>Following the run again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="173" />
        <source>Following paused: the run goes on; its figures wait until you resume following.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="189" />
        <source>Run finished.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="190" />
        <source>Stopped. Resume continues from the checkpoint written at the stop.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="191" />
        <source>The stage did not stop in time and was killed; resume from the last checkpoint.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="192" />
        <source>The stage failed; see the log.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="193" />
        <source>The stage process ended without finishing; see the log, then resume.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="232" />
        <source>The run followed has ended: {0}.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>RunList</name>
    <message>
        <location filename="../../gui/run_list.py" line="34" />
        <source>Runs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_list.py" line="74" />
        <source>This run stopped before it finished (crash, power cut or reboot). Select it and press Resume.</source>
        <extracomment>The run this window runs or follows, and its state as its events tell it (fresher than run.json).</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_list.py" line="78" />
        <source>Its run.json cannot be read: {0}. Its checkpoints stay in the folder; start a new run.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>RunSettingsPanel</name>
    <message>
        <location filename="../../gui/run_settings_view.py" line="27" />
        <source>Read-only: what this run ran with. Change the form below for a new run.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_settings_view.py" line="29" />
        <source>stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_settings_view.py" line="29" />
        <source>setting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_settings_view.py" line="29" />
        <source>value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_settings_view.py" line="30" />
        <source>Use these settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_settings_view.py" line="32" />
        <source>Copy this run's settings into the form below</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/run_settings_view.py" line="49" />
        <source>Settings of run {0}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <location filename="../../gui/settings_forms.py" line="47" />
        <location filename="../../gui/settings_forms.py" line="184" />
        <source>Model folder (Hugging Face, safetensors)</source>
        <extracomment>Typing in a path field re-validates after this pause, not on every key. Every check of the fields, valid or not (why Run is off may change while it stays off).</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="48" />
        <source>Use the demo model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="52" />
        <source>The built-in tiny model, pretrained on the demo corpus at the start of the run: the whole pipeline in minutes on CPU, offline.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="57" />
        <source>SFT data file (JSONL)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="60" />
        <source>Workspace folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="65" />
        <source>auto: a K-quant where the model's rows allow it, else Q8_0</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="70" />
        <location filename="../../gui/settings_forms.py" line="101" />
        <source>Preset</source>
        <extracomment>The preset the hyper-parameters start from: the machine's (12 GB CUDA card or CPU) by default.
----------
The training values' boxes by field name.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="77" />
        <source>System language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="84" />
        <source>Model and data</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="92" />
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="93" />
        <source>Data</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="94" />
        <source>Workspace</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="95" />
        <source>GGUF quantization</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="105" />
        <source>GPU memory</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="109" />
        <source>Options of the later stages (unfold one to change it)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="111" />
        <source>Application</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="113" />
        <source>Language (after restart)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="117" />
        <source>Resume interrupted runs when I log on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="122" />
        <source>Available on Windows (per-user Run key).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="124" />
        <source>Start at logon</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="127" />
        <source>Stages to run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="183" />
        <source>built-in tiny demo model (pretrained in the run)</source>
        <extracomment>Where other parts of the panel add a line about the run to be started (e.g. a memory estimate).</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="245" />
        <source>{0}: {1} layers, attention width {2}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="287" />
        <source>fix the field marked in red in Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="289" />
        <source>choose a model folder in Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="291" />
        <source>choose a data file in Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="293" />
        <source>the training settings do not fit the GPU (see the estimate in Settings)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="294" />
        <source>checking the settings…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="343" />
        <source>Workspace {0} is a file, not a folder: choose a folder.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="346" />
        <source>Workspace {0} does not exist, and neither does {1}: choose an existing folder.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="356" />
        <source>Workspace {0} does not exist yet: the first run creates it.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>StageList</name>
    <message>
        <location filename="../../gui/stage_list.py" line="29" />
        <source>Stages</source>
        <extracomment>Which standard icon shows which state.</extracomment>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>StageOptionsForm</name>
    <message>
        <location filename="../../gui/stage_options.py" line="55" />
        <source>{0}: options</source>
        <extracomment>Stage options the main form already shows in its own way (or the pipeline sets). Stages with a form of their own above (training) or none (the demo's pretraining, the report).</extracomment>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>StageRecordView</name>
    <message>
        <location filename="../../gui/stage_results.py" line="31" />
        <source>Metric</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/stage_results.py" line="31" />
        <source>Value</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>StageSwitches</name>
    <message>
        <location filename="../../gui/stage_switches.py" line="40" />
        <source>Run the stage {0}</source>
        <extracomment>Stages the window always runs when they apply (the demo's pretraining comes with the demo model).</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/stage_switches.py" line="41" />
        <source>Run this stage in the new run; off skips it (and the stages that need it).</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TrainingForm</name>
    <message>
        <location filename="../../gui/training_form.py" line="51" />
        <source>Training</source>
        <extracomment>Hyper-parameters shown in the form (the rest keep the preset's or TrainConfig's values), in display order.</extracomment>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TrainingSummary</name>
    <message>
        <location filename="../../gui/training_summary.py" line="28" />
        <source>Training: where each stage ended</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/training_summary.py" line="33" />
        <source>Stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/training_summary.py" line="33" />
        <source>Final step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/training_summary.py" line="33" />
        <source>Final loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/training_summary.py" line="33" />
        <source>Final KL to the base model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/training_summary.py" line="34" />
        <source>KL: how far the tuned model's next-token distribution is from the base model's.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>VramEstimatePanel</name>
    <message>
        <location filename="../../gui/vram_estimate.py" line="33" />
        <source>GPU memory estimate</source>
        <extracomment>The card assumed where no NVIDIA driver answers: the target workstation's RTX 3060 (12 GB). Form fields "Use settings that fit" may change (the estimate reads every shown value over the preset's).</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="39" />
        <source>GPU memory of the card (GiB)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="44" />
        <source>Free memory of the GPU (from the driver), or 12 GiB when no NVIDIA driver answers; change it to plan for another card</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="46" />
        <source>Use settings that fit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="79" />
        <source>Training runs on the CPU with this preset: no GPU memory is used.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="95" />
        <source>The card's memory in use at the peak, as the card counts it (what the Dashboard's VRAM shows): torch's allocated peak of {0:.1f} GiB plus the CUDA context and the allocator's reserve.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="116" />
        <source>Estimated peak {0:.1f} GiB of the card's {1:.1f} GiB: fits</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="118" />
        <source> (with activations offloaded to CPU memory)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="120" />
        <source>Estimated peak {0:.1f} GiB, more than the card's {1:.1f} GiB: Run is off</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="124" />
        <source>. Fits with: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="127" />
        <source>. No shorter length fits: choose a smaller model or a larger card</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>WindowClosing</name>
    <message>
        <location filename="../../gui/window_closing.py" line="49" />
        <source>running on in the background as process {0}</source>
        <extracomment>How long quitting waits for the thread pool's jobs (checkpoint scans, event loading).</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_closing.py" line="67" />
        <source>quitting: stopping the stage with a checkpoint</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>WindowQuestions</name>
    <message>
        <location filename="../../gui/window_questions.py" line="32" />
        <location filename="../../gui/window_questions.py" line="49" />
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="43" />
        <source>A stage is running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="44" />
        <source>A stage is still running. What should happen to it?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="45" />
        <source>Keep running in the background</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="47" />
        <source>Stop with a checkpoint</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="66" />
        <source>A run is already running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="67" />
        <source>Run {0} is still running. A second run shares the GPU with it: both may run out of memory, and both run slower.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="70" />
        <source>Start the new run anyway?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="71" />
        <source>Start anyway</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="81" />
        <source>Resume from an older checkpoint</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="82" />
        <source>Resuming from {0} trains its later steps again. These later checkpoints will be replaced or removed: {1}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="86" />
        <source>The later stages' checkpoints are kept as they are and shown stale: {0}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="90" />
        <source>Cancel keeps every checkpoint as it is.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="92" />
        <source>The stages after training are done again and their results replaced: {0}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="96" />
        <source>Resume from {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="101" />
        <source>Export the report as PDF</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="102" />
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="108" />
        <source>read-only file system</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="109" />
        <location filename="../../gui/window_questions.py" line="110" />
        <source>permission denied</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="111" />
        <source>disk full</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="117" />
        <source>Workspace {0} cannot be written ({1}): choose a folder you can write to.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="124" />
        <source>The workspace cannot be written</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>