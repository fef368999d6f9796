<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ja_JP">
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../gui/playground.py" line="108" />
        <source>You</source>
        <extracomment>Streamed text is put into the chat view at most this often (the event loop stays free between). Badge colours per verdict (background, text).</extracomment>
        <translation>あなた</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="131" />
        <source>final</source>
        <translation>最終回答</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="133" />
        <source>Refused: the model was not asked.</source>
        <translation>拒否: モデルには問い合わせていません。</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="137" />
        <source>Needs review</source>
        <translation>要レビュー</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="137" />
        <source>show the held answer</source>
        <translation>保留中の回答を表示</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="141" />
        <source>(no final answer: the model's output had thinking but no final section)</source>
        <translation>(最終回答なし: モデルの出力に思考はありましたが最終セクションがありません)</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="143" />
        <source>{0} tokens</source>
        <translation>{0} トークン</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="145" />
        <source>, {0:.1f} tokens/s</source>
        <translation>、{0:.1f} トークン/秒</translation>
    </message>
</context>
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
        <location filename="../../gui/dashboard.py" line="115" />
        <source>VRAM</source>
        <extracomment>Each plot redraws at most 10 times a second: smooth to the eye, and the GUI thread stays free for input. The plots take turns, so the timer ticks every REDRAW_INTERVAL_MS / number of plots. Points kept per curve. When a buffer fills, every other point is dropped, so a curve always spans the whole run at bounded memory (a 1M-step run keeps 20k points, ~320 KiB per curve). Stepped axis ranges: the x axis grows by this factor when the data reaches its end, the y axis gets this much padding, and a range is refitted when the data fills less than this fraction of it. Room for tick labels such as "12000" or "0.0035" beside each plot. The demo's pretraining loss: its own curve on the loss plot (its steps are not training steps). Telemetry written into metric events (by the stage or saved from the sampler) also draws here.</extracomment>
        <translation>VRAM</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="115" />
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="115" />
        <location filename="../../gui/dashboard.py" line="116" />
        <location filename="../../gui/dashboard.py" line="117" />
        <location filename="../../gui/dashboard.py" line="118" />
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="116" />
        <source>GPU utilisation</source>
        <translation>GPU 使用率</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="117" />
        <source>GPU temperature</source>
        <translation>GPU 温度</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="118" />
        <source>GPU power</source>
        <translation>GPU 電力</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="119" />
        <source>Loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="119" />
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="119" />
        <location filename="../../gui/dashboard.py" line="120" />
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="120" />
        <source>KL to base</source>
        <translation>ベースとの KL</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="120" />
        <source>nats</source>
        <translation>nat</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="126" />
        <source>used (card)</source>
        <translation>使用量 (カード全体)</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="127" />
        <source>this run</source>
        <translation>この実行</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="131" />
        <source>training</source>
        <translation>学習</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="132" />
        <source>demo pretraining</source>
        <translation>デモの事前学習</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="137" />
        <source>card limit</source>
        <translation>カード上限</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="144" />
        <source>no NVIDIA GPU</source>
        <translation>NVIDIA GPU なし</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="150" />
        <source>No GPU telemetry yet.</source>
        <translation>GPU テレメトリはまだありません。</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="216" />
        <source>card limit {0:.0f} MiB</source>
        <extracomment>Curves drawn on each plot (redrawn together).</extracomment>
        <translation>カード上限 {0:.0f} MiB</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="222" />
        <source>No NVIDIA GPU: telemetry is off.</source>
        <translation>NVIDIA GPU がありません: テレメトリは無効です。</translation>
    </message>
    <message>
        <location filename="../../gui/dashboard.py" line="241" />
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
        <location filename="../../gui/main_window.py" line="128" />
        <source>SO8T Control Panel</source>
        <extracomment>After a checkpoint event the table rescans a moment later (the manifest is written last). How often the window rescans the run list and follows a run that another process runs. How long quitting waits for the thread pool's jobs (checkpoint scans, event loading). Unix niceness of a stage process (Windows: below-normal priority class): the window keeps its share of a CPU that the stage saturates.</extracomment>
        <translation>SO8T コントロールパネル</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="139" />
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="139" />
        <location filename="../../gui/main_window.py" line="331" />
        <source>Start a new run (Ctrl+R)</source>
        <translation>新しい実行を開始 (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="140" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="142" />
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="143" />
        <source>Continue the selected run from its newest valid checkpoint</source>
        <translation>選択した実行を最新の有効なチェックポイントから再開</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="144" />
        <source>Export PDF</source>
        <translation>PDF を出力</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="145" />
        <source>Write the selected run's report as a PDF (Ctrl+E)</source>
        <translation>選択した実行のレポートを PDF に書き出す (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="151" />
        <source>idle</source>
        <translation>待機中</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="160" />
        <source>Resume it</source>
        <translation>再開する</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="162" />
        <source>Not now</source>
        <translation>後で</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="183" />
        <source>Runs</source>
        <translation>実行一覧</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="188" />
        <source>Stages</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="200" />
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="201" />
        <source>Dashboard</source>
        <translation>ダッシュボード</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="202" />
        <source>Checkpoints</source>
        <translation>チェックポイント</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="203" />
        <source>Results</source>
        <translation>結果</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="204" />
        <source>Log</source>
        <translation>ログ</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="206" />
        <source>Playground</source>
        <translation>プレイグラウンド</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="329" />
        <source>Choose a valid model folder and data file first</source>
        <translation>先に有効なモデルフォルダとデータファイルを選んでください</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="358" />
        <source> ({0} more in the run list)</source>
        <translation> (実行一覧にほか {0} 件)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="360" />
        <source>Run {0} was interrupted before it finished (stages left: {1}){2}. Resuming continues from its newest valid checkpoint.</source>
        <translation>実行 {0} は完了前に中断されました (残りのステージ: {1}){2}。再開すると最新の有効なチェックポイントから続行します。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="402" />
        <source>This run is running in another process; following its events.</source>
        <translation>この実行は別のプロセスで実行中です。イベントを追跡しています。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="458" />
        <source>Fix the settings marked in red first.</source>
        <translation>赤で示された設定を先に修正してください。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="462" />
        <source>new run from {0}</source>
        <translation>{0} から新しい実行</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="141" />
        <source>Stop the running stage; training writes a checkpoint first (Ctrl+.)</source>
        <translation>実行中のステージを停止 (学習は先にチェックポイントを書き込みます) (Ctrl+.)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="485" />
        <source>Resume cancelled; every checkpoint is kept.</source>
        <translation>再開を取り消しました。チェックポイントはすべて残っています。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="494" />
        <source>Resume from an older checkpoint</source>
        <translation>古いチェックポイントから再開</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="495" />
        <source>Resuming from {0} trains its later steps again. These later checkpoints will be replaced or removed: {1}.</source>
        <translation>{0} から再開すると、それ以降のステップを再学習します。次の後続チェックポイントは置き換えまたは削除されます: {1}。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="497" />
        <source>Cancel keeps every checkpoint as it is.</source>
        <translation>キャンセルするとチェックポイントはすべてそのまま残ります。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="498" />
        <source>Resume from {0}</source>
        <translation>{0} から再開</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="538" />
        <source>starting…</source>
        <translation>開始中…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="539" />
        <source>running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="555" />
        <source>stopping: writing a checkpoint…</source>
        <translation>停止中: チェックポイントを書き込んでいます…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="557" />
        <source>stopping…</source>
        <translation>停止中…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="617" />
        <source>{0}: starting…</source>
        <translation>{0}: 開始中…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="625" />
        <source>checkpoint at step {0}: {1}</source>
        <translation>ステップ {0} のチェックポイント: {1}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="636" />
        <source>Run finished.</source>
        <translation>実行が完了しました。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="637" />
        <source>Stopped. Resume continues from the checkpoint written at the stop.</source>
        <translation>停止しました。再開すると停止時に書き込んだチェックポイントから続行します。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="638" />
        <source>The stage did not stop in time and was killed; resume from the last checkpoint.</source>
        <translation>ステージが時間内に停止しなかったため強制終了しました。最後のチェックポイントから再開してください。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="639" />
        <source>The stage failed; see the log.</source>
        <translation>ステージが失敗しました。ログを確認してください。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="640" />
        <source>The stage process crashed; see the log, then resume.</source>
        <translation>ステージのプロセスがクラッシュしました。ログを確認してから再開してください。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="694" />
        <source>writing the report…</source>
        <translation>レポートを書き出しています…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="696" />
        <source>report…</source>
        <translation>レポート…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="703" />
        <source>report written</source>
        <translation>レポート出力済み</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="703" />
        <source>report failed</source>
        <translation>レポート失敗</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="706" />
        <source>Report written: {0}</source>
        <translation>レポートを書き出しました: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="710" />
        <source>Report failed: {0}</source>
        <translation>レポートの出力に失敗しました: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="724" />
        <source>The language changes when the panel is started again.</source>
        <translation>言語はパネルの次回起動時に切り替わります。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="732" />
        <source>A stage is running</source>
        <translation>ステージが実行中です</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="733" />
        <source>A stage is still running. What should happen to it?</source>
        <translation>ステージがまだ実行中です。どうしますか?</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="734" />
        <source>Keep running in the background</source>
        <translation>バックグラウンドで実行を続ける</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="735" />
        <source>Stop with a checkpoint</source>
        <translation>チェックポイントを書いて停止</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="787" />
        <source>quitting: stopping the stage with a checkpoint</source>
        <translation>終了中: チェックポイントを書いてステージを停止しています</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="499" />
        <location filename="../../gui/main_window.py" line="736" />
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <location filename="../../gui/settings_forms.py" line="93" />
        <source>Browse…</source>
        <extracomment>Typing in a path field re-validates after this pause, not on every key. Hyper-parameters shown in the form (the rest keep the preset's or TrainConfig's values), in display order.</extracomment>
        <translation>参照…</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="116" />
        <source>JSON Lines (*.jsonl *.json);;All files (*)</source>
        <translation>JSON Lines (*.jsonl *.json);;すべてのファイル (*)</translation>
    </message>
</context>
<context>
    <name>PlaygroundTab</name>
    <message>
        <location filename="../../gui/playground.py" line="175" />
        <source>Playground</source>
        <translation>プレイグラウンド</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="183" />
        <location filename="../../gui/playground.py" line="206" />
        <location filename="../../gui/playground.py" line="264" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="184" />
        <source>Other file…</source>
        <translation>ほかのファイル…</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="186" />
        <source>Side by side with the base model</source>
        <translation>ベースモデルと並べて比較</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="190" />
        <source>Base model</source>
        <translation>ベースモデル</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="192" />
        <source>Show reasoning</source>
        <translation>推論を表示</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="194" />
        <source>Also show the model's thinking while it streams. It is never written to any file; the audit log records that it was shown.</source>
        <translation>ストリーミング中にモデルの思考も表示します。思考はどのファイルにも書き込まれません。表示したことは監査ログに記録されます。</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="212" />
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="214" />
        <source>Max tokens</source>
        <translation>最大トークン数</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="222" />
        <source>Fine-tuned</source>
        <translation>ファインチューニング後</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="223" />
        <source>Base</source>
        <translation>ベース</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="231" />
        <source>Reasoning (shown only while 'Show reasoning' is on)</source>
        <translation>推論 (「推論を表示」がオンのときだけ表示)</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="236" />
        <source>Prompt</source>
        <translation>プロンプト</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="237" />
        <source>Ask the model… (Enter sends, Esc stops)</source>
        <translation>モデルに質問… (Enter で送信、Esc で停止)</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="238" />
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="240" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="242" />
        <source>Regenerate</source>
        <translation>再生成</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="244" />
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="248" />
        <location filename="../../gui/playground.py" line="264" />
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="262" />
        <location filename="../../gui/playground.py" line="280" />
        <source>Audit log</source>
        <translation>監査ログ</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="264" />
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="264" />
        <source>Final verdict</source>
        <translation>最終回答の判定</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="264" />
        <source>Held</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="265" />
        <source>Thinking sections (sha256)</source>
        <translation>思考セクション (sha256)</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="265" />
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="272" />
        <source>Export audit log…</source>
        <translation>監査ログを書き出す…</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="372" />
        <source>Choose a GGUF file</source>
        <translation>GGUF ファイルを選択</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="373" />
        <source>GGUF files (*.gguf);;All files (*)</source>
        <translation>GGUF ファイル (*.gguf);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="375" />
        <source>Or choose a model folder</source>
        <translation>またはモデルフォルダを選択</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="407" />
        <source>Loading {0}…</source>
        <translation>{0} を読み込み中…</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="455" />
        <source>Generating…</source>
        <translation>生成中…</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="474" />
        <source>gated: T = {0:.3g}{1}</source>
        <translation>ゲートあり: T = {0:.3g}{1}</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="475" />
        <source> (not calibrated)</source>
        <translation> (未較正)</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="477" />
        <source>ungated: no safety head in this run</source>
        <translation>ゲートなし: この実行には安全ヘッドがありません</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="480" />
        <source>Loaded {0}</source>
        <translation>{0} を読み込みました</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="504" />
        <source>{0:.1f} tokens/s</source>
        <translation>{0:.1f} トークン/秒</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="505" />
        <source>Answered ({0})</source>
        <translation>回答しました ({0})</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="513" />
        <source>Error: {0}</source>
        <translation>エラー: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="538" />
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="556" />
        <source>Export the audit log</source>
        <translation>監査ログの書き出し</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="557" />
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="561" />
        <source>Audit log exported: {0}</source>
        <translation>監査ログを書き出しました: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/playground.py" line="563" />
        <source>Export failed: {0}</source>
        <translation>書き出しに失敗しました: {0}</translation>
    </message>
</context>
<context>
    <name>ReliabilityPlot</name>
    <message>
        <location filename="../../gui/results_views.py" line="49" />
        <source>Reliability diagram</source>
        <translation>信頼性ダイアグラム</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="54" />
        <source>confidence</source>
        <translation>確信度</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="55" />
        <source>accuracy</source>
        <translation>正解率</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <location filename="../../gui/results_views.py" line="86" />
        <location filename="../../gui/results_views.py" line="124" />
        <source>Bake: not run yet.</source>
        <translation>ベイク: 未実行。</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="90" />
        <location filename="../../gui/results_views.py" line="92" />
        <source>Metric</source>
        <translation>指標</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="90" />
        <location filename="../../gui/results_views.py" line="92" />
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="95" />
        <source>GGUF files</source>
        <translation>GGUF ファイル</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="97" />
        <source>Triality (ALLOW / ESCALATION / DENY)</source>
        <translation>トライアリティ (ALLOW / ESCALATION / DENY)</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="101" />
        <source>Calibration</source>
        <translation>較正</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="119" />
        <source>passed</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="119" />
        <source>FAILED</source>
        <translation>不合格</translation>
    </message>
    <message>
        <location filename="../../gui/results_views.py" line="120" />
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
        <location filename="../../gui/settings_forms.py" line="139" />
        <location filename="../../gui/settings_forms.py" line="274" />
        <source>Model folder (Hugging Face, safetensors)</source>
        <translation>モデルフォルダ (Hugging Face、safetensors)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="140" />
        <source>Use the demo model</source>
        <translation>デモモデルを使う</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="144" />
        <source>The built-in tiny model, pretrained on the demo corpus at the start of the run: the whole pipeline in minutes on CPU, offline.</source>
        <translation>内蔵の小さなモデル (実行の最初にデモコーパスで事前学習): CPU・オフラインで数分でパイプライン全体を試せます。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="148" />
        <source>SFT data file (JSONL)</source>
        <translation>SFT データファイル (JSONL)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="151" />
        <source>Workspace folder</source>
        <translation>ワークスペースフォルダ</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="156" />
        <source>auto: a K-quant where the model's rows allow it, else Q8_0</source>
        <translation>auto: モデルの行幅が許す場合は K-quant、それ以外は Q8_0</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="161" />
        <location filename="../../gui/settings_forms.py" line="189" />
        <source>Preset</source>
        <extracomment>The preset the hyper-parameters start from: the machine's (12 GB CUDA card or CPU) by default.</extracomment>
        <translation>プリセット</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="166" />
        <source>System language</source>
        <translation>システムの言語</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="173" />
        <source>Model and data</source>
        <translation>モデルとデータ</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="181" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="182" />
        <source>Data</source>
        <translation>データ</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="183" />
        <source>Workspace</source>
        <translation>ワークスペース</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="184" />
        <source>GGUF quantization</source>
        <translation>GGUF 量子化</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="187" />
        <source>Training</source>
        <translation>学習</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="211" />
        <source>GPU memory</source>
        <translation>GPU メモリ</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="215" />
        <source>Later stages (unfold one to change its settings)</source>
        <translation>後続のステージ (開くと設定を変更できます)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="217" />
        <source>Application</source>
        <translation>アプリケーション</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="219" />
        <source>Language (after restart)</source>
        <translation>言語 (再起動後に反映)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="223" />
        <source>Resume interrupted runs when I log on</source>
        <translation>ログオン時に中断された実行を再開する</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="228" />
        <source>Available on Windows (per-user Run key).</source>
        <translation>Windows で使用できます (ユーザーごとの Run キー)。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="230" />
        <source>Start at logon</source>
        <translation>ログオン時に開始</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="273" />
        <source>built-in tiny demo model (pretrained in the run)</source>
        <translation>内蔵の小さなデモモデル (実行内で事前学習)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_forms.py" line="327" />
        <source>{0}: {1} layers, attention width {2}</source>
        <translation>{0}: {1} 層、attention 幅 {2}</translation>
    </message>
</context>
<context>
    <name>StageList</name>
    <message>
        <location filename="../../gui/stage_list.py" line="35" />
        <source>Stages</source>
        <extracomment>Which standard icon shows which state.</extracomment>
        <translation>ステージ</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="42" />
        <source>Pretrain demo model</source>
        <translation>デモモデルの事前学習</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="43" />
        <source>Train gates (QLoRA)</source>
        <translation>ゲートの学習 (QLoRA)</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="44" />
        <source>Bake gates into weights</source>
        <translation>ゲートを重みにベイク</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="45" />
        <source>Export GGUF</source>
        <translation>GGUF 出力</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="46" />
        <source>Quantize GGUF</source>
        <translation>GGUF 量子化</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="47" />
        <source>Check GGUF fidelity</source>
        <translation>GGUF 忠実度の検査</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="48" />
        <source>Triality safety head</source>
        <translation>トライアリティ安全ヘッド</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="49" />
        <source>Calibrate</source>
        <translation>較正</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="50" />
        <source>Report</source>
        <translation>レポート</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="56" />
        <source>pending</source>
        <translation>未実行</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="56" />
        <source>running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="57" />
        <source>finished</source>
        <translation>完了</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="57" />
        <source>skipped (done before)</source>
        <translation>スキップ (実行済み)</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="58" />
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="58" />
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <location filename="../../gui/stage_list.py" line="58" />
        <source>stopped</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>VramEstimatePanel</name>
    <message>
        <location filename="../../gui/vram_estimate.py" line="31" />
        <source>GPU memory estimate</source>
        <extracomment>The card assumed where no NVIDIA driver answers: the target workstation's RTX 3060 (12 GB). Form fields the estimate reads, and the TrainConfig defaults where the form does not show one.</extracomment>
        <translation>GPU メモリの見積もり</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="37" />
        <source>GPU memory of the card (GiB)</source>
        <translation>カードの GPU メモリ (GiB)</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="42" />
        <source>Free memory of the GPU (from the driver), or 12 GiB when no NVIDIA driver answers; change it to plan for another card</source>
        <translation>GPU の空きメモリ (ドライバから取得)。NVIDIA ドライバが応答しないときは 12 GiB。別のカードを想定するときは変更してください</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="44" />
        <source>Use settings that fit</source>
        <translation>収まる設定を使う</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="99" />
        <source>Estimated peak {0:.1f} GiB of the card's {1:.1f} GiB: fits</source>
        <translation>推定ピーク {0:.1f} GiB / カード {1:.1f} GiB: 収まります</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="101" />
        <source> (with activations offloaded to CPU memory)</source>
        <translation> (活性化を CPU メモリへ退避)</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="103" />
        <source>Estimated peak {0:.1f} GiB, more than the card's {1:.1f} GiB: Run is off</source>
        <translation>推定ピーク {0:.1f} GiB はカードの {1:.1f} GiB を超えます: 実行できません</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="107" />
        <source>. Fits with: {0}</source>
        <translation>。収まる設定: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/vram_estimate.py" line="110" />
        <source>. No shorter length fits: choose a smaller model or a larger card</source>
        <translation>。短くしても収まりません: より小さいモデルか大きいカードを選んでください</translation>
    </message>
</context>
</TS>