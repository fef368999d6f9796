<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ja_JP">
<context>
    <name>CheckpointTable</name>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="54" />
        <source>Checkpoints</source>
        <translation>チェックポイント</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="56" />
        <source>Step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="56" />
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="56" />
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="56" />
        <source>Valid / why not</source>
        <translation>有効性 / 無効の理由</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="56" />
        <source>Pin</source>
        <translation>固定</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="57" />
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="125" />
        <source>valid</source>
        <translation>有効</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="125" />
        <source>invalid: {0}</source>
        <translation>無効: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="134" />
        <source>Resume from here</source>
        <translation>ここから再開</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="138" />
        <source>This checkpoint is incomplete or damaged and cannot be resumed.</source>
        <translation>このチェックポイントは不完全または破損しているため再開できません。</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../gui/dashboard.py" line="116" />
        <source>VRAM</source>
        <extracomment>Each plot redraws at most 10 times a second: smooth to the eye, and the GUI thread stays free for input. The plots take turns, so the timer ticks every REDRAW_INTERVAL_MS / number of plots. Points kept per curve. When a buffer fills, every other point is dropped, so a curve always spans the whole run at bounded memory (a 1M-step run keeps 20k points, ~320 KiB per curve). Stepped axis ranges: the x axis grows by this factor when the data reaches its end, the y axis gets this much padding, and a range is refitted when the data fills less than this fraction of it. Room for tick labels such as "12000" or "0.0035" beside each plot. Metric names (from the stage's events) drawn on each plot; the first matching name is used. The demo's pretraining loss: its own curve on the loss plot (its steps are not training steps). Telemetry written into metric events (by the stage or saved from the sampler) also draws here.</extracomment>
        <translation>VRAM</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="116" />
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="116" />
        <location filename="../../gui/dashboard.py" line="117" />
        <location filename="../../gui/dashboard.py" line="118" />
        <location filename="../../gui/dashboard.py" line="119" />
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="117" />
        <source>GPU utilisation</source>
        <translation>GPU 使用率</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="118" />
        <source>GPU temperature</source>
        <translation>GPU 温度</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="119" />
        <source>GPU power</source>
        <translation>GPU 電力</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="120" />
        <source>Loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="120" />
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="120" />
        <location filename="../../gui/dashboard.py" line="121" />
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="121" />
        <source>KL to base</source>
        <translation>ベースとの KL</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="121" />
        <source>nats</source>
        <translation>nat</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="127" />
        <source>used (card)</source>
        <translation>使用量 (カード全体)</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="128" />
        <source>this run</source>
        <translation>この実行</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="132" />
        <source>training</source>
        <translation>学習</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="133" />
        <source>demo pretraining</source>
        <translation>デモの事前学習</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="138" />
        <source>card limit</source>
        <translation>カード上限</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="145" />
        <source>no NVIDIA GPU</source>
        <translation>NVIDIA GPU なし</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="151" />
        <source>No GPU telemetry yet.</source>
        <translation>GPU テレメトリはまだありません。</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="217" />
        <source>card limit {0:.0f} MiB</source>
        <extracomment>Curves drawn on each plot (redrawn together).</extracomment>
        <translation>カード上限 {0:.0f} MiB</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="223" />
        <source>No NVIDIA GPU: telemetry is off.</source>
        <translation>NVIDIA GPU がありません: テレメトリは無効です。</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="242" />
        <source>{0}: {1} / {2} MiB</source>
        <translation>{0}: {1} / {2} MiB</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <location filename="../../gui/log_view.py" line="20" />
        <source>Log</source>
        <extracomment>Lines kept; older ones scroll away (a long run logs far more than anyone reads back).</extracomment>
        <translation>ログ</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="150" />
        <source>SO8T Control Panel</source>
        <extracomment>After a checkpoint event the table rescans a moment later (the manifest is written last). How often the window rescans the run list and follows a run that another process runs. At most this much of a followed events.jsonl is read per poll (the rest on the next ones). Unix niceness of a stage process (Windows: below-normal priority class): the window keeps its share of a CPU that the stage saturates.</extracomment>
        <translation>SO8T コントロールパネル</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="161" />
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="161" />
        <location filename="../../gui/main_window.py" line="340" />
        <source>Start a new run (Ctrl+R)</source>
        <translation>新しい実行を開始 (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="162" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="164" />
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="165" />
        <source>Continue the selected run from its newest valid checkpoint</source>
        <translation>選択した実行を最新の有効なチェックポイントから再開</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="166" />
        <source>Export PDF</source>
        <translation>PDF を出力</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="167" />
        <source>Write the selected run's report as a PDF (Ctrl+E)</source>
        <translation>選択した実行のレポートを PDF に書き出す (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="173" />
        <source>idle</source>
        <translation>待機中</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="182" />
        <source>Resume it</source>
        <translation>再開する</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="184" />
        <source>Not now</source>
        <translation>後で</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="205" />
        <source>Runs</source>
        <translation>実行一覧</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="210" />
        <source>Stages</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="220" />
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="221" />
        <source>Dashboard</source>
        <translation>ダッシュボード</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="222" />
        <source>Checkpoints</source>
        <translation>チェックポイント</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="223" />
        <source>Results</source>
        <translation>結果</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="224" />
        <source>Log</source>
        <translation>ログ</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="338" />
        <source>Choose a valid model folder and data file first</source>
        <translation>先に有効なモデルフォルダとデータファイルを選んでください</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="367" />
        <source> ({0} more in the run list)</source>
        <translation> (実行一覧にほか {0} 件)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="369" />
        <source>Run {0} was interrupted before it finished (stages left: {1}){2}. Resuming continues from its newest valid checkpoint.</source>
        <translation>実行 {0} は完了前に中断されました (残りのステージ: {1}){2}。再開すると最新の有効なチェックポイントから続行します。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="411" />
        <source>This run is running in another process; following its events.</source>
        <translation>この実行は別のプロセスで実行中です。イベントを追跡しています。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="477" />
        <source>Fix the settings marked in red first.</source>
        <translation>赤で示された設定を先に修正してください。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="481" />
        <source>new run from {0}</source>
        <translation>{0} から新しい実行</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="163" />
        <source>Stop the running stage; training writes a checkpoint first (Ctrl+.)</source>
        <translation>実行中のステージを停止 (学習は先にチェックポイントを書き込みます) (Ctrl+.)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="533" />
        <source>starting…</source>
        <translation>開始中…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="534" />
        <source>running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="550" />
        <source>stopping: writing a checkpoint…</source>
        <translation>停止中: チェックポイントを書き込んでいます…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="552" />
        <source>stopping…</source>
        <translation>停止中…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="612" />
        <source>{0}: starting…</source>
        <translation>{0}: 開始中…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="620" />
        <source>checkpoint at step {0}: {1}</source>
        <translation>ステップ {0} のチェックポイント: {1}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="631" />
        <source>Run finished.</source>
        <translation>実行が完了しました。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="632" />
        <source>Stopped. Resume continues from the checkpoint written at the stop.</source>
        <translation>停止しました。再開すると停止時に書き込んだチェックポイントから続行します。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="633" />
        <source>The stage did not stop in time and was killed; resume from the last checkpoint.</source>
        <translation>ステージが時間内に停止しなかったため強制終了しました。最後のチェックポイントから再開してください。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="634" />
        <source>The stage failed; see the log.</source>
        <translation>ステージが失敗しました。ログを確認してください。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="635" />
        <source>The stage process crashed; see the log, then resume.</source>
        <translation>ステージのプロセスがクラッシュしました。ログを確認してから再開してください。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="689" />
        <source>writing the report…</source>
        <translation>レポートを書き出しています…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="691" />
        <source>report…</source>
        <translation>レポート…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="698" />
        <source>report written</source>
        <translation>レポート出力済み</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="698" />
        <source>report failed</source>
        <translation>レポート失敗</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="701" />
        <source>Report written: {0}</source>
        <translation>レポートを書き出しました: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="705" />
        <source>Report failed: {0}</source>
        <translation>レポートの出力に失敗しました: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="719" />
        <source>The language changes when the panel is started again.</source>
        <translation>言語はパネルの次回起動時に切り替わります。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="727" />
        <source>A stage is running</source>
        <translation>ステージが実行中です</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="728" />
        <source>A stage is still running. What should happen to it?</source>
        <translation>ステージがまだ実行中です。どうしますか?</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="729" />
        <source>Keep running in the background</source>
        <translation>バックグラウンドで実行を続ける</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="730" />
        <source>Stop with a checkpoint</source>
        <translation>チェックポイントを書いて停止</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="731" />
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <location filename="../../gui/settings_forms.py" line="107" />
        <source>Browse…</source>
        <extracomment>Typing in a path field re-validates after this pause, not on every key. llama.cpp types offered for the quantize stage; Q4_K_M fits a 7B model in a 12 GB card with room for a long context, so it is the default. Hyper-parameters shown in the form (the rest keep TrainConfig's defaults), in display order. Defaults that fit a 12 GB card (RTX 3060): 4-bit base, micro-batch 1 with accumulation, 1k tokens. Used where they differ from TrainConfig's own defaults; grad_accum 8 keeps an effective batch of 8. Training settings of a demo run where the demo's own config does not name them.</extracomment>
        <translation>参照…</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="130" />
        <source>JSON Lines (*.jsonl *.json);;All files (*)</source>
        <translation>JSON Lines (*.jsonl *.json);;すべてのファイル (*)</translation>
    </message>
</context>
<context>
    <name>ReliabilityPlot</name>
    <message>
        <location filename="../../gui/results_views.py" line="72" />
        <source>Reliability diagram</source>
        <translation>信頼性ダイアグラム</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="77" />
        <source>confidence</source>
        <translation>確信度</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="78" />
        <source>accuracy</source>
        <translation>正解率</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <location filename="../../gui/results_views.py" line="106" />
        <location filename="../../gui/results_views.py" line="141" />
        <source>Bake: not run yet.</source>
        <translation>ベイク: 未実行。</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="110" />
        <location filename="../../gui/results_views.py" line="112" />
        <source>Metric</source>
        <translation>指標</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="110" />
        <location filename="../../gui/results_views.py" line="112" />
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="115" />
        <source>GGUF files</source>
        <translation>GGUF ファイル</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="117" />
        <source>Triality (ALLOW / ESCALATION / DENY)</source>
        <translation>トライアリティ (ALLOW / ESCALATION / DENY)</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="121" />
        <source>Calibration</source>
        <translation>較正</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="136" />
        <source>passed</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="136" />
        <source>FAILED</source>
        <translation>不合格</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="137" />
        <source>Bake verification {0}: max |Δlogit| {1}, KL {2}, top-1 agreement {3}</source>
        <translation>ベイク検証 {0}: 最大 |Δlogit| {1}、KL {2}、top-1 一致率 {3}</translation>
    </message>
</context>
<context>
    <name>RunList</name>
    <message>
        <location filename="../../gui/run_list.py" line="31" />
        <source>Runs</source>
        <translation>実行一覧</translation>
    </message>
    <message>
        <location filename="../../gui/run_list.py" line="38" />
        <source>running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <location filename="../../gui/run_list.py" line="38" />
        <source>finished</source>
        <translation>完了</translation>
    </message>
    <message>
        <location filename="../../gui/run_list.py" line="38" />
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location filename="../../gui/run_list.py" line="39" />
        <source>INTERRUPTED — can be resumed</source>
        <translation>中断 — 再開できます</translation>
    </message>
    <message>
        <location filename="../../gui/run_list.py" line="39" />
        <source>pending</source>
        <translation>未実行</translation>
    </message>
    <message>
        <location filename="../../gui/run_list.py" line="57" />
        <source>This run stopped before it finished (crash, power cut or reboot). Select it and press Resume.</source>
        <translation>この実行は完了前に止まりました (クラッシュ、停電、再起動)。選択して「再開」を押してください。</translation>
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <location filename="../../gui/settings_forms.py" line="153" />
        <location filename="../../gui/settings_forms.py" line="268" />
        <source>Model folder (Hugging Face, safetensors)</source>
        <translation>モデルフォルダ (Hugging Face、safetensors)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="154" />
        <source>Use the demo model</source>
        <translation>デモモデルを使う</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="158" />
        <source>The built-in tiny model, pretrained on the demo corpus at the start of the run: the whole pipeline in minutes on CPU, offline.</source>
        <translation>内蔵の小さなモデル (実行の最初にデモコーパスで事前学習): CPU・オフラインで数分でパイプライン全体を試せます。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="162" />
        <source>SFT data file (JSONL)</source>
        <translation>SFT データファイル (JSONL)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="165" />
        <source>Workspace folder</source>
        <translation>ワークスペースフォルダ</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="172" />
        <source>System language</source>
        <translation>システムの言語</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="179" />
        <source>Model and data</source>
        <translation>モデルとデータ</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="187" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="188" />
        <source>Data</source>
        <translation>データ</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="189" />
        <source>Workspace</source>
        <translation>ワークスペース</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="190" />
        <source>GGUF quantization</source>
        <translation>GGUF 量子化</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="193" />
        <source>Training (defaults fit a 12 GB card)</source>
        <translation>学習 (既定値は 12 GB カード向け)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="211" />
        <source>Later stages (unfold one to change its settings)</source>
        <translation>後続のステージ (開くと設定を変更できます)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="213" />
        <source>Application</source>
        <translation>アプリケーション</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="215" />
        <source>Language (after restart)</source>
        <translation>言語 (再起動後に反映)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="219" />
        <source>Resume interrupted runs when I log on</source>
        <translation>ログオン時に中断された実行を再開する</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="224" />
        <source>Available on Windows (per-user Run key).</source>
        <translation>Windows で使用できます (ユーザーごとの Run キー)。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="226" />
        <source>Start at logon</source>
        <translation>ログオン時に開始</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="267" />
        <source>built-in tiny demo model (pretrained in the run)</source>
        <translation>内蔵の小さなデモモデル (実行内で事前学習)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="302" />
        <source>{0}: {1} layers, attention width {2}</source>
        <translation>{0}: {1} 層、attention 幅 {2}</translation>
    </message>
</context>
<context>
    <name>StageList</name>
    <message>
        <location filename="../../gui/stage_list.py" line="39" />
        <source>Stages</source>
        <extracomment>The pipeline's stages in order (DESIGN.md, "The stages"). Which standard icon shows which state.</extracomment>
        <translation>ステージ</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="46" />
        <source>Pretrain demo model</source>
        <translation>デモモデルの事前学習</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="47" />
        <source>Train gates (QLoRA)</source>
        <translation>ゲートの学習 (QLoRA)</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="48" />
        <source>Bake gates into weights</source>
        <translation>ゲートを重みにベイク</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="49" />
        <source>Export GGUF</source>
        <translation>GGUF 出力</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="50" />
        <source>Quantize GGUF</source>
        <translation>GGUF 量子化</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="51" />
        <source>Check GGUF fidelity</source>
        <translation>GGUF 忠実度の検査</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="52" />
        <source>Triality safety head</source>
        <translation>トライアリティ安全ヘッド</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="53" />
        <source>Calibrate</source>
        <translation>較正</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="54" />
        <source>Report</source>
        <translation>レポート</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="60" />
        <source>pending</source>
        <translation>未実行</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="60" />
        <source>running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="61" />
        <source>finished</source>
        <translation>完了</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="61" />
        <source>skipped (done before)</source>
        <translation>スキップ (実行済み)</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="62" />
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="62" />
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="62" />
        <source>stopped</source>
        <translation>停止</translation>
    </message>
</context>
</TS>