<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ja_JP">
<context>
    <name>AuditTable</name>
    <message>
        <location filename="../../gui/audit_table.py" line="31" />
        <source>Audit log</source>
        <extracomment>The audit table's column of the answer (a held one stays behind "Show held answer"). Rows whose held answer was asked for.</extracomment>
        <translation>監査ログ</translation>
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="33" />
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="33" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="33" />
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="33" />
        <source>Final verdict</source>
        <translation>最終回答の判定</translation>
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="33" />
        <source>Held</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="34" />
        <source>Thinking sections (sha256)</source>
        <translation>思考セクション (sha256)</translation>
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="34" />
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="49" />
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <location filename="../../gui/audit_table.py" line="62" />
        <source>Show held answer</source>
        <translation>保留中の回答を表示</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../gui/chat_pane.py" line="46" />
        <source>You</source>
        <extracomment>Badge colours per verdict (background, text).</extracomment>
        <translation>あなた</translation>
    </message>
    <message>
        <location filename="../../gui/chat_pane.py" line="72" />
        <source>final</source>
        <translation>最終回答</translation>
    </message>
    <message>
        <location filename="../../gui/chat_pane.py" line="77" />
        <source>Refused: the answer was scored DENY and withheld.</source>
        <translation>拒否: 回答が DENY と判定されたため表示しません。</translation>
    </message>
    <message>
        <location filename="../../gui/chat_pane.py" line="79" />
        <source>Refused: the model was not asked.</source>
        <translation>拒否: モデルには問い合わせていません。</translation>
    </message>
    <message>
        <location filename="../../gui/chat_pane.py" line="83" />
        <source>Needs review</source>
        <translation>要レビュー</translation>
    </message>
    <message>
        <location filename="../../gui/chat_pane.py" line="83" />
        <source>show the held answer</source>
        <translation>保留中の回答を表示</translation>
    </message>
    <message>
        <location filename="../../gui/chat_pane.py" line="87" />
        <source>(no final answer: the model's output had thinking but no final section)</source>
        <translation>(最終回答なし: モデルの出力に思考はありましたが最終セクションがありません)</translation>
    </message>
    <message>
        <location filename="../../gui/chat_pane.py" line="89" />
        <source>{0} tokens</source>
        <translation>{0} トークン</translation>
    </message>
    <message>
        <location filename="../../gui/chat_pane.py" line="91" />
        <source>, {0:.1f} tokens/s</source>
        <translation>、{0:.1f} トークン/秒</translation>
    </message>
</context>
<context>
    <name>CheckpointTable</name>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="68" />
        <source>Checkpoints</source>
        <translation>チェックポイント</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="70" />
        <source>Step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="70" />
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="70" />
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="70" />
        <source>Valid / why not</source>
        <translation>有効性 / 無効の理由</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="70" />
        <source>Stage</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="71" />
        <source>Pin</source>
        <translation>固定</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="71" />
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="71" />
        <source>Training loss</source>
        <translation>学習損失</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="142" />
        <source>valid</source>
        <extracomment>Stages whose checkpoints are shown stale whatever their times say: a resume from an earlier training stage's checkpoint was started, so what they were trained on is being redone.</extracomment>
        <translation>有効</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="142" />
        <source>invalid: {0}</source>
        <translation>無効: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="144" />
        <source>stale: trained on a training that has been redone since; kept</source>
        <translation>古い: その後やり直された学習の上で作られたもの (保持しています)</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="155" />
        <source>Resume from here</source>
        <translation>ここから再開</translation>
    </message>
    <message>
        <location filename="../../gui/checkpoint_table.py" line="159" />
        <source>This checkpoint is incomplete or damaged and cannot be resumed.</source>
        <translation>このチェックポイントは不完全または破損しているため再開できません。</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <location filename="../../gui/compare_view.py" line="81" />
        <source>Runs to compare</source>
        <extracomment>The height of a curve's card: the plots, the settings that differ and the evaluation tables fit one screen. The run picker's width: run ids, no more (the comparison takes the rest). The width of an A/B table's metric column (its words wrap), so the figures fit beside it. A comparison is shown (the run folders in it): what a test waits for. The drawn curves by (curve key, run folder, stage).</extracomment>
        <translation>比較する実行</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="86" />
        <source>Tick two or more runs:</source>
        <translation>実行を 2 つ以上チェック:</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="89" />
        <location filename="../../gui/compare_view.py" line="177" />
        <source>Tick two or more runs to compare them.</source>
        <extracomment>Per run shown: its column (title, "Use these settings", its table or "no evaluation").</extracomment>
        <translation>比較するには実行を 2 つ以上チェックしてください。</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="93" />
        <source>Loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="93" />
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="93" />
        <source>KL to the base model</source>
        <translation>ベースモデルとの KL</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="93" />
        <source>nats</source>
        <translation>nat</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="94" />
        <source>Reward</source>
        <translation>報酬</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="94" />
        <source>mean reward</source>
        <translation>平均報酬</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="95" />
        <source>Training speed</source>
        <translation>学習速度</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="95" />
        <source>tokens/s</source>
        <translation>tokens/s</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="104" />
        <source>step</source>
        <extracomment>Each plot's card: a curve no ticked run has (a reward before reinforcement) is not shown.</extracomment>
        <translation>ステップ</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="111" />
        <location filename="../../gui/compare_view.py" line="220" />
        <source>setting</source>
        <translation>設定項目</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="112" />
        <source>Settings that differ</source>
        <translation>異なる設定</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="118" />
        <source>Evaluation (A/B), side by side</source>
        <translation>評価 (A/B) の並列比較</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="179" />
        <source>Reading {0} runs…</source>
        <translation>{0} 件の実行を読み込んでいます…</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="187" />
        <source>These runs cannot be compared: {0}</source>
        <translation>これらの実行は比較できません: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="196" />
        <source>Runs: {0}. Settings that differ: {1}.</source>
        <translation>実行 {0} 件、異なる設定 {1} 件。</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="222" />
        <source>(not set)</source>
        <translation>(未設定)</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="225" />
        <source>Every stage ran with the same settings.</source>
        <translation>すべてのステージが同じ設定で実行されました。</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="236" />
        <source>Use these settings</source>
        <translation>この設定を使う</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="238" />
        <source>Copy this run's settings into the form on the Settings page</source>
        <translation>この実行の設定を「設定」ページのフォームにコピー</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="254" />
        <source>no evaluation</source>
        <translation>評価なし</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../gui/dashboard.py" line="87" />
        <source>VRAM</source>
        <translation>VRAM</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="87" />
        <location filename="../../gui/dashboard.py" line="91" />
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="81" />
        <source>seconds since the run began</source>
        <extracomment>Each plot redraws at most 10 times a second: smooth to the eye, and the GUI thread stays free for input. The plots take turns, so the timer ticks every REDRAW_INTERVAL_MS / number of plots. Stepped axis ranges: the x axis grows by this factor when the data reaches its end, the y axis gets this much padding, and a range is refitted when the data fills less than this fraction of it. A plot with a single point (or a flat curve) is shown this much above and below its value (relative), so its tick labels stay readable instead of collapsing onto one value. The axes of a plot without points (a new run's, before its first reading). Plot groups: which curves each plot draws (curve keys of the run model). Each reward function's mean (`reward/&lt;function&gt;`) joins the reward plot beside the weighted sum. Pens of GPU 1, 2, … when a run uses several GPUs (GPU 0 keeps its plot's own pen). Whether this machine has an NVIDIA GPU (None until the sampler says): picks the hardware plots.</extracomment>
        <translation>実行開始からの秒数</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="81" />
        <source>training step</source>
        <translation>学習ステップ</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="82" />
        <source>Training loss</source>
        <translation>学習損失</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="82" />
        <location filename="../../gui/dashboard.py" line="85" />
        <source>loss (nats/token)</source>
        <translation>損失 (nat/トークン)</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="83" />
        <source>KL to the base model</source>
        <translation>ベースモデルとの KL</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="83" />
        <location filename="../../gui/dashboard.py" line="97" />
        <source>KL (nats)</source>
        <translation>KL (nat)</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="84" />
        <source>Demo pretraining loss</source>
        <translation>デモの事前学習損失</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="85" />
        <source>pretraining step</source>
        <translation>事前学習ステップ</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="86" />
        <source>Training speed</source>
        <translation>学習速度</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="86" />
        <source>tokens/s</source>
        <translation>tokens/s</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="88" />
        <source>GPU utilisation</source>
        <translation>GPU 使用率</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="88" />
        <source>% busy</source>
        <translation>使用率 (%)</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="89" />
        <source>GPU temperature</source>
        <translation>GPU 温度</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="90" />
        <source>GPU power</source>
        <translation>GPU 電力</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="91" />
        <source>Stage process memory (RSS)</source>
        <translation>ステージプロセスのメモリ (RSS)</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="92" />
        <source>Stage process CPU</source>
        <translation>ステージプロセスの CPU</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="92" />
        <source>% of one core</source>
        <translation>1 コアあたりの %</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="93" />
        <source>align step</source>
        <translation>アラインのステップ</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="94" />
        <source>Align loss (DPO / GRPO)</source>
        <translation>アラインの損失 (DPO / GRPO)</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="94" />
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="96" />
        <source>Reward</source>
        <translation>報酬</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="96" />
        <source>mean over the group</source>
        <translation>グループ平均</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="97" />
        <source>KL to the starting policy</source>
        <translation>開始方策への KL</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="99" />
        <source>Preference accuracy</source>
        <translation>選好の正解率</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="100" />
        <source>share of pairs</source>
        <translation>ペアの割合</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="101" />
        <source>Reward margin (chosen − rejected)</source>
        <translation>報酬の差 (選択 − 却下)</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="102" />
        <source>β · log-ratio</source>
        <translation>β · 対数比</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="103" />
        <source>Groups whose rewards all tie</source>
        <translation>報酬がすべて同点のグループ</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="104" />
        <source>share of groups</source>
        <translation>グループの割合</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="105" />
        <source>Completion length</source>
        <translation>生成の長さ</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="106" />
        <source>tokens</source>
        <translation>トークン</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="107" />
        <source>Clipped share</source>
        <translation>クリップされた割合</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="107" />
        <source>share of tokens</source>
        <translation>トークンの割合</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="126" />
        <source>weighted sum</source>
        <translation>重み付き和</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="146" />
        <source>Latest GRPO group</source>
        <translation>最新の GRPO グループ</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="150" />
        <source>Show reasoning</source>
        <translation>推論を表示</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="152" />
        <source>Also show the thinking of the latest group's completions, from the next step on. It comes from the running stage only and is never written to the run's files.</source>
        <translation>最新グループの各生成の思考も、次のステップから表示します。実行中のステージからのみ届き、実行のファイルには一切書き込まれません。</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="161" />
        <source>Waiting for the first hardware reading.</source>
        <translation>最初のハードウェア計測を待っています。</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="247" />
        <source>Latest GRPO group (step {0}) with its reasoning</source>
        <translation>最新の GRPO グループ (ステップ {0}) と推論</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="248" />
        <source>Latest GRPO group (step {0}): final answers only</source>
        <translation>最新の GRPO グループ (ステップ {0}): 最終回答のみ</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="250" />
        <source>prompt</source>
        <translation>プロンプト</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="250" />
        <source>final answer</source>
        <translation>最終回答</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="250" />
        <source>reward</source>
        <translation>報酬</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="252" />
        <source>reasoning</source>
        <translation>推論</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="257" />
        <source>(no final answer)</source>
        <translation>(最終回答なし)</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="303" />
        <source>used, GPU {0}</source>
        <translation>使用量、GPU {0}</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="306" />
        <source>GPU {0}</source>
        <translation>GPU {0}</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="305" />
        <source>this run, GPU {0}</source>
        <translation>この実行、GPU {0}</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="314" />
        <source>No NVIDIA GPU found: the plots show the stage process's memory and CPU use instead of the card's.</source>
        <translation>NVIDIA GPU が見つかりません: グラフはカードの代わりにステージプロセスのメモリと CPU 使用量を表示します。</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="330" />
        <source>{0}: {1} / {2} MiB in use</source>
        <translation>{0}: {1} / {2} MiB 使用中</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="392" />
        <source>card limit {0:,.0f} MiB</source>
        <translation>カード上限 {0:,.0f} MiB</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="126" />
        <source>used (card)</source>
        <translation>使用量 (カード全体)</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="126" />
        <source>this run</source>
        <translation>この実行</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="136" />
        <source>card limit</source>
        <translation>カード上限</translation>
    </message>
</context>
<context>
    <name>DataView</name>
    <message>
        <location filename="../../gui/data_view.py" line="63" />
        <source>JSONL, JSON, CSV, TSV or Parquet files, separated by ;</source>
        <extracomment>The histogram's height: the bars and the max_length line readable beside the preview. The colour that marks the pieces training learns (the assistant's answers) in the preview. The max_length line's colour: a cut is a warning. Files are separated by this in the file field (a path may hold commas, seldom semicolons). A preparation was shown (its DataPreview) or refused (its line): what a test waits for. The model folder whose tokenizer and chat template measure the samples (the Settings' model).</extracomment>
        <translation>JSONL、JSON、CSV、TSV、Parquet のファイル (; 区切り)</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="64" />
        <location filename="../../gui/data_view.py" line="178" />
        <source>Data files</source>
        <translation>データファイル</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="65" />
        <source>Choose files…</source>
        <translation>ファイルを選択…</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="70" />
        <source>FIELD=COLUMN, … (e.g. prompt=question, response=answer)</source>
        <translation>フィールド=列, … (各フィールドに読む列を指定)</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="71" />
        <source>Column mapping</source>
        <translation>列の対応付け</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="72" />
        <source>Rename columns to the fields a shape reads; the shape is detected again.</source>
        <translation>列を形式が読むフィールド名に付け替えます。形式は改めて検出されます。</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="77" />
        <source>Maximum length (tokens)</source>
        <translation>最大長 (トークン)</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="78" />
        <source>Look at the data</source>
        <translation>データを確認</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="80" />
        <source>Import, clean, dedupe and measure the files as the data stage does (into a temporary folder)</source>
        <translation>データステージと同じようにファイルを読み込み、整形し、重複を除き、計測します (一時フォルダへ)</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="83" />
        <source>Prepare these files in the next run</source>
        <translation>次の実行でこれらのファイルを準備</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="85" />
        <source>The next run prepares these files first and trains on its data/train.jsonl</source>
        <translation>次の実行はまずこれらのファイルを準備し、その data/train.jsonl で学習します</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="90" />
        <source>Files</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="93" />
        <source>Mapping</source>
        <translation>対応付け</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="96" />
        <source>max_length</source>
        <translation>最大長</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="105" />
        <source>Choose data files to see what the data stage makes of them.</source>
        <translation>データファイルを選ぶと、データステージがそれをどう扱うかを表示します。</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="122" />
        <source>The first samples as the model sees them (trained tokens marked green)</source>
        <translation>モデルから見た最初のサンプル (学習するトークンを緑で表示)</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="125" />
        <location filename="../../gui/data_view.py" line="128" />
        <source>Token lengths</source>
        <translation>トークン長</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="125" />
        <location filename="../../gui/data_view.py" line="134" />
        <location filename="../../gui/data_view.py" line="140" />
        <location filename="../../gui/data_view.py" line="143" />
        <source>samples</source>
        <translation>サンプル</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="125" />
        <source>tokens</source>
        <translation>トークン</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="134" />
        <source>reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="134" />
        <source>why</source>
        <translation>説明</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="135" />
        <source>What will be dropped, and why</source>
        <translation>除外されるものとその理由</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="137" />
        <source>kept</source>
        <translation>残したもの</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="137" />
        <source>duplicates</source>
        <translation>重複</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="137" />
        <source>prompt</source>
        <translation>プロンプト</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="138" />
        <source>Duplicate clusters</source>
        <translation>重複クラスタ</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="140" />
        <source>label</source>
        <translation>ラベル</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="141" />
        <source>Label balance</source>
        <translation>ラベルの内訳</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="143" />
        <source>thinking format</source>
        <translation>思考形式</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="144" />
        <source>Thinking-format compliance</source>
        <translation>思考形式の準拠</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="179" />
        <source>Data files (*.jsonl *.json *.csv *.tsv *.parquet);;All files (*)</source>
        <translation>データファイル (*.jsonl *.json *.csv *.tsv *.parquet);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="198" />
        <source>Choose one or more data files first.</source>
        <translation>先にデータファイルを 1 つ以上選んでください。</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="203" />
        <source>Reading {0}…</source>
        <translation>{0} を読み込み中…</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="242" />
        <source>Prepared as the data stage would; nothing is written to a run yet.</source>
        <translation>データステージと同じように準備しました。実行にはまだ何も書き込んでいません。</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="245" />
        <source>{0}: shape {1} ({2}), {3} samples</source>
        <translation>{0}: 形式 {1} ({2})、{3} サンプル</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="248" />
        <source>{0} samples read, {1} kept: {2} for training, {3} for validation.</source>
        <translation>{0} サンプルを読み込み、{1} を残しました: 学習用 {2}、検証用 {3}。</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="253" />
        <source>No model is chosen in Settings: token lengths are not measured.</source>
        <translation>設定でモデルが選ばれていないため、トークン長は計測しません。</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="256" />
        <source>{0:.1%} of the samples are longer than max_length {1} and lose {2} tokens; mean {3:.0f} tokens, {4} trained.</source>
        <translation>サンプルの {0:.1%} が最大長 {1} を超え、{2} トークンが失われます。平均 {3:.0f} トークン、学習対象 {4}。</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="261" />
        <source>a line over the line cap (--max-line-mb reads it): {0}</source>
        <translation>行の上限を超える行です（--max-line-mb で読めます）: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="266" />
        <location filename="../../gui/data_view.py" line="270" />
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="266" />
        <source>every sample is kept</source>
        <translation>すべてのサンプルを残します</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="270" />
        <source>no two samples are alike</source>
        <translation>似たサンプルはありません</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="275" />
        <source>problem: {0}</source>
        <translation>問題: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="277" />
        <source>compliant</source>
        <translation>準拠</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="289" />
        <source>Fields read (FIELD=COLUMN): {0}</source>
        <translation>読むフィールド (フィールド=列): {0}</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="293" />
        <source>a turn has no text</source>
        <translation>発話にテキストがありません</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="294" />
        <source>no assistant answer to learn from</source>
        <translation>学習できるアシスタントの回答がありません</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="295" />
        <source>the same text as an earlier sample</source>
        <translation>前のサンプルと同じテキストです</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="296" />
        <source>nearly the same words as an earlier sample</source>
        <translation>前のサンプルとほぼ同じ語です</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="297" />
        <source>malformed thinking tags (strict check)</source>
        <translation>思考タグの形式が不正です (厳密な検査)</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="298" />
        <source>the safety head judged it DENY</source>
        <translation>安全ヘッドが DENY と判定しました</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="299" />
        <source>the safety head was unsure (REVIEW)</source>
        <translation>安全ヘッドが判断できませんでした (REVIEW)</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="300" />
        <source>a line too long to read</source>
        <translation>読み込めないほど長い行です</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="321" />
        <source>max_length {0}</source>
        <translation>最大長 {0}</translation>
    </message>
</context>
<context>
    <name>EvaluationView</name>
    <message>
        <location filename="../../gui/evaluate_results.py" line="41" />
        <source>A/B table: base against tuned</source>
        <extracomment>The engine's report texts (row names, column names, the plain-words templates) live in this .ts context.</extracomment>
        <translation>A/B 表: ベースとチューニング後の比較</translation>
    </message>
    <message>
        <location filename="../../gui/evaluate_results.py" line="70" />
        <source>{0}: prompt {1} tokens/s, generation {2} tokens/s in llama.cpp</source>
        <translation>{0}: llama.cpp でプロンプト {1} トークン/秒、生成 {2} トークン/秒</translation>
    </message>
</context>
<context>
    <name>InterruptedBanner</name>
    <message>
        <location filename="../../gui/interrupted_banner.py" line="23" />
        <source>Resume it</source>
        <translation>再開する</translation>
    </message>
    <message>
        <location filename="../../gui/interrupted_banner.py" line="25" />
        <source>Not now</source>
        <translation>後で</translation>
    </message>
    <message>
        <location filename="../../gui/interrupted_banner.py" line="44" />
        <source> ({0} more in the run list)</source>
        <extracomment>The run the banner offers.</extracomment>
        <translation> (実行一覧にほか {0} 件)</translation>
    </message>
    <message>
        <location filename="../../gui/interrupted_banner.py" line="46" />
        <source>Run {0} was interrupted before it finished (stages left: {1}){2}. Resuming continues from its newest valid checkpoint.</source>
        <translation>実行 {0} は完了前に中断されました (残りのステージ: {1}){2}。再開すると最新の有効なチェックポイントから続行します。</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <location filename="../../gui/log_view.py" line="21" />
        <source>Log</source>
        <extracomment>Lines kept; older ones scroll away (a long run logs far more than anyone reads back).</extracomment>
        <translation>ログ</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="86" />
        <source>SO8T Control Panel</source>
        <extracomment>After a checkpoint event the table rescans a moment later (the manifest is written last). How often the window rescans the run list and follows a run that another process runs. The left pane's starting width; the splitter lets the user widen it, and rows elide meanwhile. The window's first size, and the share of the screen's free area it may take at most.</extracomment>
        <translation>SO8T コントロールパネル</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="102" />
        <source>Run</source>
        <extracomment>The arguments of the last stage this window started (what "keep running in the background" restarts). The followed run this window asked to stop (RUN/stop written), so Stop is not offered twice. The PDF job runs `so8t report` through the same process wrapper as the stages.</extracomment>
        <translation>実行</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="102" />
        <location filename="../../gui/main_window.py" line="335" />
        <source>Start a new run (Ctrl+R)</source>
        <translation>新しい実行を開始 (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="103" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="105" />
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="106" />
        <source>Continue the selected run from its newest valid checkpoint</source>
        <translation>選択した実行を最新の有効なチェックポイントから再開</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="108" />
        <source>Write the selected run's report as a PDF (Ctrl+E)</source>
        <translation>選択した実行のレポートを PDF に書き出す (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="113" />
        <location filename="../../gui/main_window.py" line="322" />
        <source>Pause following</source>
        <translation>追跡を一時停止</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="114" />
        <source>Stop taking the followed run's events and readings for now; the run goes on</source>
        <translation>追跡中の実行のイベントと計測値の取り込みをいったん止めます。実行は続きます</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="135" />
        <source>Runs</source>
        <translation>実行一覧</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="135" />
        <source>Stages</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="153" />
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="161" />
        <source>Dashboard</source>
        <translation>ダッシュボード</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="162" />
        <source>Checkpoints</source>
        <translation>チェックポイント</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="163" />
        <source>Results</source>
        <translation>結果</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="164" />
        <source>Log</source>
        <translation>ログ</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="166" />
        <source>Playground</source>
        <translation>プレイグラウンド</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="321" />
        <source>Resume following</source>
        <translation>追跡を再開</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="387" />
        <source>Workspace: {0} ({1} runs)</source>
        <translation>ワークスペース: {0} (実行 {1} 件)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="438" />
        <source>This run is running in another process; following its events.</source>
        <translation>この実行は別のプロセスで実行中です。イベントを追跡しています。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="104" />
        <source>Stop the running stage; training writes a checkpoint first (Ctrl+.)</source>
        <translation>実行中のステージを停止 (学習は先にチェックポイントを書き込みます) (Ctrl+.)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="107" />
        <source>Export PDF…</source>
        <translation>PDF を出力</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="109" />
        <source>Open report</source>
        <translation>レポートを開く</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="110" />
        <source>Open the report just written</source>
        <translation>書き出したレポートを開く</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="264" />
        <source>{0} Showing {1} instead.</source>
        <translation>{0} 代わりに {1} を表示しています。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="333" />
        <source>Run is off: {0}</source>
        <translation>実行できません: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="447" />
        <source>The language changes when the panel is started again.</source>
        <translation>言語はパネルの次回起動時に切り替わります。</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="290" />
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <location filename="../../gui/compare_view.py" line="306" />
        <source>The form now holds the settings of run {0}.</source>
        <translation>フォームに実行 {0} の設定を入れました。</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="371" />
        <source>Data</source>
        <translation>データ</translation>
    </message>
    <message>
        <location filename="../../gui/data_view.py" line="375" />
        <source>The next run prepares {0} file(s) first and trains on the prepared data.</source>
        <translation>次の実行はまず {0} 個のファイルを準備し、準備したデータで学習します。</translation>
    </message>
</context>
<context>
        <name>Names</name>
        <message>
            <location filename="../../gui/names.py" line="24" />
            <source>12 GB CUDA card, 4-bit (rtx3060-12gb)</source>
            <translation>12 GB の CUDA カード、4 ビット (rtx3060-12gb)</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="25" />
            <source>CPU only, full precision (cpu)</source>
            <translation>CPU のみ、全精度 (cpu)</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="26" />
            <source>demo: tiny model on CPU (demo)</source>
            <translation>デモ: CPU 上の小型モデル (demo)</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="33" />
            <source>pending</source>
            <translation>未実行</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="34" />
            <location filename="../../gui/names.py" line="46" />
            <source>running</source>
            <translation>実行中</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="35" />
            <location filename="../../gui/names.py" line="47" />
            <source>finished</source>
            <translation>完了</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="36" />
            <source>skipped</source>
            <translation>スキップ</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="37" />
            <location filename="../../gui/names.py" line="48" />
            <source>failed</source>
            <translation>失敗</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="38" />
            <source>interrupted</source>
            <translation>中断</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="45" />
            <source>not started</source>
            <translation>未開始</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="49" />
            <source>interrupted, can be resumed</source>
            <translation>中断 — 再開できます</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="50" />
            <source>damaged, cannot be resumed</source>
            <translation>破損 — 再開できません</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="62" />
            <source>steps</source>
            <translation>ステップ</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="64" />
            <source>layers</source>
            <translation>層</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="65" />
            <source>tensors</source>
            <translation>テンソル</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="66" />
            <source>shards</source>
            <translation>シャード</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="67" />
            <source>phases</source>
            <translation>フェーズ</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="68" />
            <source>sequences</source>
            <translation>系列</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="69" />
            <source>models</source>
            <translation>モデル</translation>
        </message>
        <message>
            <location filename="../../gui/names.py" line="63" />
            <source>samples</source>
            <translation>サンプル</translation>
        </message>
        <message>
            <source>Prepare data</source>
            <translation>データの準備</translation>
        </message>
        <message>
            <source>Pretrain demo model</source>
            <translation>デモモデルの事前学習</translation>
        </message>
        <message>
            <source>Train gates (QLoRA)</source>
            <translation>ゲートの学習 (QLoRA)</translation>
        </message>
        <message>
            <source>Align (DPO / GRPO)</source>
            <translation>アライン (DPO / GRPO)</translation>
        </message>
        <message>
            <source>Bake gates into weights</source>
            <translation>ゲートを重みにベイク</translation>
        </message>
        <message>
            <source>Export GGUF</source>
            <translation>GGUF 出力</translation>
        </message>
        <message>
            <source>Quantize GGUF</source>
            <translation>GGUF 量子化</translation>
        </message>
        <message>
            <source>Check GGUF fidelity</source>
            <translation>GGUF 忠実度の検査</translation>
        </message>
        <message>
            <source>Triality safety head</source>
            <translation>トライアリティ安全ヘッド</translation>
        </message>
        <message>
            <source>Calibrate</source>
            <translation>較正</translation>
        </message>
        <message>
            <source>Evaluate (A/B)</source>
            <translation>評価 (A/B)</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>レポート</translation>
        </message>
        <message>
            <source>peak host memory (MiB)</source>
            <translation>ホストメモリのピーク (MiB)</translation>
        </message>
        <message>
            <source>peak GPU memory allocated (MiB)</source>
            <translation>GPU メモリ割り当てのピーク (MiB)</translation>
        </message>
        <message>
            <source>peak GPU memory reserved (MiB)</source>
            <translation>GPU メモリ予約のピーク (MiB)</translation>
        </message>
        <message>
            <source>peak GPU memory, NVML (MiB)</source>
            <translation>GPU メモリのピーク、NVML (MiB)</translation>
        </message>
        <message>
            <source>layers baked</source>
            <translation>ベイクした層</translation>
        </message>
        <message>
            <source>SO(8) blocks</source>
            <translation>SO(8) ブロック</translation>
        </message>
        <message>
            <source>written to</source>
            <translation>書き出し先</translation>
        </message>
        <message>
            <source>weight dtype</source>
            <translation>重みの型</translation>
        </message>
        <message>
            <source>gates</source>
            <translation>ゲート</translation>
        </message>
        <message>
            <source>bake time (s)</source>
            <translation>ベイク時間 (秒)</translation>
        </message>
        <message>
            <source>verification time (s)</source>
            <translation>検証時間 (秒)</translation>
        </message>
        <message>
            <source>verification</source>
            <translation>検証</translation>
        </message>
        <message>
            <source>max |Δlogit|, baked vs gated</source>
            <translation>最大 |Δlogit| (ベイク後とゲート付き)</translation>
        </message>
        <message>
            <source>KL(gated ‖ baked)</source>
            <translation>KL(ゲート付き ‖ ベイク後)</translation>
        </message>
        <message>
            <source>top-1 agreement</source>
            <translation>top-1 一致率</translation>
        </message>
        <message>
            <source>noise floor (fp32 vs float64 logits)</source>
            <translation>ノイズフロア (fp32 と float64 のロジット)</translation>
        </message>
        <message>
            <source>max orthogonality error ‖RᵀR − I‖</source>
            <translation>最大直交誤差 ‖RᵀR − I‖</translation>
        </message>
        <message>
            <source>type</source>
            <translation>種類</translation>
        </message>
        <message>
            <source>size</source>
            <translation>サイズ</translation>
        </message>
        <message>
            <source>positions compared</source>
            <translation>比較した位置数</translation>
        </message>
        <message>
            <source>perplexity</source>
            <translation>パープレキシティ</translation>
        </message>
        <message>
            <source>perplexity of the HF model</source>
            <translation>HF モデルのパープレキシティ</translation>
        </message>
        <message>
            <source>perplexity vs HF</source>
            <translation>HF 比のパープレキシティ</translation>
        </message>
        <message>
            <source>texts tokenized as by HF</source>
            <translation>HF と同じにトークン化されたテキスト</translation>
        </message>
        <message>
            <source>perplexity of the f16 GGUF</source>
            <translation>f16 GGUF のパープレキシティ</translation>
        </message>
        <message>
            <source>perplexity vs f16</source>
            <translation>f16 比のパープレキシティ</translation>
        </message>
        <message>
            <source>verdict</source>
            <translation>判定</translation>
        </message>
        <message>
            <source>quantization fallbacks</source>
            <translation>量子化のフォールバック</translation>
        </message>
        <message>
            <source>scorer</source>
            <translation>スコアラー</translation>
        </message>
        <message>
            <source>training items</source>
            <translation>学習用の件数</translation>
        </message>
        <message>
            <source>calibration items</source>
            <translation>較正用の件数</translation>
        </message>
        <message>
            <source>test items</source>
            <translation>テスト用の件数</translation>
        </message>
        <message>
            <source>accuracy</source>
            <translation>正解率</translation>
        </message>
        <message>
            <source>macro F1</source>
            <translation>マクロ F1</translation>
        </message>
        <message>
            <source>negative log-likelihood</source>
            <translation>負の対数尤度</translation>
        </message>
        <message>
            <source>expected calibration error</source>
            <translation>期待較正誤差</translation>
        </message>
        <message>
            <source>Brier score</source>
            <translation>Brier スコア</translation>
        </message>
        <message>
            <source>training accuracy</source>
            <translation>学習データでの正解率</translation>
        </message>
        <message>
            <source>final head loss</source>
            <translation>ヘッドの最終損失</translation>
        </message>
        <message>
            <source>head file</source>
            <translation>ヘッドのファイル</translation>
        </message>
        <message>
            <source>temperature T</source>
            <translation>温度 T</translation>
        </message>
        <message>
            <source>fitted on</source>
            <translation>最適化の目的</translation>
        </message>
        <message>
            <source>T at the search bound</source>
            <translation>T が探索範囲の端</translation>
        </message>
        <message>
            <source>ECE before</source>
            <translation>較正前の ECE</translation>
        </message>
        <message>
            <source>ECE after</source>
            <translation>較正後の ECE</translation>
        </message>
        <message>
            <source>Brier before</source>
            <translation>較正前の Brier</translation>
        </message>
        <message>
            <source>Brier after</source>
            <translation>較正後の Brier</translation>
        </message>
        <message>
            <source>NLL before</source>
            <translation>較正前の NLL</translation>
        </message>
        <message>
            <source>NLL after</source>
            <translation>較正後の NLL</translation>
        </message>
        <message>
            <source>ECE reduction</source>
            <translation>ECE の減少</translation>
        </message>
        <message>
            <source>Brier reduction</source>
            <translation>Brier の減少</translation>
        </message>
        <message>
            <source>NLL reduction</source>
            <translation>NLL の減少</translation>
        </message>
        <message>
            <source>scored from</source>
            <translation>スコアの算出元</translation>
        </message>
        <message>
            <source>objective before (calibration split)</source>
            <translation>較正前の目的関数 (較正用分割)</translation>
        </message>
        <message>
            <source>objective after (calibration split)</source>
            <translation>較正後の目的関数 (較正用分割)</translation>
        </message>
        <message>
            <source>run folder</source>
            <translation>実行フォルダ</translation>
        </message>
        <message>
            <source>final step</source>
            <translation>最終ステップ</translation>
        </message>
        <message>
            <source>steps planned</source>
            <translation>予定ステップ数</translation>
        </message>
        <message>
            <source>steps run in the last attempt</source>
            <translation>最後の試行で実行したステップ数</translation>
        </message>
        <message>
            <source>resumed from</source>
            <translation>再開元</translation>
        </message>
        <message>
            <source>last checkpoint</source>
            <translation>最後のチェックポイント</translation>
        </message>
        <message>
            <source>final loss</source>
            <translation>最終損失</translation>
        </message>
        <message>
            <source>tokens per second (median)</source>
            <translation>毎秒トークン数 (中央値)</translation>
        </message>
        <message>
            <source>peak memory of the stage process (MB)</source>
            <translation>ステージのプロセスのメモリのピーク (MB)</translation>
        </message>
        <message>
            <source>tokens per second (mean)</source>
            <translation>毎秒トークン数 (平均)</translation>
        </message>
        <message>
            <source>recompiles after the first step</source>
            <translation>最初のステップ後の再コンパイル数</translation>
        </message>
        <message>
            <source>compile time (s)</source>
            <translation>コンパイル時間 (秒)</translation>
        </message>
        <message>
            <source>trainable parameters</source>
            <translation>学習対象パラメータ数</translation>
        </message>
        <message>
            <source>LoRA target layers</source>
            <translation>LoRA を付ける層</translation>
        </message>
        <message>
            <source>time (s)</source>
            <translation>時間 (秒)</translation>
        </message>
        <message>
            <source>stopped by signal</source>
            <translation>停止したシグナル</translation>
        </message>
        <message>
            <source>kind of samples</source>
            <translation>サンプルの種類</translation>
        </message>
        <message>
            <source>samples read</source>
            <translation>読み込んだサンプル数</translation>
        </message>
        <message>
            <source>samples written</source>
            <translation>書き出したサンプル数</translation>
        </message>
        <message>
            <source>training samples</source>
            <translation>学習用サンプル数</translation>
        </message>
        <message>
            <source>validation samples</source>
            <translation>検証用サンプル数</translation>
        </message>
        <message>
            <source>samples by kind</source>
            <translation>種類ごとのサンプル数</translation>
        </message>
        <message>
            <source>dropped, by reason</source>
            <translation>除外 (理由別)</translation>
        </message>
        <message>
            <source>files and shapes</source>
            <translation>ファイルと形式</translation>
        </message>
        <message>
            <source>duplicates kept</source>
            <translation>重複を保持</translation>
        </message>
        <message>
            <source>duplicate clusters</source>
            <translation>重複クラスタ数</translation>
        </message>
        <message>
            <source>max_length (tokens)</source>
            <translation>max_length (トークン)</translation>
        </message>
        <message>
            <source>mean tokens per sample</source>
            <translation>サンプルあたりの平均トークン数</translation>
        </message>
        <message>
            <source>trained (assistant) tokens</source>
            <translation>学習対象 (アシスタント) のトークン数</translation>
        </message>
        <message>
            <source>prompt tokens</source>
            <translation>プロンプトのトークン数</translation>
        </message>
        <message>
            <source>share cut at max_length</source>
            <translation>max_length で切られる割合</translation>
        </message>
        <message>
            <source>tokens lost at max_length</source>
            <translation>max_length で失われるトークン数</translation>
        </message>
        <message>
            <source>thinking-format compliance</source>
            <translation>思考形式への準拠</translation>
        </message>
        <message>
            <source>token lengths</source>
            <translation>トークン長</translation>
        </message>
        <message>
            <source>measured with</source>
            <translation>計測に使ったトークナイザ</translation>
        </message>
        <message>
            <source>random seed</source>
            <translation>乱数シード</translation>
        </message>
        <message>
            <source>validation share</source>
            <translation>検証用の割合</translation>
        </message>
        <message>
            <source>method</source>
            <translation>手法</translation>
        </message>
        <message>
            <source>started from</source>
            <translation>開始点</translation>
        </message>
        <message>
            <source>preference accuracy</source>
            <translation>選好の正解率</translation>
        </message>
        <message>
            <source>reward margin</source>
            <translation>報酬の差</translation>
        </message>
        <message>
            <source>β</source>
            <translation>β</translation>
        </message>
        <message>
            <source>loss</source>
            <translation>損失</translation>
        </message>
        <message>
            <source>pairs per second (median)</source>
            <translation>1 秒あたりのペア数 (中央値)</translation>
        </message>
        <message>
            <source>seconds per step (median)</source>
            <translation>1 ステップの秒数 (中央値)</translation>
        </message>
        <message>
            <source>reference pass (s)</source>
            <translation>参照の計算 (秒)</translation>
        </message>
        <message>
            <source>trained</source>
            <translation>学習対象</translation>
        </message>
        <message>
            <source>held-out set</source>
            <translation>評価用データ</translation>
        </message>
        <message>
            <source>held-out items</source>
            <translation>評価項目数</translation>
        </message>
        <message>
            <source>compared</source>
            <translation>比較</translation>
        </message>
        <message>
            <source>in plain words</source>
            <translation>要約</translation>
        </message>
        <message>
            <source>seconds</source>
            <translation>秒</translation>
        </message>
    </context>
<context>
    <name>Options</name>
    <message>
        <location filename="../../gui/option_labels.py" line="9" />
        <source>training steps</source>
        <extracomment>Labels by config field name, marked for translation (context "Options").</extracomment>
        <translation>学習ステップ数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="10" />
        <location filename="../../gui/option_labels.py" line="89" />
        <source>learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="11" />
        <source>LoRA rank</source>
        <translation>LoRA ランク</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="12" />
        <source>LoRA target layers</source>
        <translation>LoRA を付ける層</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="13" />
        <source>batch size</source>
        <translation>バッチサイズ</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="14" />
        <source>gradient accumulation steps</source>
        <translation>勾配累積ステップ数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="15" />
        <source>max tokens per sample</source>
        <translation>サンプルあたりの最大トークン数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="16" />
        <source>pack short samples into one row</source>
        <translation>短いサンプルを1行に詰める</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="17" />
        <source>checkpoint every (steps)</source>
        <translation>チェックポイント間隔 (ステップ)</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="18" />
        <source>checkpoint every (seconds)</source>
        <translation>チェックポイント間隔 (秒)</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="19" />
        <source>random seed</source>
        <translation>乱数シード</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="20" />
        <source>random gate angle</source>
        <translation>ランダムゲートの角度</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="21" />
        <source>verify after baking</source>
        <translation>ベイク後に検証する</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="22" />
        <source>bake shard by shard</source>
        <translation>シャードごとにベイク</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="23" />
        <source>weight precision</source>
        <translation>重みの精度</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="24" />
        <source>GGUF precision</source>
        <translation>GGUF の精度</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="25" />
        <source>file name</source>
        <translation>ファイル名</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="26" />
        <source>write an Ollama Modelfile</source>
        <translation>Ollama の Modelfile を書き出す</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="27" />
        <source>threads (0: all)</source>
        <translation>スレッド数 (0: すべて)</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="28" />
        <source>perplexity text</source>
        <translation>パープレキシティ用テキスト</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="29" />
        <source>context length</source>
        <translation>コンテキスト長</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="30" />
        <source>labelled data</source>
        <translation>ラベル付きデータ</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="31" />
        <source>scorer</source>
        <translation>スコアラー</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="32" />
        <source>training share</source>
        <translation>学習用の割合</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="33" />
        <source>calibration share</source>
        <translation>較正用の割合</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="34" />
        <source>epochs</source>
        <translation>エポック</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="35" />
        <source>weight decay</source>
        <translation>重み減衰</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="36" />
        <source>device</source>
        <translation>デバイス</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="37" />
        <source>fitted on</source>
        <translation>最適化の目的</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="38" />
        <source>quantization types</source>
        <translation>量子化の種類</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="39" />
        <source>data files</source>
        <translation>データファイル</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="40" />
        <source>column mapping (FIELD=COLUMN)</source>
        <translation>列の対応付け (項目=列)</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="41" />
        <source>validation share</source>
        <translation>検証用の割合</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="42" />
        <source>keep duplicates</source>
        <translation>重複を残す</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="43" />
        <source>near-duplicate threshold (Jaccard)</source>
        <translation>準重複のしきい値 (ジャカード係数)</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="44" />
        <source>convert to thinking format</source>
        <translation>思考形式に変換</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="45" />
        <source>safety labels from run</source>
        <translation>安全ラベルを付ける実行</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="46" />
        <source>review below (top probability)</source>
        <translation>この確率未満は要確認 (最上位の確率)</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="47" />
        <source>hold out safety buckets</source>
        <translation>取り分ける安全区分</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="48" />
        <source>models compared</source>
        <translation>比較するモデル</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="49" />
        <source>new tokens per answer</source>
        <translation>回答あたりの新規トークン数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="50" />
        <source>bootstrap resamples</source>
        <translation>ブートストラップの再標本数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="51" />
        <source>lm-eval task folder</source>
        <translation>lm-eval タスクフォルダ</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="52" />
        <source>items per lm-eval task</source>
        <translation>lm-eval タスクあたりの項目数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="55" />
        <source>gate learning rate</source>
        <translation>ゲートの学習率</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="56" />
        <source>warm-up steps</source>
        <translation>ウォームアップのステップ数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="57" />
        <source>final learning rate (share of the peak)</source>
        <translation>最終学習率 (ピークに対する比率)</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="58" />
        <source>LoRA alpha</source>
        <translation>LoRA の α</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="59" />
        <source>LoRA dropout</source>
        <translation>LoRA ドロップアウト</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="60" />
        <source>gradient norm clip</source>
        <translation>勾配ノルムのクリップ</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="61" />
        <source>gate α frozen for (steps)</source>
        <translation>ゲート α を固定するステップ数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="62" />
        <source>PET λ per phase</source>
        <translation>フェーズごとの PET λ</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="63" />
        <source>PET phase ends</source>
        <translation>PET フェーズの終わり</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="64" />
        <source>optimizer</source>
        <translation>オプティマイザ</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="65" />
        <source>base weights</source>
        <translation>ベースの重み</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="66" />
        <source>compute precision</source>
        <translation>計算精度</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="67" />
        <source>deterministic algorithms</source>
        <translation>決定的アルゴリズム</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="68" />
        <source>gradient checkpointing</source>
        <translation>勾配チェックポイント</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="69" />
        <source>checkpoints kept</source>
        <translation>保持するチェックポイント数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="70" />
        <source>KL probe every (steps)</source>
        <translation>KL プローブの間隔 (ステップ)</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="71" />
        <source>KL probe samples</source>
        <translation>KL プローブのサンプル数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="72" />
        <source>embeddings and norms in fp32</source>
        <translation>埋め込みと正規化を fp32 で保持</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="73" />
        <source>offload activations to CPU</source>
        <translation>活性を CPU に退避</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="74" />
        <source>fused kernels</source>
        <translation>融合カーネル</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="75" />
        <source>training processes</source>
        <translation>学習プロセス数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="76" />
        <source>GPU memory cap (GB)</source>
        <translation>GPU メモリ上限 (GB)</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="77" />
        <source>TensorBoard folder</source>
        <translation>TensorBoard フォルダ</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="54" />
        <source>model folder</source>
        <translation>モデルフォルダ</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="79" />
        <source>strict thinking-tag check</source>
        <translation>思考タグの厳格な検査</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="81" />
        <source>text corpus</source>
        <translation>テキストコーパス</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="82" />
        <source>extra corpus</source>
        <translation>追加コーパス</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="83" />
        <source>tokenizer</source>
        <translation>トークナイザ</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="84" />
        <source>model family</source>
        <translation>モデルの系列</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="85" />
        <source>hidden size</source>
        <translation>隠れ層のサイズ</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="86" />
        <source>layers</source>
        <translation>層</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="87" />
        <source>steps</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="88" />
        <source>tokens per sequence</source>
        <translation>系列あたりのトークン数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="91" />
        <source>preset</source>
        <translation>プリセット</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="92" />
        <source>stages</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="94" />
        <source>method</source>
        <translation>手法</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="95" />
        <source>reward functions</source>
        <translation>報酬関数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="96" />
        <source>what is trained</source>
        <translation>学習対象</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="97" />
        <source>new adapters on top of the frozen ones</source>
        <translation>凍結したアダプタの上に新しいアダプタ</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="98" />
        <source>β (DPO temperature, GRPO KL weight)</source>
        <translation>β (DPO の温度、GRPO の KL の重み)</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="99" />
        <source>DPO loss</source>
        <translation>DPO の損失</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="100" />
        <source>prompts per step</source>
        <translation>1 ステップのプロンプト数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="101" />
        <source>completions per prompt</source>
        <translation>1 プロンプトの生成数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="102" />
        <source>sampling temperature</source>
        <translation>サンプリングの温度</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="103" />
        <source>nucleus sampling mass (top-p)</source>
        <translation>核サンプリングの確率質量 (top-p)</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="104" />
        <source>max tokens per completion</source>
        <translation>1 生成の最大トークン数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="105" />
        <source>updates per rollout</source>
        <translation>1 ロールアウトの更新回数</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="106" />
        <source>clip range ε</source>
        <translation>クリップ範囲 ε</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="111" />
        <source>yes</source>
        <extracomment>Choice words shown in combo boxes (the value stays the engine's).</extracomment>
        <translation>はい</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="112" />
        <source>no</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="113" />
        <source>default</source>
        <translation>既定</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="114" />
        <source>whole model in memory</source>
        <translation>モデル全体をメモリに載せる</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="115" />
        <source>shard by shard, layer by layer</source>
        <translation>シャードごと・層ごと</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="116" />
        <source>trained head</source>
        <translation>学習したヘッド</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="117" />
        <source>the model's own answer words</source>
        <translation>モデル自身の回答語</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="118" />
        <source>NLL</source>
        <translation>NLL</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="119" />
        <source>ECE</source>
        <translation>ECE</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="120" />
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="121" />
        <source>GPU (CUDA)</source>
        <translation>GPU (CUDA)</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="123" />
        <source>DPO (preference pairs)</source>
        <translation>DPO (選好ペア)</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="124" />
        <source>GRPO (sampled groups, rewards)</source>
        <translation>GRPO (サンプルのグループと報酬)</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="125" />
        <source>LoRA adapters</source>
        <translation>LoRA アダプタ</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="126" />
        <source>SO(8) gates</source>
        <translation>SO(8) ゲート</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="127" />
        <source>adapters and gates</source>
        <translation>アダプタとゲート</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="128" />
        <source>sigmoid (DPO)</source>
        <translation>シグモイド (DPO)</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="129" />
        <source>IPO</source>
        <translation>IPO</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="130" />
        <source>full precision</source>
        <translation>完全精度</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="131" />
        <source>on</source>
        <translation>オン</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="132" />
        <source>off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="133" />
        <source>basic (&lt;think&gt;, &lt;final&gt;)</source>
        <translation>基本 (思考、最終回答)</translation>
    </message>
    <message>
        <location filename="../../gui/option_labels.py" line="134" />
        <source>four sections (task, safety, policy, final)</source>
        <translation>四区分 (課題、安全、方針、最終回答)</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <location filename="../../gui/path_field.py" line="21" />
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <location filename="../../gui/path_field.py" line="44" />
        <source>JSON Lines (*.jsonl *.json);;All files (*)</source>
        <translation>JSON Lines (*.jsonl *.json);;すべてのファイル (*)</translation>
    </message>
</context>
<context>
    <name>PlaygroundTab</name>
    <message>
        <location filename="../../gui/playground.py" line="47" />
        <source>Playground</source>
        <extracomment>Streamed text is put into the chat view at most this often (the event loop stays free between).</extracomment>
        <translation>プレイグラウンド</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="55" />
        <location filename="../../gui/playground.py" line="78" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="56" />
        <source>Other file…</source>
        <translation>ほかのファイル…</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="58" />
        <source>Side by side with the base model</source>
        <translation>ベースモデルと並べて比較</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="62" />
        <source>Base model</source>
        <translation>ベースモデル</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="64" />
        <source>Show reasoning</source>
        <translation>推論を表示</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="66" />
        <source>Also show the model's thinking while it streams. It is never written to any file; the audit log records that it was shown.</source>
        <translation>ストリーミング中にモデルの思考も表示します。思考はどのファイルにも書き込まれません。表示したことは監査ログに記録されます。</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="84" />
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="86" />
        <source>Max tokens</source>
        <translation>最大トークン数</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="94" />
        <source>Fine-tuned</source>
        <translation>ファインチューニング後</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="95" />
        <source>Base</source>
        <translation>ベース</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="103" />
        <source>Reasoning (shown only while 'Show reasoning' is on)</source>
        <translation>推論 (「推論を表示」がオンのときだけ表示)</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="108" />
        <source>Prompt</source>
        <translation>プロンプト</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="109" />
        <source>Ask the model… (Enter sends, Esc stops)</source>
        <translation>モデルに質問… (Enter で送信、Esc で停止)</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="110" />
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="112" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="114" />
        <source>Regenerate</source>
        <translation>再生成</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="116" />
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="120" />
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="123" />
        <source>Gate probabilities</source>
        <translation>ゲートの確率</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="149" />
        <source>Audit log</source>
        <translation>監査ログ</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="141" />
        <source>Export audit log…</source>
        <translation>監査ログを書き出す…</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="252" />
        <source>Choose a GGUF file</source>
        <translation>GGUF ファイルを選択</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="253" />
        <source>GGUF files (*.gguf);;All files (*)</source>
        <translation>GGUF ファイル (*.gguf);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="255" />
        <source>Or choose a model folder</source>
        <translation>またはモデルフォルダを選択</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="287" />
        <source>Loading {0}…</source>
        <translation>{0} を読み込み中…</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="335" />
        <source>Generating…</source>
        <translation>生成中…</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="354" />
        <source>gated: T = {0:.3g}{1}</source>
        <translation>ゲートあり: T = {0:.3g}{1}</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="355" />
        <source> (not calibrated)</source>
        <translation> (未較正)</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="357" />
        <source>ungated: no safety head in this run</source>
        <translation>ゲートなし: この実行には安全ヘッドがありません</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="360" />
        <source>Loaded {0}</source>
        <translation>{0} を読み込みました</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="385" />
        <source>{0:.1f} tokens/s</source>
        <translation>{0:.1f} トークン/秒</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="386" />
        <source>Answered ({0})</source>
        <translation>回答しました ({0})</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="394" />
        <source>Error: {0}</source>
        <translation>エラー: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="425" />
        <source>Export the audit log</source>
        <translation>監査ログの書き出し</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="426" />
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="430" />
        <source>Audit log exported: {0}</source>
        <translation>監査ログを書き出しました: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="432" />
        <source>Export failed: {0}</source>
        <translation>書き出しに失敗しました: {0}</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <location filename="../../gui/progress_panel.py" line="38" />
        <location filename="../../gui/progress_panel.py" line="99" />
        <source>idle</source>
        <extracomment>The elapsed time ticks once a second while a stage runs. Rates from here up are shown as whole numbers (four significant figures below it).</extracomment>
        <translation>待機中</translation>
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="102" />
        <source>not ready: {0}</source>
        <translation>準備未完了: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="103" />
        <source>ready: {0} stages planned</source>
        <translation>準備完了: {0} ステージを実行予定</translation>
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="104" />
        <source>{0} of {1} stages done</source>
        <translation>{1} ステージ中 {0} 完了</translation>
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="106" />
        <source>starting</source>
        <translation>開始</translation>
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="111" />
        <source>stage {0} of {1}</source>
        <translation>ステージ {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="116" />
        <source>starting…</source>
        <translation>開始中…</translation>
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="116" />
        <location filename="../../gui/progress_panel.py" line="126" />
        <source>elapsed {0}</source>
        <translation>経過 {0}</translation>
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="119" />
        <source>{0} / {1} {2}</source>
        <translation>{0} / {1} {2}</translation>
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="122" />
        <source>{0} {1}/s</source>
        <translation>{0} {1}/秒</translation>
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="125" />
        <source>{0:,.0f} tokens/s</source>
        <translation>{0:,.0f} tokens/s</translation>
    </message>
    <message>
        <location filename="../../gui/progress_panel.py" line="127" />
        <source>ETA {0}</source>
        <translation>残り {0}</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../gui/i18n.py" line="15" />
        <source>&amp;Look in:</source>
        <extracomment>Qt's own file-dialog texts that the qtbase translations PySide6 ships lack (Qt 6 added their "&amp;" shortcuts, so the old entries no longer match): translated in our own files, which Qt also asks.</extracomment>
        <translation>場所(&amp;L):</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="15" />
        <source>Files of &amp;type:</source>
        <translation>ファイルの種類(&amp;T):</translation>
    </message>
</context>
<context>
    <name>ReliabilityView</name>
    <message>
        <location filename="../../gui/results_views.py" line="60" />
        <location filename="../../gui/results_views.py" line="80" />
        <source>Reliability diagram</source>
        <extracomment>The diagram is drawn at the report's size and scaled to the space it gets, never smaller than this.</extracomment>
        <translation>信頼性ダイアグラム</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="71" />
        <source>No calibration in this run yet.</source>
        <translation>この実行にはまだ較正がありません。</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="80" />
        <source>confidence (top label)</source>
        <translation>確信度 (最上位ラベル)</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="81" />
        <source>accuracy</source>
        <translation>正解率</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="81" />
        <source>perfectly calibrated</source>
        <translation>完全な較正</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="82" />
        <source>before scaling</source>
        <translation>較正前</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="82" />
        <source>after scaling</source>
        <translation>較正後</translation>
    </message>
</context>
<context>
    <name>ReportExport</name>
    <message>
        <location filename="../../gui/report_export.py" line="31" />
        <location filename="../../gui/report_export.py" line="32" />
        <source>writing the report…</source>
        <translation>レポートを書き出しています…</translation>
    </message>
    <message>
        <location filename="../../gui/report_export.py" line="44" />
        <location filename="../../gui/report_export.py" line="47" />
        <source>Report written: {0} ({1} pages)</source>
        <translation>レポートを書き出しました: {0} ({1} ページ)</translation>
    </message>
    <message>
        <location filename="../../gui/report_export.py" line="50" />
        <source>Report failed: {0}</source>
        <translation>レポートの出力に失敗しました: {0}</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <location filename="../../gui/results_views.py" line="109" />
        <location filename="../../gui/results_views.py" line="257" />
        <source>Bake: not run yet.</source>
        <translation>ベイク: 未実行。</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="117" />
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="117" />
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="117" />
        <source>Top-1 vs HF</source>
        <translation>HF との top-1 一致</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="118" />
        <source>Perplexity</source>
        <translation>パープレキシティ</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="118" />
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="119" />
        <location filename="../../gui/results_views.py" line="121" />
        <source>Metric</source>
        <translation>指標</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="119" />
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="121" />
        <source>Before</source>
        <translation>較正前</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="122" />
        <source>After</source>
        <translation>較正後</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="130" />
        <source>No GGUF files in this run yet.</source>
        <translation>この実行にはまだ GGUF ファイルがありません。</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="131" />
        <source>Triality: not run yet.</source>
        <translation>トライアリティ: 未実行。</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="132" />
        <source>GGUF files: sizes and fidelity</source>
        <translation>GGUF ファイル: サイズと忠実度</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="136" />
        <source>Triality safety head (ALLOW / ESCALATION / DENY)</source>
        <translation>トライアリティ安全ヘッド (ALLOW / ESCALATION / DENY)</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="149" />
        <source>Confusion matrix (rows: true class, columns: predicted)</source>
        <translation>混同行列 (行: 正解クラス、列: 予測)</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="162" />
        <source>Stage</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="162" />
        <source>Host memory (peak RSS)</source>
        <translation>ホストメモリ (ピーク RSS)</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="163" />
        <source>GPU allocated</source>
        <translation>GPU 割り当て</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="163" />
        <source>GPU reserved</source>
        <translation>GPU 予約</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="164" />
        <source>GPU on the card (NVML)</source>
        <translation>カード上の GPU (NVML)</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="165" />
        <source>Memory peaks per stage</source>
        <translation>ステージごとのメモリのピーク</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="239" />
        <source>Training: peak GPU memory {0} allocated, {1} on the card (NVML)</source>
        <extracomment>A view per stage without one of its own above (stages from outside so8t), built from its STAGE.</extracomment>
        <translation>学習: GPU メモリのピーク 割り当て {0}、カード上 {1} (NVML)</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="243" />
        <source>; estimate {0:.2f} GiB allocated, {1:.2f} GiB on the card</source>
        <translation>、見積もり 割り当て {0:.2f} GiB、カード上 {1:.2f} GiB</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="246" />
        <source> (activations offloaded)</source>
        <translation> (活性化を退避)</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="260" />
        <location filename="../../gui/results_views.py" line="280" />
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="261" />
        <source>Bake verification {0}: max |Δlogit| {1}, KL {2}, top-1 agreement {3} (noise floor {4}, {5} layers baked)</source>
        <translation>ベイク検証 {0}: 最大 |Δlogit| {1}、KL {2}、top-1 一致率 {3} (ノイズ下限 {4}、{5} 層をベイク)</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="272" />
        <source>not checked</source>
        <translation>未検査</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="273" />
        <source>{0} of {1} positions</source>
        <translation>{1} 位置中 {0}</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="277" />
        <source>({0} vs f16)</source>
        <translation>(f16 比 {0})</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="279" />
        <source>({0} vs HF)</source>
        <translation>(HF 比 {0})</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="291" />
        <source>top-1 at least {0}, perplexity within {1} of HF, tokenizer identical</source>
        <translation>top-1 一致 {0} 以上、パープレキシティは HF との差 {1} 以内、トークナイザ一致</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="294" />
        <source>perplexity within {0} of {1}</source>
        <translation>パープレキシティは {1} との差 {0} 以内</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="295" />
        <source> (the original pipeline's bound)</source>
        <translation> (元のパイプラインの基準)</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="297" />
        <source>float types are judged against the HF model</source>
        <translation>浮動小数点型は HF モデルと比べて判定します</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="310" />
        <source>Accuracy</source>
        <translation>正解率</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="311" />
        <source>Macro F1</source>
        <translation>マクロ F1</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="312" />
        <location filename="../../gui/results_views.py" line="362" />
        <source>NLL</source>
        <translation>NLL</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="313" />
        <location filename="../../gui/results_views.py" line="360" />
        <source>ECE</source>
        <translation>ECE</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="314" />
        <location filename="../../gui/results_views.py" line="361" />
        <source>Brier</source>
        <translation>Brier</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="315" />
        <source>Test samples</source>
        <translation>テストサンプル数</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="320" />
        <source>F1 of {0}</source>
        <translation>{0} の F1</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="337" />
        <source>⚠ Test accuracy {0} is under chance ({1}) + {2} points: the head barely tells the classes apart; do not rely on its decisions.</source>
        <translation>⚠ テスト正解率 {0} は偶然の水準 ({1}) + {2} ポイントを下回っています: ヘッドはクラスをほとんど区別できていません。その判定に頼らないでください。</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="341" />
        <source>⚠ The head predicts {0} for {1} test samples, while {2} are labelled {0}.</source>
        <translation>⚠ ヘッドが {0} と予測したテストサンプルは {1} 件ですが、{0} のラベルは {2} 件あります。</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="344" />
        <source>⚠ At T = {0} the gate decides {1} for {2} test samples, while {3} are labelled {1}: it rarely reaches that decision.</source>
        <translation>⚠ T = {0} ではゲートが {1} と判定したテストサンプルは {2} 件ですが、{1} のラベルは {3} 件あります: ゲートはこの判定にめったに到達しません。</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="353" />
        <source>Calibration: not run yet.</source>
        <translation>較正: 未実行。</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="357" />
        <source>Temperature T = {0} fitted on {1} samples, measured on {2}.</source>
        <translation>温度 T = {0} ({1} サンプルで最適化、{2} サンプルで評価)。</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="154" />
        <source>Calibration</source>
        <translation>較正</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="253" />
        <source>Bake record refused: {0}</source>
        <translation>ベイク記録を読めません: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="260" />
        <location filename="../../gui/results_views.py" line="280" />
        <source>passed</source>
        <translation>合格</translation>
    </message>
</context>
<context>
    <name>RunControl</name>
    <message>
        <location filename="../../gui/run_control.py" line="33" />
        <source>Fix the settings marked in red first.</source>
        <extracomment>Stages that write a model the Playground can load (baked/, gguf/*.gguf): when one finishes, its list is read again.</extracomment>
        <translation>赤で示された設定を先に修正してください。</translation>
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="44" />
        <location filename="../../gui/run_control.py" line="51" />
        <source>new run from {0}</source>
        <translation>{0} から新しい実行</translation>
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="70" />
        <source>Not started: run {0} is still running.</source>
        <translation>開始しませんでした: 実行 {0} がまだ実行中です。</translation>
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="101" />
        <source>Resume cancelled; every checkpoint is kept.</source>
        <translation>再開を取り消しました。チェックポイントはすべて残っています。</translation>
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="126" />
        <source>running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="148" />
        <source>stopping: writing a checkpoint…</source>
        <translation>停止中: チェックポイントを書き込んでいます…</translation>
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="156" />
        <source>Cannot ask the run to stop ({0}).</source>
        <translation>実行に停止を依頼できません ({0})。</translation>
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="161" />
        <source>stopping: the run writes a checkpoint at its next step…</source>
        <translation>停止中: 実行は次のステップでチェックポイントを書き込みます…</translation>
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="170" />
        <source>Following the run again.</source>
        <translation>実行の追跡を再開しました。</translation>
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="173" />
        <source>Following paused: the run goes on; its figures wait until you resume following.</source>
        <translation>追跡を一時停止しました。実行は続いています。数値は追跡を再開すると取り込まれます。</translation>
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="189" />
        <source>Run finished.</source>
        <translation>実行が完了しました。</translation>
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="190" />
        <source>Stopped. Resume continues from the checkpoint written at the stop.</source>
        <translation>停止しました。再開すると停止時に書き込んだチェックポイントから続行します。</translation>
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="191" />
        <source>The stage did not stop in time and was killed; resume from the last checkpoint.</source>
        <translation>ステージが時間内に停止しなかったため強制終了しました。最後のチェックポイントから再開してください。</translation>
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="192" />
        <source>The stage failed; see the log.</source>
        <translation>ステージが失敗しました。ログを確認してください。</translation>
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="193" />
        <source>The stage process ended without finishing; see the log, then resume.</source>
        <translation>ステージのプロセスが完了せずに終了しました。ログを確認してから再開してください。</translation>
    </message>
    <message>
        <location filename="../../gui/run_control.py" line="232" />
        <source>The run followed has ended: {0}.</source>
        <translation>追跡していた実行が終了しました: {0}。</translation>
    </message>
</context>
<context>
    <name>RunList</name>
    <message>
        <location filename="../../gui/run_list.py" line="34" />
        <source>Runs</source>
        <translation>実行一覧</translation>
    </message>
    <message>
        <location filename="../../gui/run_list.py" line="74" />
        <source>This run stopped before it finished (crash, power cut or reboot). Select it and press Resume.</source>
        <extracomment>The run this window runs or follows, and its state as its events tell it (fresher than run.json).</extracomment>
        <translation>この実行は完了前に止まりました (クラッシュ、停電、再起動)。選択して「再開」を押してください。</translation>
    </message>
    <message>
        <location filename="../../gui/run_list.py" line="78" />
        <source>Its run.json cannot be read: {0}. Its checkpoints stay in the folder; start a new run.</source>
        <translation>run.json を読めません: {0}。チェックポイントはフォルダに残っています。新しい実行を始めてください。</translation>
    </message>
</context>
<context>
    <name>RunSettingsPanel</name>
    <message>
        <location filename="../../gui/run_settings_view.py" line="27" />
        <source>Read-only: what this run ran with. Change the form below for a new run.</source>
        <translation>読み取り専用: この実行が使った設定です。新しい実行には下のフォームを変更してください。</translation>
    </message>
    <message>
        <location filename="../../gui/run_settings_view.py" line="29" />
        <source>stage</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <location filename="../../gui/run_settings_view.py" line="29" />
        <source>setting</source>
        <translation>設定項目</translation>
    </message>
    <message>
        <location filename="../../gui/run_settings_view.py" line="29" />
        <source>value</source>
        <translation>値</translation>
    </message>
    <message>
        <location filename="../../gui/run_settings_view.py" line="30" />
        <source>Use these settings</source>
        <translation>この設定を使う</translation>
    </message>
    <message>
        <location filename="../../gui/run_settings_view.py" line="32" />
        <source>Copy this run's settings into the form below</source>
        <translation>この実行の設定を下のフォームにコピー</translation>
    </message>
    <message>
        <location filename="../../gui/run_settings_view.py" line="49" />
        <source>Settings of run {0}</source>
        <translation>実行 {0} の設定</translation>
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <location filename="../../gui/settings_forms.py" line="47" />
        <location filename="../../gui/settings_forms.py" line="184" />
        <source>Model folder (Hugging Face, safetensors)</source>
        <extracomment>Typing in a path field re-validates after this pause, not on every key. Every check of the fields, valid or not (why Run is off may change while it stays off).</extracomment>
        <translation>モデルフォルダ (Hugging Face、safetensors)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="48" />
        <source>Use the demo model</source>
        <translation>デモモデルを使う</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="52" />
        <source>The built-in tiny model, pretrained on the demo corpus at the start of the run: the whole pipeline in minutes on CPU, offline.</source>
        <translation>内蔵の小さなモデル (実行の最初にデモコーパスで事前学習): CPU・オフラインで数分でパイプライン全体を試せます。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="57" />
        <source>SFT data file (JSONL)</source>
        <translation>SFT データファイル (JSONL)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="60" />
        <source>Workspace folder</source>
        <translation>ワークスペースフォルダ</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="65" />
        <source>auto: a K-quant where the model's rows allow it, else Q8_0</source>
        <translation>auto: モデルの行幅が許す場合は K-quant、それ以外は Q8_0</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="70" />
        <location filename="../../gui/settings_forms.py" line="101" />
        <source>Preset</source>
        <extracomment>The preset the hyper-parameters start from: the machine's (12 GB CUDA card or CPU) by default.
----------
The training values' boxes by field name.</extracomment>
        <translation>プリセット</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="77" />
        <source>System language</source>
        <translation>システムの言語</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="84" />
        <source>Model and data</source>
        <translation>モデルとデータ</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="92" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="93" />
        <source>Data</source>
        <translation>データ</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="94" />
        <source>Workspace</source>
        <translation>ワークスペース</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="95" />
        <source>GGUF quantization</source>
        <translation>GGUF 量子化</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="105" />
        <source>GPU memory</source>
        <translation>GPU メモリ</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="109" />
        <source>Options of the later stages (unfold one to change it)</source>
        <translation>後続ステージのオプション (開くと変更できます)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="111" />
        <source>Application</source>
        <translation>アプリケーション</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="113" />
        <source>Language (after restart)</source>
        <translation>言語 (再起動後に反映)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="117" />
        <source>Resume interrupted runs when I log on</source>
        <translation>ログオン時に中断された実行を再開する</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="122" />
        <source>Available on Windows (per-user Run key).</source>
        <translation>Windows で使用できます (ユーザーごとの自動起動レジストリ キー)。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="124" />
        <source>Start at logon</source>
        <translation>ログオン時に開始</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="127" />
        <source>Stages to run</source>
        <translation>実行するステージ</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="183" />
        <source>built-in tiny demo model (pretrained in the run)</source>
        <extracomment>Where other parts of the panel add a line about the run to be started (e.g. a memory estimate).</extracomment>
        <translation>内蔵の小さなデモモデル (実行内で事前学習)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="245" />
        <source>{0}: {1} layers, attention width {2}</source>
        <translation>{0}: {1} 層、attention 幅 {2}</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="287" />
        <source>fix the field marked in red in Settings</source>
        <translation>設定で赤く示された項目を修正してください</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="289" />
        <source>choose a model folder in Settings</source>
        <translation>設定でモデルフォルダを選んでください</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="291" />
        <source>choose a data file in Settings</source>
        <translation>設定でデータファイルを選んでください</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="293" />
        <source>the training settings do not fit the GPU (see the estimate in Settings)</source>
        <translation>学習設定が GPU に収まりません (設定の見積もりを参照)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="294" />
        <source>checking the settings…</source>
        <translation>設定を確認しています…</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="343" />
        <source>Workspace {0} is a file, not a folder: choose a folder.</source>
        <translation>ワークスペース {0} はフォルダではなくファイルです。フォルダを選んでください。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="346" />
        <source>Workspace {0} does not exist, and neither does {1}: choose an existing folder.</source>
        <translation>ワークスペース {0} も {1} も存在しません。既存のフォルダを選んでください。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="356" />
        <source>Workspace {0} does not exist yet: the first run creates it.</source>
        <translation>ワークスペース {0} はまだありません: 最初の実行で作成されます。</translation>
    </message>
</context>
<context>
    <name>StageList</name>
    <message>
        <location filename="../../gui/stage_list.py" line="29" />
        <source>Stages</source>
        <extracomment>Which standard icon shows which state.</extracomment>
        <translation>ステージ</translation>
    </message>
</context>
<context>
    <name>StageOptionsForm</name>
    <message>
        <location filename="../../gui/stage_options.py" line="55" />
        <source>{0}: options</source>
        <extracomment>Stage options the main form already shows in its own way (or the pipeline sets). Stages with a form of their own above (training) or none (the demo's pretraining, the report).</extracomment>
        <translation>{0}: オプション</translation>
    </message>
</context>
<context>
    <name>StageRecordView</name>
    <message>
        <location filename="../../gui/stage_results.py" line="31" />
        <source>Metric</source>
        <translation>指標</translation>
    </message>
    <message>
        <location filename="../../gui/stage_results.py" line="31" />
        <source>Value</source>
        <translation>値</translation>
    </message>
</context>
<context>
    <name>StageSwitches</name>
    <message>
        <location filename="../../gui/stage_switches.py" line="40" />
        <source>Run the stage {0}</source>
        <extracomment>Stages the window always runs when they apply (the demo's pretraining comes with the demo model).</extracomment>
        <translation>ステージ「{0}」を実行</translation>
    </message>
    <message>
        <location filename="../../gui/stage_switches.py" line="41" />
        <source>Run this stage in the new run; off skips it (and the stages that need it).</source>
        <translation>新しい実行でこのステージを実行します。オフにするとこのステージ (とそれを必要とするステージ) をスキップします。</translation>
    </message>
</context>
<context>
    <name>TrainingForm</name>
    <message>
        <location filename="../../gui/training_form.py" line="51" />
        <source>Training</source>
        <extracomment>Hyper-parameters shown in the form (the rest keep the preset's or TrainConfig's values), in display order.</extracomment>
        <translation>学習</translation>
    </message>
</context>
<context>
    <name>TrainingSummary</name>
    <message>
        <location filename="../../gui/training_summary.py" line="28" />
        <source>Training: where each stage ended</source>
        <translation>学習: 各ステージの最終値</translation>
    </message>
    <message>
        <location filename="../../gui/training_summary.py" line="33" />
        <source>Stage</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <location filename="../../gui/training_summary.py" line="33" />
        <source>Final step</source>
        <translation>最終ステップ</translation>
    </message>
    <message>
        <location filename="../../gui/training_summary.py" line="33" />
        <source>Final loss</source>
        <translation>最終損失</translation>
    </message>
    <message>
        <location filename="../../gui/training_summary.py" line="33" />
        <source>Final KL to the base model</source>
        <translation>ベースモデルとの最終 KL</translation>
    </message>
    <message>
        <location filename="../../gui/training_summary.py" line="34" />
        <source>KL: how far the tuned model's next-token distribution is from the base model's.</source>
        <translation>KL: チューニング後モデルの次トークン分布がベースモデルからどれだけ離れているか。</translation>
    </message>
</context>
<context>
    <name>VramEstimatePanel</name>
    <message>
        <location filename="../../gui/vram_estimate.py" line="33" />
        <source>GPU memory estimate</source>
        <extracomment>The card assumed where no NVIDIA driver answers: the target workstation's RTX 3060 (12 GB). Form fields "Use settings that fit" may change (the estimate reads every shown value over the preset's).</extracomment>
        <translation>GPU メモリの見積もり</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="39" />
        <source>GPU memory of the card (GiB)</source>
        <translation>カードの GPU メモリ (GiB)</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="44" />
        <source>Free memory of the GPU (from the driver), or 12 GiB when no NVIDIA driver answers; change it to plan for another card</source>
        <translation>GPU の空きメモリ (ドライバから取得)。NVIDIA ドライバが応答しないときは 12 GiB。別のカードを想定するときは変更してください</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="46" />
        <source>Use settings that fit</source>
        <translation>収まる設定を使う</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="79" />
        <source>Training runs on the CPU with this preset: no GPU memory is used.</source>
        <translation>このプリセットでは学習は CPU で行われます: GPU メモリは使いません。</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="95" />
        <source>The card's memory in use at the peak, as the card counts it (what the Dashboard's VRAM shows): torch's allocated peak of {0:.1f} GiB plus the CUDA context and the allocator's reserve.</source>
        <translation>ピーク時にカードが数える使用メモリ (ダッシュボードの VRAM と同じ値): torch が確保したピーク {0:.1f} GiB に、CUDA コンテキストとアロケータの予約分を加えたものです。</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="116" />
        <source>Estimated peak {0:.1f} GiB of the card's {1:.1f} GiB: fits</source>
        <translation>推定ピーク {0:.1f} GiB / カード {1:.1f} GiB: 収まります</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="118" />
        <source> (with activations offloaded to CPU memory)</source>
        <translation> (活性化を CPU メモリへ退避)</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="120" />
        <source>Estimated peak {0:.1f} GiB, more than the card's {1:.1f} GiB: Run is off</source>
        <translation>推定ピーク {0:.1f} GiB はカードの {1:.1f} GiB を超えます: 実行できません</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="124" />
        <source>. Fits with: {0}</source>
        <translation>。収まる設定: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="127" />
        <source>. No shorter length fits: choose a smaller model or a larger card</source>
        <translation>。短くしても収まりません: より小さいモデルか大きいカードを選んでください</translation>
    </message>
</context>
<context>
    <name>WindowClosing</name>
    <message>
        <location filename="../../gui/window_closing.py" line="49" />
        <source>running on in the background as process {0}</source>
        <extracomment>How long quitting waits for the thread pool's jobs (checkpoint scans, event loading).</extracomment>
        <translation>プロセス {0} としてバックグラウンドで実行を続けます</translation>
    </message>
    <message>
        <location filename="../../gui/window_closing.py" line="67" />
        <source>quitting: stopping the stage with a checkpoint</source>
        <translation>終了中: チェックポイントを書いてステージを停止しています</translation>
    </message>
</context>
<context>
    <name>WindowQuestions</name>
    <message>
        <location filename="../../gui/window_questions.py" line="32" />
        <location filename="../../gui/window_questions.py" line="49" />
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="43" />
        <source>A stage is running</source>
        <translation>ステージが実行中です</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="44" />
        <source>A stage is still running. What should happen to it?</source>
        <translation>ステージがまだ実行中です。どうしますか?</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="45" />
        <source>Keep running in the background</source>
        <translation>バックグラウンドで実行を続ける</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="47" />
        <source>Stop with a checkpoint</source>
        <translation>チェックポイントを書いて停止</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="66" />
        <source>A run is already running</source>
        <translation>実行がすでに進行中です</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="67" />
        <source>Run {0} is still running. A second run shares the GPU with it: both may run out of memory, and both run slower.</source>
        <translation>実行 {0} がまだ実行中です。2 つ目の実行は GPU を共有します。両方がメモリ不足になるおそれがあり、どちらも遅くなります。</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="70" />
        <source>Start the new run anyway?</source>
        <translation>それでも新しい実行を開始しますか?</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="71" />
        <source>Start anyway</source>
        <translation>それでも開始</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="81" />
        <source>Resume from an older checkpoint</source>
        <translation>古いチェックポイントから再開</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="82" />
        <source>Resuming from {0} trains its later steps again. These later checkpoints will be replaced or removed: {1}.</source>
        <translation>{0} から再開すると、それ以降のステップを学習し直します。次の後続チェックポイントは置き換えまたは削除されます: {1}。</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="86" />
        <source>The later stages' checkpoints are kept as they are and shown stale: {0}.</source>
        <translation>後段ステージのチェックポイントはそのまま保持し、古いものとして表示します: {0}。</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="90" />
        <source>Cancel keeps every checkpoint as it is.</source>
        <translation>「キャンセル」を選ぶとチェックポイントはすべてそのまま残ります。</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="92" />
        <source>The stages after training are done again and their results replaced: {0}.</source>
        <translation>学習より後のステージはやり直され、その結果は置き換えられます: {0}。</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="96" />
        <source>Resume from {0}</source>
        <translation>{0} から再開</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="101" />
        <source>Export the report as PDF</source>
        <translation>レポートを PDF に出力</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="102" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF ファイル (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="108" />
        <source>read-only file system</source>
        <translation>読み取り専用のファイルシステム</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="109" />
        <location filename="../../gui/window_questions.py" line="110" />
        <source>permission denied</source>
        <translation>アクセス権がありません</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="111" />
        <source>disk full</source>
        <translation>ディスクがいっぱいです</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="117" />
        <source>Workspace {0} cannot be written ({1}): choose a folder you can write to.</source>
        <translation>ワークスペース {0} に書き込めません ({1})。書き込めるフォルダを選んでください。</translation>
    </message>
    <message>
        <location filename="../../gui/window_questions.py" line="124" />
        <source>The workspace cannot be written</source>
        <translation>ワークスペースに書き込めません</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>Prepare data</source>
        <translation>データの準備</translation>
    </message>
    <message>
        <source>Pretrain demo model</source>
        <translation>デモモデルの事前学習</translation>
    </message>
    <message>
        <source>Train gates (QLoRA)</source>
        <translation>ゲートの学習 (QLoRA)</translation>
    </message>
    <message>
        <source>Align (DPO / GRPO)</source>
        <translation>アライン (DPO / GRPO)</translation>
    </message>
    <message>
        <source>Bake gates into weights</source>
        <translation>ゲートを重みにベイク</translation>
    </message>
    <message>
        <source>Export GGUF</source>
        <translation>GGUF 出力</translation>
    </message>
    <message>
        <source>Quantize GGUF</source>
        <translation>GGUF 量子化</translation>
    </message>
    <message>
        <source>Check GGUF fidelity</source>
        <translation>GGUF 忠実度の検査</translation>
    </message>
    <message>
        <source>Triality safety head</source>
        <translation>トライアリティ安全ヘッド</translation>
    </message>
    <message>
        <source>Calibrate</source>
        <translation>較正</translation>
    </message>
    <message>
        <source>Evaluate (A/B)</source>
        <translation>評価 (A/B)</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>レポート</translation>
    </message>
    <message>
        <source>peak host memory (MiB)</source>
        <translation>ホストメモリのピーク (MiB)</translation>
    </message>
    <message>
        <source>peak GPU memory allocated (MiB)</source>
        <translation>GPU メモリ割り当てのピーク (MiB)</translation>
    </message>
    <message>
        <source>peak GPU memory reserved (MiB)</source>
        <translation>GPU メモリ予約のピーク (MiB)</translation>
    </message>
    <message>
        <source>peak GPU memory, NVML (MiB)</source>
        <translation>GPU メモリのピーク、NVML (MiB)</translation>
    </message>
    <message>
        <source>layers baked</source>
        <translation>ベイクした層</translation>
    </message>
    <message>
        <source>SO(8) blocks</source>
        <translation>SO(8) ブロック</translation>
    </message>
    <message>
        <source>written to</source>
        <translation>書き出し先</translation>
    </message>
    <message>
        <source>weight dtype</source>
        <translation>重みの型</translation>
    </message>
    <message>
        <source>gates</source>
        <translation>ゲート</translation>
    </message>
    <message>
        <source>bake time (s)</source>
        <translation>ベイク時間 (秒)</translation>
    </message>
    <message>
        <source>verification time (s)</source>
        <translation>検証時間 (秒)</translation>
    </message>
    <message>
        <source>verification</source>
        <translation>検証</translation>
    </message>
    <message>
        <source>max |Δlogit|, baked vs gated</source>
        <translation>最大 |Δlogit| (ベイク後とゲート付き)</translation>
    </message>
    <message>
        <source>KL(gated ‖ baked)</source>
        <translation>KL(ゲート付き ‖ ベイク後)</translation>
    </message>
    <message>
        <source>top-1 agreement</source>
        <translation>top-1 一致率</translation>
    </message>
    <message>
        <source>noise floor (fp32 vs float64 logits)</source>
        <translation>ノイズフロア (fp32 と float64 のロジット)</translation>
    </message>
    <message>
        <source>max orthogonality error ‖RᵀR − I‖</source>
        <translation>最大直交誤差 ‖RᵀR − I‖</translation>
    </message>
    <message>
        <source>type</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>positions compared</source>
        <translation>比較した位置数</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>パープレキシティ</translation>
    </message>
    <message>
        <source>perplexity of the HF model</source>
        <translation>HF モデルのパープレキシティ</translation>
    </message>
    <message>
        <source>perplexity vs HF</source>
        <translation>HF 比のパープレキシティ</translation>
    </message>
    <message>
        <source>texts tokenized as by HF</source>
        <translation>HF と同じにトークン化されたテキスト</translation>
    </message>
    <message>
        <source>perplexity of the f16 GGUF</source>
        <translation>f16 GGUF のパープレキシティ</translation>
    </message>
    <message>
        <source>perplexity vs f16</source>
        <translation>f16 比のパープレキシティ</translation>
    </message>
    <message>
        <source>verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>quantization fallbacks</source>
        <translation>量子化のフォールバック</translation>
    </message>
    <message>
        <source>scorer</source>
        <translation>スコアラー</translation>
    </message>
    <message>
        <source>training items</source>
        <translation>学習用の件数</translation>
    </message>
    <message>
        <source>calibration items</source>
        <translation>較正用の件数</translation>
    </message>
    <message>
        <source>test items</source>
        <translation>テスト用の件数</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>正解率</translation>
    </message>
    <message>
        <source>macro F1</source>
        <translation>マクロ F1</translation>
    </message>
    <message>
        <source>negative log-likelihood</source>
        <translation>負の対数尤度</translation>
    </message>
    <message>
        <source>expected calibration error</source>
        <translation>期待較正誤差</translation>
    </message>
    <message>
        <source>Brier score</source>
        <translation>Brier スコア</translation>
    </message>
    <message>
        <source>training accuracy</source>
        <translation>学習データでの正解率</translation>
    </message>
    <message>
        <source>final head loss</source>
        <translation>ヘッドの最終損失</translation>
    </message>
    <message>
        <source>head file</source>
        <translation>ヘッドのファイル</translation>
    </message>
    <message>
        <source>temperature T</source>
        <translation>温度 T</translation>
    </message>
    <message>
        <source>fitted on</source>
        <translation>最適化の目的</translation>
    </message>
    <message>
        <source>T at the search bound</source>
        <translation>T が探索範囲の端</translation>
    </message>
    <message>
        <source>ECE before</source>
        <translation>較正前の ECE</translation>
    </message>
    <message>
        <source>ECE after</source>
        <translation>較正後の ECE</translation>
    </message>
    <message>
        <source>Brier before</source>
        <translation>較正前の Brier</translation>
    </message>
    <message>
        <source>Brier after</source>
        <translation>較正後の Brier</translation>
    </message>
    <message>
        <source>NLL before</source>
        <translation>較正前の NLL</translation>
    </message>
    <message>
        <source>NLL after</source>
        <translation>較正後の NLL</translation>
    </message>
    <message>
        <source>ECE reduction</source>
        <translation>ECE の減少</translation>
    </message>
    <message>
        <source>Brier reduction</source>
        <translation>Brier の減少</translation>
    </message>
    <message>
        <source>NLL reduction</source>
        <translation>NLL の減少</translation>
    </message>
    <message>
        <source>scored from</source>
        <translation>スコアの算出元</translation>
    </message>
    <message>
        <source>objective before (calibration split)</source>
        <translation>較正前の目的関数 (較正用分割)</translation>
    </message>
    <message>
        <source>objective after (calibration split)</source>
        <translation>較正後の目的関数 (較正用分割)</translation>
    </message>
    <message>
        <source>run folder</source>
        <translation>実行フォルダ</translation>
    </message>
    <message>
        <source>final step</source>
        <translation>最終ステップ</translation>
    </message>
    <message>
        <source>steps planned</source>
        <translation>予定ステップ数</translation>
    </message>
    <message>
        <source>steps run in the last attempt</source>
        <translation>最後の試行で実行したステップ数</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>resumed from</source>
        <translation>再開元</translation>
    </message>
    <message>
        <source>last checkpoint</source>
        <translation>最後のチェックポイント</translation>
    </message>
    <message>
        <source>final loss</source>
        <translation>最終損失</translation>
    </message>
    <message>
        <source>tokens per second (median)</source>
        <translation>毎秒トークン数 (中央値)</translation>
    </message>
    <message>
        <source>peak memory of the stage process (MB)</source>
        <translation>ステージのプロセスのメモリのピーク (MB)</translation>
    </message>
    <message>
        <source>tokens per second (mean)</source>
        <translation>毎秒トークン数 (平均)</translation>
    </message>
    <message>
        <source>recompiles after the first step</source>
        <translation>最初のステップ後の再コンパイル数</translation>
    </message>
    <message>
        <source>compile time (s)</source>
        <translation>コンパイル時間 (秒)</translation>
    </message>
    <message>
        <source>trainable parameters</source>
        <translation>学習対象パラメータ数</translation>
    </message>
    <message>
        <source>LoRA target layers</source>
        <translation>LoRA を付ける層</translation>
    </message>
    <message>
        <source>time (s)</source>
        <translation>時間 (秒)</translation>
    </message>
    <message>
        <source>stopped by signal</source>
        <translation>停止したシグナル</translation>
    </message>
    <message>
        <source>kind of samples</source>
        <translation>サンプルの種類</translation>
    </message>
    <message>
        <source>samples read</source>
        <translation>読み込んだサンプル数</translation>
    </message>
    <message>
        <source>samples written</source>
        <translation>書き出したサンプル数</translation>
    </message>
    <message>
        <source>training samples</source>
        <translation>学習用サンプル数</translation>
    </message>
    <message>
        <source>validation samples</source>
        <translation>検証用サンプル数</translation>
    </message>
    <message>
        <source>samples by kind</source>
        <translation>種類ごとのサンプル数</translation>
    </message>
    <message>
        <source>dropped, by reason</source>
        <translation>除外 (理由別)</translation>
    </message>
    <message>
        <source>files and shapes</source>
        <translation>ファイルと形式</translation>
    </message>
    <message>
        <source>duplicates kept</source>
        <translation>重複を保持</translation>
    </message>
    <message>
        <source>duplicate clusters</source>
        <translation>重複クラスタ数</translation>
    </message>
    <message>
        <source>max_length (tokens)</source>
        <translation>max_length (トークン)</translation>
    </message>
    <message>
        <source>mean tokens per sample</source>
        <translation>サンプルあたりの平均トークン数</translation>
    </message>
    <message>
        <source>trained (assistant) tokens</source>
        <translation>学習対象 (アシスタント) のトークン数</translation>
    </message>
    <message>
        <source>prompt tokens</source>
        <translation>プロンプトのトークン数</translation>
    </message>
    <message>
        <source>share cut at max_length</source>
        <translation>max_length で切られる割合</translation>
    </message>
    <message>
        <source>tokens lost at max_length</source>
        <translation>max_length で失われるトークン数</translation>
    </message>
    <message>
        <source>thinking-format compliance</source>
        <translation>思考形式への準拠</translation>
    </message>
    <message>
        <source>token lengths</source>
        <translation>トークン長</translation>
    </message>
    <message>
        <source>measured with</source>
        <translation>計測に使ったトークナイザ</translation>
    </message>
    <message>
        <source>random seed</source>
        <translation>乱数シード</translation>
    </message>
    <message>
        <source>validation share</source>
        <translation>検証用の割合</translation>
    </message>
    <message>
        <source>method</source>
        <translation>手法</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>started from</source>
        <translation>開始点</translation>
    </message>
    <message>
        <source>preference accuracy</source>
        <translation>選好の正解率</translation>
    </message>
    <message>
        <source>reward margin</source>
        <translation>報酬の差</translation>
    </message>
    <message>
        <source>β</source>
        <translation>β</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>pairs per second (median)</source>
        <translation>1 秒あたりのペア数 (中央値)</translation>
    </message>
    <message>
        <source>seconds per step (median)</source>
        <translation>1 ステップの秒数 (中央値)</translation>
    </message>
    <message>
        <source>reference pass (s)</source>
        <translation>参照の計算 (秒)</translation>
    </message>
    <message>
        <source>trained</source>
        <translation>学習対象</translation>
    </message>
    <message>
        <source>held-out set</source>
        <translation>評価用データ</translation>
    </message>
    <message>
        <source>held-out items</source>
        <translation>評価項目数</translation>
    </message>
    <message>
        <source>compared</source>
        <translation>比較</translation>
    </message>
    <message>
        <source>in plain words</source>
        <translation>要約</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>conversations</source>
        <translation>会話</translation>
    </message>
    <message>
        <source>pairs</source>
        <translation>選好ペア</translation>
    </message>
    <message>
        <source>prompts</source>
        <translation>プロンプト</translation>
    </message>
    <message>
        <source>labelled</source>
        <translation>ラベル付き</translation>
    </message>
    <message>
        <source>adapters</source>
        <translation>アダプタ</translation>
    </message>
    <message>
        <source>both</source>
        <translation>両方</translation>
    </message>
    <message>
        <source>Training curves: loss, KL, VRAM</source>
        <translation>学習曲線: 損失、KL、VRAM</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Training curves: loss, KL</source>
        <translation>学習曲線: 損失、KL</translation>
    </message>
    <message>
        <source>Bake verification</source>
        <translation>ベイク検証</translation>
    </message>
    <message>
        <source>GGUF files and fidelity</source>
        <translation>GGUF ファイルと忠実度</translation>
    </message>
    <message>
        <source>Triality safety head (ALLOW / ESCALATION / DENY)</source>
        <translation>トライアリティ安全ヘッド (ALLOW / ESCALATION / DENY)</translation>
    </message>
    <message>
        <source>Calibration and reliability diagram</source>
        <translation>較正と信頼性ダイアグラム</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>チェックポイント</translation>
    </message>
    <message>
        <source>Memory peaks per stage</source>
        <translation>ステージごとのメモリのピーク</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>未実行</translation>
    </message>
    <message>
        <source>running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>スキップ</translation>
    </message>
    <message>
        <source>file</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>top-1 vs HF</source>
        <translation>HF との top-1 一致</translation>
    </message>
    <message>
        <source>result</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>KL below 1e-5</source>
        <translation>KL が 1e-5 未満</translation>
    </message>
    <message>
        <source>every top-1 token agrees</source>
        <translation>top-1 トークンがすべて一致</translation>
    </message>
    <message>
        <source>bake error within the fp32 noise floor</source>
        <translation>ベイク誤差が fp32 のノイズフロア以内</translation>
    </message>
    <message>
        <source>all figures finite</source>
        <translation>すべての値が有限</translation>
    </message>
    <message>
        <source>the saved folder reloads to the same logits</source>
        <translation>保存したフォルダを読み込み直しても同じロジット</translation>
    </message>
    <message>
        <source>class</source>
        <translation>クラス</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>適合率</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>再現率</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>support</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Bake verification {0}: max |Δlogit| {1}, KL {2}, top-1 agreement {3}</source>
        <translation>ベイク検証 {0}: 最大 |Δlogit| {1}、KL {2}、top-1 一致率 {3}</translation>
    </message>
    <message>
        <source>true \ predicted</source>
        <translation>正解 \ 予測</translation>
    </message>
    <message>
        <source>Confusion matrix (test split)</source>
        <translation>混同行列 (テスト分割)</translation>
    </message>
    <message>
        <source>Per class (test split)</source>
        <translation>クラス別 (テスト分割)</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指標</translation>
    </message>
    <message>
        <source>before (T = 1)</source>
        <translation>較正前 (T = 1)</translation>
    </message>
    <message>
        <source>Test split, before and after temperature scaling</source>
        <translation>テスト分割、温度スケーリングの前後</translation>
    </message>
    <message>
        <source>writing this report</source>
        <translation>このレポートを作成中</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>stage</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <source>state</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>attempts</source>
        <translation>試行回数</translation>
    </message>
    <message>
        <source>Reliability diagram: accuracy per confidence bin against the diagonal; the number over each bar is the bin's item count.</source>
        <translation>信頼性ダイアグラム: 確信度のビンごとの正解率を対角線と比べたもの。棒の上の数はビンの件数です。</translation>
    </message>
    <message>
        <source>Peaks of each stage's process; a dash where it was not measured (no GPU).</source>
        <translation>各ステージのプロセスのピーク。測定していない値 (GPU なし) はダッシュ。</translation>
    </message>
    <message>
        <source>pinned</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>why not</source>
        <translation>無効の理由</translation>
    </message>
    <message>
        <source> ({0} vs f16)</source>
        <translation> (f16 比 {0})</translation>
    </message>
    <message>
        <source>{0:.2%} of {1}</source>
        <translation>{1} 位置中 {0:.2%}</translation>
    </message>
    <message>
        <source>after (T = {0})</source>
        <translation>較正後 (T = {0})</translation>
    </message>
    <message>
        <source>criterion</source>
        <translation>基準</translation>
    </message>
    <message>
        <source>met</source>
        <translation>満たす</translation>
    </message>
    <message>
        <source>Criteria</source>
        <translation>基準</translation>
    </message>
    <message>
        <source>setting</source>
        <translation>設定項目</translation>
    </message>
    <message>
        <source>value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>{0} — generated {1}, {2} events</source>
        <translation>{0} — 作成 {1}、イベント {2} 件</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>未検査</translation>
    </message>
    <message>
        <source> ({0} vs HF)</source>
        <translation> (HF 比 {0})</translation>
    </message>
    <message>
        <source>Not in this run yet: {0}.</source>
        <translation>この実行にはまだありません: {0}。</translation>
    </message>
    <message>
        <source>Refused {0} record: {1}</source>
        <translation>{0} の記録を拒否しました: {1}</translation>
    </message>
    <message>
        <source>{0} more rows not shown</source>
        <translation>ほか {0} 行は省略</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>no</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>peak GPU memory {0:.2f} GiB allocated</source>
        <translation>GPU メモリのピーク 割り当て {0:.2f} GiB</translation>
    </message>
    <message>
        <source> (activations offloaded)</source>
        <translation> (活性化を退避)</translation>
    </message>
    <message>
        <source>{0} values</source>
        <translation>{0} 個の値</translation>
    </message>
    <message>
        <source>{0} fields</source>
        <translation>{0} 項目</translation>
    </message>
    <message>
        <source>, {0:.2f} GiB on the card (NVML)</source>
        <translation>、カード上 {0:.2f} GiB (NVML)</translation>
    </message>
    <message>
        <source>; estimate {0:.2f} GiB allocated, {1:.2f} GiB on the card</source>
        <translation>、見積もり 割り当て {0:.2f} GiB、カード上 {1:.2f} GiB</translation>
    </message>
    <message>
        <source>{0} — page {1}</source>
        <translation>{0} — {1} ページ</translation>
    </message>
    <message>
        <source>Reliability diagram</source>
        <translation>信頼性ダイアグラム</translation>
    </message>
    <message>
        <source>confidence (top label)</source>
        <translation>確信度 (最上位ラベル)</translation>
    </message>
    <message>
        <source>perfectly calibrated</source>
        <translation>完全な較正</translation>
    </message>
    <message>
        <source>before scaling</source>
        <translation>較正前</translation>
    </message>
    <message>
        <source>after scaling</source>
        <translation>較正後</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>学習損失</translation>
    </message>
    <message>
        <source>KL(base ‖ now) on the probe batch</source>
        <translation>プローブバッチでの KL(ベース ‖ 現在)</translation>
    </message>
    <message>
        <source>KL (nats)</source>
        <translation>KL (nat)</translation>
    </message>
    <message>
        <source>VRAM used</source>
        <translation>VRAM 使用量</translation>
    </message>
    <message>
        <source>seconds since the run began</source>
        <translation>実行開始からの秒数</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>Align loss (DPO / GRPO)</source>
        <translation>アラインの損失 (DPO / GRPO)</translation>
    </message>
    <message>
        <source>align step</source>
        <translation>アラインのステップ</translation>
    </message>
    <message>
        <source>Reward (weighted sum, mean over the group)</source>
        <translation>報酬 (重み付き和、グループ平均)</translation>
    </message>
    <message>
        <source>reward</source>
        <translation>報酬</translation>
    </message>
    <message>
        <source>KL to the starting policy (k3)</source>
        <translation>開始方策への KL (k3)</translation>
    </message>
    <message>
        <source>Preference accuracy</source>
        <translation>選好の正解率</translation>
    </message>
    <message>
        <source>share of pairs</source>
        <translation>ペアの割合</translation>
    </message>
    <message>
        <source>Reward margin (chosen − rejected)</source>
        <translation>報酬の差 (選択 − 却下)</translation>
    </message>
    <message>
        <source>β · log-ratio</source>
        <translation>β · 対数比</translation>
    </message>
    <message>
        <source>Groups whose rewards all tie</source>
        <translation>報酬がすべて同点のグループ</translation>
    </message>
    <message>
        <source>share of groups</source>
        <translation>グループの割合</translation>
    </message>
    <message>
        <source>Peak CUDA memory of the training process</source>
        <translation>学習プロセスの CUDA メモリのピーク</translation>
    </message>
    <message>
        <source>card limit {0:.0f} MiB</source>
        <translation>カード上限 {0:.0f} MiB</translation>
    </message>
    <message>
        <source>SO8T report — {0}</source>
        <translation>SO8T レポート — {0}</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>std</source>
        <translation>標準偏差</translation>
    </message>
    <message>
        <source>Rewards over the last 10 steps</source>
        <translation>直近 10 ステップの報酬</translation>
    </message>
    <message>
        <source>base</source>
        <translation>ベース</translation>
    </message>
    <message>
        <source>tuned</source>
        <translation>チューニング後</translation>
    </message>
    <message>
        <source>delta</source>
        <translation>差</translation>
    </message>
    <message>
        <source>95 % CI of the delta</source>
        <translation>差の 95 % 信頼区間</translation>
    </message>
    <message>
        <source>McNemar p</source>
        <translation>McNemar p 値</translation>
    </message>
    <message>
        <source>GGUF</source>
        <translation>GGUF</translation>
    </message>
    <message>
        <source>prompt tokens/s</source>
        <translation>プロンプト トークン/秒</translation>
    </message>
    <message>
        <source>generation tokens/s</source>
        <translation>生成 トークン/秒</translation>
    </message>
    <message>
        <source>prompt tokens/s (llama.cpp)</source>
        <translation>プロンプト トークン/秒 (llama.cpp)</translation>
    </message>
    <message>
        <source>generation tokens/s (llama.cpp)</source>
        <translation>生成 トークン/秒 (llama.cpp)</translation>
    </message>
    <message>
        <source>Greedy generation speed in llama.cpp</source>
        <translation>llama.cpp での貪欲生成の速度</translation>
    </message>
    <message>
        <source>A/B on {0} held-out items ({1})</source>
        <translation>評価項目 {0} 件での A/B ({1})</translation>
    </message>
    <message>
        <source>Collapsed text: {0}</source>
        <translation>崩壊した文章: {0}</translation>
    </message>
    <message>
        <source>held-out loss (nats per answer token)</source>
        <translation>評価用損失 (回答トークンあたり nat)</translation>
    </message>
    <message>
        <source>answer match</source>
        <translation>回答一致</translation>
    </message>
    <message>
        <source>exact match</source>
        <translation>完全一致</translation>
    </message>
    <message>
        <source>numeric match</source>
        <translation>数値一致</translation>
    </message>
    <message>
        <source>contains match</source>
        <translation>包含一致</translation>
    </message>
    <message>
        <source>format compliance</source>
        <translation>思考形式の遵守</translation>
    </message>
    <message>
        <source>refusals on DENY prompts</source>
        <translation>DENY プロンプトでの拒否</translation>
    </message>
    <message>
        <source>false refusals on ALLOW prompts</source>
        <translation>ALLOW プロンプトでの誤拒否</translation>
    </message>
    <message>
        <source>answers the head judges DENY</source>
        <translation>ヘッドが DENY と判定した回答</translation>
    </message>
    <message>
        <source>distinct-2 of the answers</source>
        <translation>回答の distinct-2</translation>
    </message>
    <message>
        <source>repeated 4-grams in the answers</source>
        <translation>回答中の繰り返し 4-gram</translation>
    </message>
    <message>
        <source>collapse flag</source>
        <translation>崩壊フラグ</translation>
    </message>
    <message>
        <source>nats</source>
        <translation>nat</translation>
    </message>
    <message>
        <source>points</source>
        <translation>ポイント</translation>
    </message>
    <message>
        <source>{0} by {1} {2} (95 % CI {3} to {4})</source>
        <translation>{0}で {1} {2} (95 % 信頼区間 {3}〜{4})</translation>
    </message>
    <message>
        <source>{0} and {1} answer alike on this set</source>
        <translation>このデータでは {0} と {1} の回答に差はありません</translation>
    </message>
    <message>
        <source>{0} is better on {1}</source>
        <translation>{0} は {1} で優れています</translation>
    </message>
    <message>
        <source>no clear difference on {0}</source>
        <translation>{0} では明確な差はありません</translation>
    </message>
    <message>
        <source>{0}'s text has collapsed (repetitive answers)</source>
        <translation>{0} の文章は崩壊しています (繰り返しの回答)</translation>
    </message>
    <message>
        <source>worse on {0}</source>
        <translation>{0} で劣ります</translation>
    </message>
    <message>
        <source>{1} is worse on {0}</source>
        <translation>{1} は {0} で劣ります</translation>
    </message>
    <message>
        <source>no evaluation</source>
        <translation>評価なし</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>報酬</translation>
    </message>
    <message>
        <source>mean reward</source>
        <translation>平均報酬</translation>
    </message>
    <message>
        <source>Training speed</source>
        <translation>学習速度</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>tokens/s</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(未設定)</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>実行</translation>
    </message>
    <message>
        <source>Curves overlaid</source>
        <translation>曲線の重ね描き</translation>
    </message>
    <message>
        <source>Settings that differ</source>
        <translation>異なる設定</translation>
    </message>
    <message>
        <source>Evaluation (A/B)</source>
        <translation>評価 (A/B)</translation>
    </message>
    <message>
        <source>SO8T comparison — {0}</source>
        <translation>SO8T 比較 — {0}</translation>
    </message>
    <message>
        <source>The runs ran every stage with the same options.</source>
        <translation>どの実行もすべてのステージを同じオプションで実行しました。</translation>
    </message>
    <message>
        <source>Runs: {0}. Settings that differ: {1}.</source>
        <translation>実行 {0} 件、異なる設定 {1} 件。</translation>
    </message>
    <message>
        <source>run</source>
        <translation>実行</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>フォルダ</translation>
    </message>
    <message>
        <source>No curves in these runs yet.</source>
        <translation>これらの実行にはまだ曲線がありません。</translation>
    </message>
</context>
</TS>