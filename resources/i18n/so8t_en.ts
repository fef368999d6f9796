<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../gui/playground.py" line="110" />
        <source>You</source>
        <extracomment>Streamed text is put into the chat view at most this often (the event loop stays free between). Badge colours per verdict (background, text). The audit table's column of the answer (a held one stays behind "Show held answer").</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="136" />
        <source>final</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="141" />
        <source>Refused: the answer was scored DENY and withheld.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="143" />
        <source>Refused: the model was not asked.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="147" />
        <source>Needs review</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="147" />
        <source>show the held answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="151" />
        <source>(no final answer: the model's output had thinking but no final section)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="153" />
        <source>{0} tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="155" />
        <source>, {0:.1f} tokens/s</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CheckpointTable</name>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="54" />
        <source>Checkpoints</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="56" />
        <source>Step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="56" />
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="56" />
        <source>Size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="56" />
        <source>Valid / why not</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="56" />
        <source>Pin</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="57" />
        <source>Resume</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="120" />
        <source>valid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="120" />
        <source>invalid: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="129" />
        <source>Resume from here</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="133" />
        <source>This checkpoint is incomplete or damaged and cannot be resumed.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../gui/dashboard.py" line="104" />
        <source>VRAM</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="104" />
        <location filename="../../gui/dashboard.py" line="108" />
        <source>MiB</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="98" />
        <source>seconds since the run began</source>
        <extracomment>Each plot redraws at most 10 times a second: smooth to the eye, and the GUI thread stays free for input. The plots take turns, so the timer ticks every REDRAW_INTERVAL_MS / number of plots. Stepped axis ranges: the x axis grows by this factor when the data reaches its end, the y axis gets this much padding, and a range is refitted when the data fills less than this fraction of it. Room for tick labels such as "12000" or "0.0035" beside each plot. A plot with a single point (or a flat curve) is shown this much above and below its value (relative), so its tick labels stay readable instead of collapsing onto one value. The axes of a plot without points (a new run's, before its first reading). Plot groups: which curves each plot draws (curve keys of the run model). Pens of GPU 1, 2, … when a run uses several GPUs (GPU 0 keeps its plot's own pen). Whether this machine has an NVIDIA GPU (None until the sampler says): picks the hardware plots.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="98" />
        <source>training step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="99" />
        <source>Training loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="99" />
        <location filename="../../gui/dashboard.py" line="102" />
        <source>loss (nats/token)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="100" />
        <source>KL to the base model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="100" />
        <source>KL (nats)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="101" />
        <source>Demo pretraining loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="102" />
        <source>pretraining step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="103" />
        <source>Training speed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="103" />
        <source>tokens/s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="105" />
        <source>GPU utilisation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="105" />
        <source>% busy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="106" />
        <source>GPU temperature</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="107" />
        <source>GPU power</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="108" />
        <source>Stage process memory (RSS)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="109" />
        <source>Stage process CPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="109" />
        <source>% of one core</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="137" />
        <source>Waiting for the first hardware reading.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="216" />
        <source>used, GPU {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="219" />
        <source>GPU {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="218" />
        <source>this run, GPU {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="227" />
        <source>No NVIDIA GPU found: the plots show the stage process's memory and CPU use instead of the card's.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="243" />
        <source>{0}: {1} / {2} MiB in use</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="304" />
        <source>card limit {0:,.0f} MiB</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="122" />
        <source>used (card)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="122" />
        <source>this run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="131" />
        <source>card limit</source>
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
        <location filename="../../gui/main_window.py" line="119" />
        <source>SO8T Control Panel</source>
        <extracomment>After a checkpoint event the table rescans a moment later (the manifest is written last). How often the window rescans the run list and follows a run that another process runs. How long quitting waits for the thread pool's jobs (checkpoint scans, event loading). The left pane's starting width; the splitter lets the user widen it, and rows elide meanwhile. Stages that write a model the Playground can load (baked/, gguf/*.gguf): when one finishes, its list is read again.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="135" />
        <source>Run</source>
        <extracomment>The arguments of the last stage this window started (what "keep running in the background" restarts). The followed run this window asked to stop (RUN/stop written), so Stop is not offered twice. The PDF job runs `so8t report` through the same process wrapper as the stages.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="135" />
        <location filename="../../gui/main_window.py" line="374" />
        <source>Start a new run (Ctrl+R)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="136" />
        <source>Stop</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="138" />
        <source>Resume</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="139" />
        <source>Continue the selected run from its newest valid checkpoint</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="141" />
        <source>Write the selected run's report as a PDF (Ctrl+E)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="146" />
        <location filename="../../gui/main_window.py" line="361" />
        <source>Pause following</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="147" />
        <source>Stop taking the followed run's events and readings for now; the run goes on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="160" />
        <source>Resume it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="162" />
        <source>Not now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="182" />
        <source>Runs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="182" />
        <source>Stages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="200" />
        <source>Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="201" />
        <source>Dashboard</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="202" />
        <source>Checkpoints</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="203" />
        <source>Results</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="204" />
        <source>Log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="206" />
        <source>Playground</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="360" />
        <source>Resume following</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="426" />
        <source>Workspace: {0} ({1} runs)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="452" />
        <source> ({0} more in the run list)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="454" />
        <source>Run {0} was interrupted before it finished (stages left: {1}){2}. Resuming continues from its newest valid checkpoint.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="492" />
        <source>This run is running in another process; following its events.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="515" />
        <source>The run followed has ended: {0}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="555" />
        <source>Fix the settings marked in red first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="566" />
        <location filename="../../gui/main_window.py" line="573" />
        <source>new run from {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="577" />
        <source>Workspace {0} cannot be written ({1}): choose a folder you can write to.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="582" />
        <source>The workspace cannot be written</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="590" />
        <source>read-only file system</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="590" />
        <location filename="../../gui/main_window.py" line="591" />
        <source>permission denied</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="591" />
        <source>disk full</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="603" />
        <source>Not started: run {0} is still running.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="611" />
        <source>A run is already running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="612" />
        <source>Run {0} is still running. A second run shares the GPU with it: both may run out of memory, and both run slower.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="614" />
        <source>Start the new run anyway?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="615" />
        <source>Start anyway</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="712" />
        <source>Cannot ask the run to stop ({0}).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="717" />
        <source>stopping: the run writes a checkpoint at its next step…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="726" />
        <source>Following the run again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="729" />
        <source>Following paused: the run goes on; its figures wait until you resume following.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="749" />
        <source>The stage process ended without finishing; see the log, then resume.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="775" />
        <source>Export the report as PDF</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="776" />
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="801" />
        <location filename="../../gui/main_window.py" line="804" />
        <source>Report written: {0} ({1} pages)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="137" />
        <source>Stop the running stage; training writes a checkpoint first (Ctrl+.)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="140" />
        <source>Export PDF…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="142" />
        <source>Open report</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="143" />
        <source>Open the report just written</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="303" />
        <source>{0} Showing {1} instead.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="372" />
        <source>Run is off: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="643" />
        <source>Resume cancelled; every checkpoint is kept.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="661" />
        <source>Resume from an older checkpoint</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="662" />
        <source>Resuming from {0} trains its later steps again. These later checkpoints will be replaced or removed: {1}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="665" />
        <source>Cancel keeps every checkpoint as it is.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="667" />
        <source>The stages after training are done again and their results replaced: {0}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="670" />
        <source>Resume from {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="682" />
        <source>running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="704" />
        <source>stopping: writing a checkpoint…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="745" />
        <source>Run finished.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="746" />
        <source>Stopped. Resume continues from the checkpoint written at the stop.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="747" />
        <source>The stage did not stop in time and was killed; resume from the last checkpoint.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="748" />
        <source>The stage failed; see the log.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="788" />
        <location filename="../../gui/main_window.py" line="789" />
        <source>writing the report…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="807" />
        <source>Report failed: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="820" />
        <source>The language changes when the panel is started again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="828" />
        <source>A stage is running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="829" />
        <source>A stage is still running. What should happen to it?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="830" />
        <source>Keep running in the background</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="831" />
        <source>Stop with a checkpoint</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="878" />
        <source>running on in the background as process {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="896" />
        <source>quitting: stopping the stage with a checkpoint</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="616" />
        <location filename="../../gui/main_window.py" line="671" />
        <location filename="../../gui/main_window.py" line="832" />
        <source>Cancel</source>
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
            <source>Pretrain demo model</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Train gates (QLoRA)</source>
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
        <location filename="../../gui/option_labels.py" line="43" />
        <source>yes</source>
        <extracomment>Choice words shown in combo boxes (the value stays the engine's).</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="44" />
        <source>no</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="45" />
        <source>default</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="46" />
        <source>whole model in memory</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="47" />
        <source>shard by shard, layer by layer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="48" />
        <source>trained head</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="49" />
        <source>the model's own answer words</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="50" />
        <source>NLL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="51" />
        <source>ECE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="52" />
        <source>CPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="53" />
        <source>GPU (CUDA)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="54" />
        <source>on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="55" />
        <source>off</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <location filename="../../gui/settings_forms.py" line="115" />
        <source>Browse…</source>
        <extracomment>Typing in a path field re-validates after this pause, not on every key. Hyper-parameters shown in the form (the rest keep the preset's or TrainConfig's values), in display order.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="138" />
        <source>JSON Lines (*.jsonl *.json);;All files (*)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PlaygroundTab</name>
    <message>
        <location filename="../../gui/playground.py" line="200" />
        <source>Playground</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="208" />
        <location filename="../../gui/playground.py" line="231" />
        <location filename="../../gui/playground.py" line="298" />
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="209" />
        <source>Other file…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="211" />
        <source>Side by side with the base model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="215" />
        <source>Base model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="217" />
        <source>Show reasoning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="219" />
        <source>Also show the model's thinking while it streams. It is never written to any file; the audit log records that it was shown.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="237" />
        <source>Temperature</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="239" />
        <source>Max tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="247" />
        <source>Fine-tuned</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="248" />
        <source>Base</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="256" />
        <source>Reasoning (shown only while 'Show reasoning' is on)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="261" />
        <source>Prompt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="262" />
        <source>Ask the model… (Enter sends, Esc stops)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="263" />
        <source>Send</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="265" />
        <source>Stop</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="267" />
        <source>Regenerate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="269" />
        <source>New chat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="273" />
        <location filename="../../gui/playground.py" line="298" />
        <source>Verdict</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="276" />
        <source>Gate probabilities</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="296" />
        <location filename="../../gui/playground.py" line="314" />
        <source>Audit log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="298" />
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="298" />
        <source>Final verdict</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="298" />
        <source>Held</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="299" />
        <source>Thinking sections (sha256)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="299" />
        <source>Answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="306" />
        <source>Export audit log…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="417" />
        <source>Choose a GGUF file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="418" />
        <source>GGUF files (*.gguf);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="420" />
        <source>Or choose a model folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="452" />
        <source>Loading {0}…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="500" />
        <source>Generating…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="519" />
        <source>gated: T = {0:.3g}{1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="520" />
        <source> (not calibrated)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="522" />
        <source>ungated: no safety head in this run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="525" />
        <source>Loaded {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="550" />
        <source>{0:.1f} tokens/s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="551" />
        <source>Answered ({0})</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="559" />
        <source>Error: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="585" />
        <source>yes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="598" />
        <source>Show held answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="619" />
        <source>Export the audit log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="620" />
        <source>JSON Lines (*.jsonl)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="624" />
        <source>Audit log exported: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/playground.py" line="626" />
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
        <location filename="../../gui/results_views.py" line="97" />
        <location filename="../../gui/results_views.py" line="117" />
        <source>Reliability diagram</source>
        <extracomment>The diagram is drawn at the report's size and scaled to the space it gets, never smaller than this. Rows a metrics table shows without scrolling (its height fits them).</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="108" />
        <source>No calibration in this run yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="117" />
        <source>confidence (top label)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="118" />
        <source>accuracy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="118" />
        <source>perfectly calibrated</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="119" />
        <source>before scaling</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="119" />
        <source>after scaling</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <location filename="../../gui/results_views.py" line="146" />
        <location filename="../../gui/results_views.py" line="285" />
        <source>Bake: not run yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="154" />
        <source>File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="154" />
        <source>Size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="154" />
        <source>Top-1 vs HF</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="155" />
        <source>Perplexity</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="155" />
        <source>Result</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="156" />
        <location filename="../../gui/results_views.py" line="158" />
        <source>Metric</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="156" />
        <source>Value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="158" />
        <source>Before</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="159" />
        <source>After</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="167" />
        <source>No GGUF files in this run yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="168" />
        <source>Triality: not run yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="169" />
        <source>GGUF files: sizes and fidelity</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="173" />
        <source>Triality safety head (ALLOW / ESCALATION / DENY)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="186" />
        <source>Confusion matrix (rows: true class, columns: predicted)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="199" />
        <source>Stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="199" />
        <source>Host memory (peak RSS)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="200" />
        <source>GPU allocated</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="200" />
        <source>GPU reserved</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="201" />
        <source>GPU on the card (NVML)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="202" />
        <source>Memory peaks per stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="267" />
        <source>Training: peak GPU memory {0} allocated, {1} on the card (NVML)</source>
        <extracomment>A view per stage without one of its own above (stages from outside so8t), built from its STAGE.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="271" />
        <source>; estimate {0:.2f} GiB allocated, {1:.2f} GiB on the card</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="274" />
        <source> (activations offloaded)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="288" />
        <location filename="../../gui/results_views.py" line="308" />
        <source>failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="289" />
        <source>Bake verification {0}: max |Δlogit| {1}, KL {2}, top-1 agreement {3} (noise floor {4}, {5} layers baked)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="300" />
        <source>not checked</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="301" />
        <source>{0} of {1} positions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="305" />
        <source>({0} vs f16)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="307" />
        <source>({0} vs HF)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="319" />
        <source>top-1 at least {0}, perplexity within {1} of HF, tokenizer identical</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="322" />
        <source>perplexity within {0} of {1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="323" />
        <source> (the original pipeline's bound)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="325" />
        <source>float types are judged against the HF model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="338" />
        <source>Accuracy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="339" />
        <source>Macro F1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="340" />
        <location filename="../../gui/results_views.py" line="390" />
        <source>NLL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="341" />
        <location filename="../../gui/results_views.py" line="388" />
        <source>ECE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="342" />
        <location filename="../../gui/results_views.py" line="389" />
        <source>Brier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="343" />
        <source>Test samples</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="348" />
        <source>F1 of {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="365" />
        <source>⚠ Test accuracy {0} is under chance ({1}) + {2} points: the head barely tells the classes apart; do not rely on its decisions.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="369" />
        <source>⚠ The head predicts {0} for {1} test samples, while {2} are labelled {0}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="372" />
        <source>⚠ At T = {0} the gate decides {1} for {2} test samples, while {3} are labelled {1}: it rarely reaches that decision.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="381" />
        <source>Calibration: not run yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="385" />
        <source>Temperature T = {0} fitted on {1} samples, measured on {2}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="191" />
        <source>Calibration</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="281" />
        <source>Bake record refused: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="288" />
        <location filename="../../gui/results_views.py" line="308" />
        <source>passed</source>
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
    <name>SettingsForm</name>
    <message>
        <location filename="../../gui/settings_forms.py" line="163" />
        <location filename="../../gui/settings_forms.py" line="340" />
        <source>Model folder (Hugging Face, safetensors)</source>
        <extracomment>Every check of the fields, valid or not (why Run is off may change while it stays off).</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="164" />
        <source>Use the demo model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="168" />
        <source>The built-in tiny model, pretrained on the demo corpus at the start of the run: the whole pipeline in minutes on CPU, offline.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="173" />
        <source>SFT data file (JSONL)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="176" />
        <source>Workspace folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="181" />
        <source>auto: a K-quant where the model's rows allow it, else Q8_0</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="186" />
        <location filename="../../gui/settings_forms.py" line="216" />
        <source>Preset</source>
        <extracomment>The preset the hyper-parameters start from: the machine's (12 GB CUDA card or CPU) by default.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="193" />
        <source>System language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="200" />
        <source>Model and data</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="208" />
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="209" />
        <source>Data</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="210" />
        <source>Workspace</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="211" />
        <source>GGUF quantization</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="214" />
        <source>Training</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="261" />
        <source>GPU memory</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="265" />
        <source>Options of the later stages (unfold one to change it)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="267" />
        <source>Application</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="269" />
        <source>Language (after restart)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="273" />
        <source>Resume interrupted runs when I log on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="278" />
        <source>Available on Windows (per-user Run key).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="280" />
        <source>Start at logon</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="283" />
        <source>Stages to run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="339" />
        <source>built-in tiny demo model (pretrained in the run)</source>
        <extracomment>Where other parts of the panel add a line about the run to be started (e.g. a memory estimate).</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="399" />
        <source>{0}: {1} layers, attention width {2}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="427" />
        <source>fix the field marked in red in Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="429" />
        <source>choose a model folder in Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="431" />
        <source>choose a data file in Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="433" />
        <source>the training settings do not fit the GPU (see the estimate in Settings)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="434" />
        <source>checking the settings…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="464" />
        <source>Workspace {0} is a file, not a folder: choose a folder.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="467" />
        <source>Workspace {0} does not exist, and neither does {1}: choose an existing folder.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="477" />
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
        <location filename="../../gui/settings_forms.py" line="577" />
        <source>{0}: options</source>
        <extracomment>Stage options the main form already shows in its own way (or the pipeline sets). Stages with a form of their own above (training) or none (the demo's pretraining, the report).</extracomment>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>StageRecordView</name>
    <message>
        <location filename="../../gui/stage_results.py" line="30" />
        <source>Metric</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/stage_results.py" line="30" />
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
    <name>VramEstimatePanel</name>
    <message>
        <location filename="../../gui/vram_estimate.py" line="32" />
        <source>GPU memory estimate</source>
        <extracomment>The card assumed where no NVIDIA driver answers: the target workstation's RTX 3060 (12 GB). Form fields the estimate reads, and the TrainConfig defaults where the form does not show one.</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="38" />
        <source>GPU memory of the card (GiB)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="43" />
        <source>Free memory of the GPU (from the driver), or 12 GiB when no NVIDIA driver answers; change it to plan for another card</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="45" />
        <source>Use settings that fit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="77" />
        <source>Training runs on the CPU with this preset: no GPU memory is used.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="107" />
        <source>Estimated peak {0:.1f} GiB of the card's {1:.1f} GiB: fits</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="109" />
        <source> (with activations offloaded to CPU memory)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="111" />
        <source>Estimated peak {0:.1f} GiB, more than the card's {1:.1f} GiB: Run is off</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="115" />
        <source>. Fits with: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="118" />
        <source>. No shorter length fits: choose a smaller model or a larger card</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>