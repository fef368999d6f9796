"""Fill so8t_ja.ts with the Japanese texts below (run after pyside6-lupdate, then pyside6-lrelease)."""

import xml.etree.ElementTree as ET
from dataclasses import fields
from pathlib import Path

JA = {
'Checkpoints': 'チェックポイント', 'Step': 'ステップ', 'Time': '時刻', 'Size': 'サイズ',
'Valid / why not': '有効性 / 無効の理由', 'Pin': '固定', 'Resume': '再開', 'valid': '有効',
'invalid: {0}': '無効: {0}', 'Resume from here': 'ここから再開',
'This checkpoint is incomplete or damaged and cannot be resumed.': 'このチェックポイントは不完全または破損しているため再開できません。',
'VRAM': 'VRAM', 'MiB': 'MiB', 'GPU utilisation': 'GPU 使用率', 'GPU temperature': 'GPU 温度',
'GPU power': 'GPU 電力',
'used (card)': '使用量 (カード全体)', 'this run': 'この実行', 'card limit': 'カード上限',
'Log': 'ログ', 'SO8T Control Panel': 'SO8T コントロールパネル', 'Run': '実行', 'Start a new run (Ctrl+R)': '新しい実行を開始 (Ctrl+R)',
'Stop': '停止', 'Stop the running stage; training writes a checkpoint first (Ctrl+.)': '実行中のステージを停止 (学習は先にチェックポイントを書き込みます) (Ctrl+.)',
'Continue the selected run from its newest valid checkpoint': '選択した実行を最新の有効なチェックポイントから再開',
"Write the selected run's report as a PDF (Ctrl+E)": '選択した実行のレポートを PDF に書き出す (Ctrl+E)',
'idle': '待機中', 'Resume it': '再開する', 'Not now': '後で', 'Runs': '実行一覧', 'Stages': 'ステージ', 'Settings': '設定',
'Dashboard': 'ダッシュボード', 'Results': '結果',
' ({0} more in the run list)': ' (実行一覧にほか {0} 件)',
'Run {0} was interrupted before it finished (stages left: {1}){2}. Resuming continues from its newest valid checkpoint.':
    '実行 {0} は完了前に中断されました (残りのステージ: {1}){2}。再開すると最新の有効なチェックポイントから続行します。',
'Fix the settings marked in red first.': '赤で示された設定を先に修正してください。', 'new run from {0}': '{0} から新しい実行',
'starting…': '開始中…', 'running': '実行中', 'stopping: writing a checkpoint…': '停止中: チェックポイントを書き込んでいます…',
'Run finished.': '実行が完了しました。', 'Stopped. Resume continues from the checkpoint written at the stop.': '停止しました。再開すると停止時に書き込んだチェックポイントから続行します。',
'The stage did not stop in time and was killed; resume from the last checkpoint.': 'ステージが時間内に停止しなかったため強制終了しました。最後のチェックポイントから再開してください。',
'The stage failed; see the log.': 'ステージが失敗しました。ログを確認してください。',
'writing the report…': 'レポートを書き出しています…',
'Report failed: {0}': 'レポートの出力に失敗しました: {0}',
'The language changes when the panel is started again.': '言語はパネルの次回起動時に切り替わります。',
'A stage is running': 'ステージが実行中です', 'A stage is still running. What should happen to it?': 'ステージがまだ実行中です。どうしますか?',
'Keep running in the background': 'バックグラウンドで実行を続ける', 'Stop with a checkpoint': 'チェックポイントを書いて停止', 'Cancel': 'キャンセル',
'Browse…': '参照…', 'JSON Lines (*.jsonl *.json);;All files (*)': 'JSON Lines (*.jsonl *.json);;すべてのファイル (*)',
'Reliability diagram': '信頼性ダイアグラム', 'accuracy': '正解率', 'Bake: not run yet.': 'ベイク: 未実行。',
'File': 'ファイル', 'Metric': '指標', 'Value': '値',
'Calibration': '較正', 'passed': '合格',
'not checked': '未検査', 'finished': '完了', 'failed': '失敗', 'pending': '未実行',
'This run stopped before it finished (crash, power cut or reboot). Select it and press Resume.': 'この実行は完了前に止まりました (クラッシュ、停電、再起動)。選択して「再開」を押してください。',
'Model folder (Hugging Face, safetensors)': 'モデルフォルダ (Hugging Face、safetensors)', 'Use the demo model': 'デモモデルを使う',
'The built-in tiny model, pretrained on the demo corpus at the start of the run: the whole pipeline in minutes on CPU, offline.':
    '内蔵の小さなモデル (実行の最初にデモコーパスで事前学習): CPU・オフラインで数分でパイプライン全体を試せます。',
'SFT data file (JSONL)': 'SFT データファイル (JSONL)', 'Workspace folder': 'ワークスペースフォルダ', 'System language': 'システムの言語',
'Model and data': 'モデルとデータ', 'Model': 'モデル', 'Data': 'データ', 'Workspace': 'ワークスペース', 'GGUF quantization': 'GGUF 量子化',
'Training': '学習', 'Preset': 'プリセット',
"auto: a K-quant where the model's rows allow it, else Q8_0": 'auto: モデルの行幅が許す場合は K-quant、それ以外は Q8_0',
'Resume cancelled; every checkpoint is kept.': '再開を取り消しました。チェックポイントはすべて残っています。',
'Resume from an older checkpoint': '古いチェックポイントから再開',
'Resuming from {0} trains its later steps again. These later checkpoints will be replaced or removed: {1}.':
    '{0} から再開すると、その後のステップを学習し直します。次の後続チェックポイントは置き換えまたは削除されます: {1}。',
'Cancel keeps every checkpoint as it is.': 'キャンセルするとチェックポイントはすべてそのまま残ります。',
'Resume from {0}': '{0} から再開',
'quitting: stopping the stage with a checkpoint': '終了中: チェックポイントを書き込んでステージを停止しています', 'Application': 'アプリケーション', 'Language (after restart)': '言語 (再起動後に反映)',
'Resume interrupted runs when I log on': 'ログオン時に中断された実行を再開する', 'Start at logon': 'ログオン時に開始',
'Available on Windows (per-user Run key).': 'Windows で使用できます (ユーザーごとの Run キー)。',
'built-in tiny demo model (pretrained in the run)': '内蔵の小さなデモモデル (実行内で事前学習)', '{0}: {1} layers, attention width {2}': '{0}: {1} 層、attention 幅 {2}',
'Pretrain demo model': 'デモモデルの事前学習', 'Train gates (QLoRA)': 'ゲートの学習 (QLoRA)', 'Bake gates into weights': 'ゲートを重みにベイク',
'Export GGUF': 'GGUF 出力', 'Quantize GGUF': 'GGUF 量子化', 'Check GGUF fidelity': 'GGUF 忠実度の検査', 'Triality safety head': 'トライアリティ安全ヘッド',
'Calibrate': '較正', 'Report': 'レポート', 'interrupted': '中断', 'This run is running in another process; following its events.': 'この実行は別のプロセスで実行中です。イベントを追跡しています。',
}
# The Playground tab (gui/playground.py) and the window texts around it.
JA.update({
    'bake shard by shard': 'シャードごとにベイク',
    'No GGUF files in this run yet.': 'この実行にはまだ GGUF ファイルがありません。', 'Triality: not run yet.': 'トライアリティ: 未実行。',
    '{0}: options': '{0}: オプション', 'Options of the later stages (unfold one to change it)': '後続ステージのオプション (開くと変更できます)',
'Playground': 'プレイグラウンド', 'You': 'あなた', 'final': '最終回答', 'Needs review': '要レビュー',
'show the held answer': '保留中の回答を表示', 'Refused: the model was not asked.': '拒否: モデルには問い合わせていません。',
'Refused: the answer was scored DENY and withheld.': '拒否: 回答が DENY と判定されたため表示しません。',
"(no final answer: the model's output had thinking but no final section)": '(最終回答なし: モデルの出力に思考はありましたが最終セクションがありません)',
'{0} tokens': '{0} トークン', ', {0:.1f} tokens/s': '、{0:.1f} トークン/秒', 'Other file…': 'ほかのファイル…',
'Side by side with the base model': 'ベースモデルと並べて比較', 'Base model': 'ベースモデル', 'Show reasoning': '推論を表示',
"Also show the model's thinking while it streams. It is never written to any file; the audit log records that it was shown.":
    'ストリーミング中にモデルの思考も表示します。思考はどのファイルにも書き込まれません。表示したことは監査ログに記録されます。',
'Temperature': '温度', 'Max tokens': '最大トークン数', 'Fine-tuned': 'ファインチューニング後', 'Base': 'ベース',
"Reasoning (shown only while 'Show reasoning' is on)": '推論 (「推論を表示」がオンのときだけ表示)', 'Prompt': 'プロンプト',
'Ask the model… (Enter sends, Esc stops)': 'モデルに質問… (Enter で送信、Esc で停止)', 'Send': '送信', 'Regenerate': '再生成',
'New chat': '新しいチャット', 'Verdict': '判定', 'Audit log': '監査ログ', 'Final verdict': '最終回答の判定', 'Held': '保留',
'Thinking sections (sha256)': '思考セクション (sha256)', 'Answer': '回答', 'Export audit log…': '監査ログを書き出す…',
'Choose a GGUF file': 'GGUF ファイルを選択', 'GGUF files (*.gguf);;All files (*)': 'GGUF ファイル (*.gguf);;すべてのファイル (*)',
'Or choose a model folder': 'またはモデルフォルダを選択', 'Loading {0}…': '{0} を読み込み中…', 'Generating…': '生成中…',
'gated: T = {0:.3g}{1}': 'ゲートあり: T = {0:.3g}{1}', ' (not calibrated)': ' (未較正)',
'ungated: no safety head in this run': 'ゲートなし: この実行には安全ヘッドがありません', 'Loaded {0}': '{0} を読み込みました',
'{0:.1f} tokens/s': '{0:.1f} トークン/秒', 'Answered ({0})': '回答しました ({0})', 'Error: {0}': 'エラー: {0}', 'yes': 'はい',
'Export the audit log': '監査ログの書き出し', 'JSON Lines (*.jsonl)': 'JSON Lines (*.jsonl)',
'Audit log exported: {0}': '監査ログを書き出しました: {0}', 'Export failed: {0}': '書き出しに失敗しました: {0}',
# window texts that had no translation yet
'Resume cancelled; every checkpoint is kept.': '再開を取り消しました。チェックポイントはすべて残っています。',
'Resume from an older checkpoint': '古いチェックポイントから再開',
'Resuming from {0} trains its later steps again. These later checkpoints will be replaced or removed: {1}.':
    '{0} から再開すると、それ以降のステップを再学習します。次の後続チェックポイントは置き換えまたは削除されます: {1}。',
'Cancel keeps every checkpoint as it is.': 'キャンセルするとチェックポイントはすべてそのまま残ります。',
'Resume from {0}': '{0} から再開', 'quitting: stopping the stage with a checkpoint': '終了中: チェックポイントを書いてステージを停止しています',
})
JA.update({  # the VRAM pre-flight in the settings (gui/vram_estimate.py)
    'GPU memory': 'GPU メモリ', 'GPU memory estimate': 'GPU メモリの見積もり',
    'GPU memory of the card (GiB)': 'カードの GPU メモリ (GiB)',
    'Free memory of the GPU (from the driver), or 12 GiB when no NVIDIA driver answers; change it to plan for another card':
        'GPU の空きメモリ (ドライバから取得)。NVIDIA ドライバが応答しないときは 12 GiB。別のカードを想定するときは変更してください',
    'Use settings that fit': '収まる設定を使う',
    "Estimated peak {0:.1f} GiB of the card's {1:.1f} GiB: fits": '推定ピーク {0:.1f} GiB / カード {1:.1f} GiB: 収まります',
    "The card's memory in use at the peak, as the card counts it (what the Dashboard's VRAM shows): "
    "torch's allocated peak of {0:.1f} GiB plus the CUDA context and the allocator's reserve.":
        'ピーク時にカードが数える使用メモリ (ダッシュボードの VRAM と同じ値): torch が確保したピーク {0:.1f} GiB に、'
        'CUDA コンテキストとアロケータの予約分を加えたものです。',
    ' (with activations offloaded to CPU memory)': ' (活性化を CPU メモリへ退避)',
    "Estimated peak {0:.1f} GiB, more than the card's {1:.1f} GiB: Run is off":
        '推定ピーク {0:.1f} GiB はカードの {1:.1f} GiB を超えます: 実行できません',
    '. Fits with: {0}': '。収まる設定: {0}',
    '. No shorter length fits: choose a smaller model or a larger card':
        '。短くしても収まりません: より小さいモデルか大きいカードを選んでください',
})
JA.update({  # the Data view (gui/data_view.py)
    'Data': 'データ', 'JSONL, JSON, CSV, TSV or Parquet files, separated by ;': 'JSONL、JSON、CSV、TSV、Parquet のファイル (; 区切り)',
    'Data files': 'データファイル', 'Choose files…': 'ファイルを選択…',
    'FIELD=COLUMN, … (e.g. prompt=question, response=answer)': 'フィールド=列, … (各フィールドに読む列を指定)',
    'Column mapping': '列の対応付け',
    'Rename columns to the fields a shape reads; the shape is detected again.':
        '列を形式が読むフィールド名に付け替えます。形式は改めて検出されます。',
    'Maximum length (tokens)': '最大長 (トークン)', 'Look at the data': 'データを確認',
    'Import, clean, dedupe and measure the files as the data stage does (into a temporary folder)':
        'データステージと同じようにファイルを読み込み、整形し、重複を除き、計測します (一時フォルダへ)',
    'Prepare these files in the next run': '次の実行でこれらのファイルを準備',
    'The next run prepares these files first and trains on its data/train.jsonl':
        '次の実行はまずこれらのファイルを準備し、その data/train.jsonl で学習します',
    'Files': 'ファイル', 'Mapping': '対応付け', 'max_length': '最大長',
    'Choose data files to see what the data stage makes of them.': 'データファイルを選ぶと、データステージがそれをどう扱うかを表示します。',
    'The first samples as the model sees them (trained tokens marked green)':
        'モデルから見た最初のサンプル (学習するトークンを緑で表示)',
    'Token lengths': 'トークン長', 'samples': 'サンプル', 'tokens': 'トークン', 'reason': '理由', 'why': '説明',
    'What will be dropped, and why': '除外されるものとその理由', 'kept': '残したもの', 'duplicates': '重複',
    'prompt': 'プロンプト', 'Duplicate clusters': '重複クラスタ', 'label': 'ラベル', 'Label balance': 'ラベルの内訳',
    'thinking format': '思考形式', 'Thinking-format compliance': '思考形式の準拠',
    'Data files (*.jsonl *.json *.csv *.tsv *.parquet);;All files (*)':
        'データファイル (*.jsonl *.json *.csv *.tsv *.parquet);;すべてのファイル (*)',
    'Choose one or more data files first.': '先にデータファイルを 1 つ以上選んでください。', 'Reading {0}…': '{0} を読み込み中…',
    'Prepared as the data stage would; nothing is written to a run yet.':
        'データステージと同じように準備しました。実行にはまだ何も書き込んでいません。',
    '{0}: shape {1} ({2}), {3} samples': '{0}: 形式 {1} ({2})、{3} サンプル',
    '{0} samples read, {1} kept: {2} for training, {3} for validation.':
        '{0} サンプルを読み込み、{1} を残しました: 学習用 {2}、検証用 {3}。',
    'No model is chosen in Settings: token lengths are not measured.': '設定でモデルが選ばれていないため、トークン長は計測しません。',
    '{0:.1%} of the samples are longer than max_length {1} and lose {2} tokens; mean {3:.0f} tokens, {4} trained.':
        'サンプルの {0:.1%} が最大長 {1} を超え、{2} トークンが失われます。平均 {3:.0f} トークン、学習対象 {4}。',
    'none': 'なし', 'every sample is kept': 'すべてのサンプルを残します', 'Fields read (FIELD=COLUMN): {0}': '読むフィールド (フィールド=列): {0}', 'no two samples are alike': '似たサンプルはありません', 'problem: {0}': '問題: {0}', 'compliant': '準拠',
    'a turn has no text': '発話にテキストがありません', 'no assistant answer to learn from': '学習できるアシスタントの回答がありません',
    'the same text as an earlier sample': '前のサンプルと同じテキストです',
    'nearly the same words as an earlier sample': '前のサンプルとほぼ同じ語です',
    'malformed thinking tags (strict check)': '思考タグの形式が不正です (厳密な検査)',
    'the safety head judged it DENY': '安全ヘッドが DENY と判定しました',
    'the safety head was unsure (REVIEW)': '安全ヘッドが判断できませんでした (REVIEW)',
    'a line too long to read': '読み込めないほど長い行です',
    'a line over the line cap (--max-line-mb reads it): {0}': '行の上限を超える行です（--max-line-mb で読めます）: {0}',
    'max_length {0}': '最大長 {0}',
    'The next run prepares {0} file(s) first and trains on the prepared data.':
        '次の実行はまず {0} 個のファイルを準備し、準備したデータで学習します。',
})
#: The window's texts (run model views, results, settings).
JA.update({
    'Available on Windows (per-user Run key).': 'Windows で使用できます (ユーザーごとの自動起動レジストリ キー)。',
    'seconds since the run began': '実行開始からの秒数',
    'training step': '学習ステップ',
    'Training loss': '学習損失',
    'loss (nats/token)': '損失 (nat/トークン)',
    'KL to the base model': 'ベースモデルとの KL',
    'KL (nats)': 'KL (nat)',
    'Demo pretraining loss': 'デモの事前学習損失',
    'pretraining step': '事前学習ステップ',
    'Training speed': '学習速度',
    'tokens/s': 'tokens/s',
    '% busy': '使用率 (%)',
    'Stage process memory (RSS)': 'ステージプロセスのメモリ (RSS)',
    'Stage process CPU': 'ステージプロセスの CPU',
    '% of one core': '1 コアあたりの %',
    'Waiting for the first hardware reading.': '最初のハードウェア計測を待っています。',
    "No NVIDIA GPU found: the plots show the stage process's memory and CPU use instead of the card's.": 'NVIDIA GPU が見つかりません: グラフはカードの代わりにステージプロセスのメモリと CPU 使用量を表示します。',
    '{0}: {1} / {2} MiB in use': '{0}: {1} / {2} MiB 使用中',
    'card limit {0:,.0f} MiB': 'カード上限 {0:,.0f} MiB',
    'Export PDF…': 'PDF を出力',
    'Open report': 'レポートを開く',
    'Open the report just written': '書き出したレポートを開く',
    'Workspace: {0} ({1} runs)': 'ワークスペース: {0} (実行 {1} 件)',
    'The run followed has ended: {0}.': '追跡していた実行が終了しました: {0}。',
    'Resume cancelled; every checkpoint is kept.': '再開を取り消しました。チェックポイントはすべて残っています。',
    'Resume from an older checkpoint': '古いチェックポイントから再開',
    'Resuming from {0} trains its later steps again. These later checkpoints will be replaced or removed: {1}.': '{0} から再開すると、それ以降のステップを学習し直します。次の後続チェックポイントは置き換えまたは削除されます: {1}。',
    'Cancel keeps every checkpoint as it is.': '「キャンセル」を選ぶとチェックポイントはすべてそのまま残ります。',
    'Resume from {0}': '{0} から再開',
    'The stage process ended without finishing; see the log, then resume.': 'ステージのプロセスが完了せずに終了しました。ログを確認してから再開してください。',
    'Export the report as PDF': 'レポートを PDF に出力',
    'PDF files (*.pdf)': 'PDF ファイル (*.pdf)',
    'Report written: {0} ({1} pages)': 'レポートを書き出しました: {0} ({1} ページ)',
    'quitting: stopping the stage with a checkpoint': '終了中: チェックポイントを書いてステージを停止しています',
    'skipped': 'スキップ',
    'not started': '未開始',
    'interrupted, can be resumed': '中断 — 再開できます',
    'damaged, cannot be resumed': '破損 — 再開できません',
    'Its run.json cannot be read: {0}. Its checkpoints stay in the folder; start a new run.': 'run.json を読めません: {0}。チェックポイントはフォルダに残っています。新しい実行を始めてください。',
    'steps': 'ステップ',
    'layers': '層',
    'tensors': 'テンソル',
    'samples': 'サンプル',
    'epochs': 'エポック',
    'training steps': '学習ステップ数',
    'learning rate': '学習率',
    'LoRA rank': 'LoRA ランク',
    'LoRA target layers': 'LoRA を付ける層',
    'batch size': 'バッチサイズ',
    'data files': 'データファイル',
    'column mapping (FIELD=COLUMN)': '列の対応付け (項目=列)',
    'validation share': '検証用の割合',
    'keep duplicates': '重複を残す',
    'near-duplicate threshold (Jaccard)': '準重複のしきい値 (ジャカード係数)',
    'convert to thinking format': '思考形式に変換',
    'safety labels from run': '安全ラベルを付ける実行',
    'review below (top probability)': 'この確率未満は要確認 (最上位の確率)',
    'hold out safety buckets': '取り分ける安全区分',
    'basic (<think>, <final>)': '基本 (思考、最終回答)',
    'four sections (task, safety, policy, final)': '四区分 (課題、安全、方針、最終回答)',
    'gradient accumulation steps': '勾配累積ステップ数',
    'max tokens per sample': 'サンプルあたりの最大トークン数',
    'pack short samples into one row': '短いサンプルを1行に詰める',
    'checkpoint every (steps)': 'チェックポイント間隔 (ステップ)',
    'checkpoint every (seconds)': 'チェックポイント間隔 (秒)',
    'random seed': '乱数シード',
    'random gate angle': 'ランダムゲートの角度',
    'verify after baking': 'ベイク後に検証する',
    'weight precision': '重みの精度',
    'GGUF precision': 'GGUF の精度',
    'file name': 'ファイル名',
    'write an Ollama Modelfile': 'Ollama の Modelfile を書き出す',
    'threads (0: all)': 'スレッド数 (0: すべて)',
    'perplexity text': 'パープレキシティ用テキスト',
    'context length': 'コンテキスト長',
    'labelled data': 'ラベル付きデータ',
    'scorer': 'スコアラー',
    'training share': '学習用の割合',
    'calibration share': '較正用の割合',
    'weight decay': '重み減衰',
    'device': 'デバイス',
    'fitted on': '最適化の目的',
    'quantization types': '量子化の種類',
    'yes': 'はい',
    'no': 'いいえ',
    'default': '既定',
    'ready: {0} stages planned': '準備完了: {0} ステージを実行予定',
    '{0} of {1} stages done': '{1} ステージ中 {0} 完了',
    'starting': '開始',
    'stage {0} of {1}': 'ステージ {0}/{1}',
    'elapsed {0}': '経過 {0}',
    '{0:,.0f} tokens/s': '{0:,.0f} tokens/s',
    'ETA {0}': '残り {0}',
    'No calibration in this run yet.': 'この実行にはまだ較正がありません。',
    'Top-1 vs HF': 'HF との top-1 一致',
    'Perplexity': 'パープレキシティ',
    'Result': '結果',
    'Before': '較正前',
    'After': '較正後',
    'GGUF files: sizes and fidelity': 'GGUF ファイル: サイズと忠実度',
    'Triality safety head (ALLOW / ESCALATION / DENY)': 'トライアリティ安全ヘッド (ALLOW / ESCALATION / DENY)',
    'Confusion matrix (rows: true class, columns: predicted)': '混同行列 (行: 正解クラス、列: 予測)',
    'Bake record refused: {0}': 'ベイク記録を読めません: {0}',
    'Bake verification {0}: max |Δlogit| {1}, KL {2}, top-1 agreement {3} (noise floor {4}, {5} layers baked)': 'ベイク検証 {0}: 最大 |Δlogit| {1}、KL {2}、top-1 一致率 {3} (ノイズ下限 {4}、{5} 層をベイク)',
    '{0} of {1} positions': '{1} 位置中 {0}',
    'Accuracy': '正解率',
    'Macro F1': 'マクロ F1',
    'NLL': 'NLL',
    'ECE': 'ECE',
    'Brier': 'Brier',
    'Test samples': 'テストサンプル数',
    'F1 of {0}': '{0} の F1',
    'Calibration: not run yet.': '較正: 未実行。',
    'Temperature T = {0} fitted on {1} samples, measured on {2}.': '温度 T = {0} ({1} サンプルで最適化、{2} サンプルで評価)。',
    'Stages to run': '実行するステージ',
    'Workspace {0} is a file, not a folder: choose a folder.': 'ワークスペース {0} はフォルダではなくファイルです。フォルダを選んでください。',
    'Workspace {0} does not exist, and neither does {1}: choose an existing folder.': 'ワークスペース {0} も {1} も存在しません。既存のフォルダを選んでください。',
    'Run the stage {0}': 'ステージ「{0}」を実行',
    'Run this stage in the new run; off skips it (and the stages that need it).': '新しい実行でこのステージを実行します。オフにするとこのステージ (とそれを必要とするステージ) をスキップします。',
    'Stop with a checkpoint': 'チェックポイントを書いて停止',
})
JA.update({  # choice words of the stage options (gui/option_labels.py)
    'whole model in memory': 'モデル全体をメモリに載せる', 'shard by shard, layer by layer': 'シャードごと・層ごと',
    'trained head': '学習したヘッド', "the model's own answer words": 'モデル自身の回答語', 'NLL': 'NLL', 'ECE': 'ECE',
    'CPU': 'CPU', 'GPU (CUDA)': 'GPU (CUDA)',
})
JA.update({  # memory peaks per stage on the Results page (gui/results_views.py)
    'Stage': 'ステージ', 'Host memory (peak RSS)': 'ホストメモリ (ピーク RSS)', 'GPU allocated': 'GPU 割り当て',
    'GPU reserved': 'GPU 予約', 'GPU on the card (NVML)': 'カード上の GPU (NVML)', 'Memory peaks per stage': 'ステージごとのメモリのピーク',
    'Training: peak GPU memory {0} allocated, {1} on the card (NVML)': '学習: GPU メモリのピーク 割り当て {0}、カード上 {1} (NVML)',
    '; estimate {0:.2f} GiB allocated, {1:.2f} GiB on the card': '、見積もり 割り当て {0:.2f} GiB、カード上 {1:.2f} GiB',
    ' (activations offloaded)': ' (活性化を退避)',
})
JA.update({  # the GGUF check's bound and the reliability diagram's words (gui/results_views.py)
    'top-1 at least {0}, perplexity within {1} of HF, tokenizer identical':
        'top-1 一致 {0} 以上、パープレキシティは HF との差 {1} 以内、トークナイザ一致',
    'perplexity within {0} of {1}': 'パープレキシティは {1} との差 {0} 以内', " (the original pipeline's bound)": ' (元のパイプラインの基準)',
    'float types are judged against the HF model': '浮動小数点型は HF モデルと比べて判定します',
    'confidence (top label)': '確信度 (最上位ラベル)', 'accuracy': '正解率', 'perfectly calibrated': '完全な較正',
    'before scaling': '較正前', 'after scaling': '較正後',
})
JA.update({  # the align stage's options (gui/option_labels.py)
    'method': '手法', 'reward functions': '報酬関数', 'what is trained': '学習対象',
    'new adapters on top of the frozen ones': '凍結したアダプタの上に新しいアダプタ', 'β (DPO temperature, GRPO KL weight)': 'β (DPO の温度、GRPO の KL の重み)',
    'DPO loss': 'DPO の損失', 'gate learning rate': 'ゲートの学習率', 'warm-up steps': 'ウォームアップのステップ数',
    'prompts per step': '1 ステップのプロンプト数', 'completions per prompt': '1 プロンプトの生成数', 'sampling temperature': 'サンプリングの温度',
    'nucleus sampling mass (top-p)': '核サンプリングの確率質量 (top-p)', 'max tokens per completion': '1 生成の最大トークン数',
    'updates per rollout': '1 ロールアウトの更新回数', 'clip range ε': 'クリップ範囲 ε', 'base weights': 'ベースの重み',
    'compute precision': '計算精度', 'gradient checkpointing': '勾配チェックポイント', 'deterministic algorithms': '決定的アルゴリズム',
    'checkpoints kept': '保持するチェックポイント数',
    'DPO (preference pairs)': 'DPO (選好ペア)', 'GRPO (sampled groups, rewards)': 'GRPO (サンプルのグループと報酬)',
    'LoRA adapters': 'LoRA アダプタ', 'SO(8) gates': 'SO(8) ゲート', 'adapters and gates': 'アダプタとゲート',
    'sigmoid (DPO)': 'シグモイド (DPO)', 'IPO': 'IPO', 'full precision': '完全精度', 'on': 'オン', 'off': 'オフ',
})
JA.update({  # the align stage's curves on the dashboard (gui/dashboard.py)
    'align step': 'アラインのステップ', 'Align loss (DPO / GRPO)': 'アラインの損失 (DPO / GRPO)', 'Reward': '報酬',
    'mean over the group': 'グループ平均', 'KL to the starting policy': '開始方策への KL', 'Preference accuracy': '選好の正解率',
    'share of pairs': 'ペアの割合', 'Reward margin (chosen − rejected)': '報酬の差 (選択 − 却下)', 'β · log-ratio': 'β · 対数比',
    'Groups whose rewards all tie': '報酬がすべて同点のグループ', 'share of groups': 'グループの割合',
    'Completion length': '生成の長さ', 'tokens': 'トークン', 'Clipped share': 'クリップされた割合',
    'share of tokens': 'トークンの割合', 'weighted sum': '重み付き和',
    'Latest GRPO group': '最新の GRPO グループ', 'Latest GRPO group (step {0}): final answers only': '最新の GRPO グループ (ステップ {0}): 最終回答のみ',
    'prompt': 'プロンプト', 'final answer': '最終回答', 'reward': '報酬', '(no final answer)': '(最終回答なし)',
})
JA.update({  # the rollout table's thinking, streamed while "show reasoning" is on (gui/dashboard.py)
    'reasoning': '推論', 'Latest GRPO group (step {0}) with its reasoning': '最新の GRPO グループ (ステップ {0}) と推論',
    "Also show the thinking of the latest group's completions, from the next step on. It comes from the running "
    "stage only and is never written to the run's files.":
        '最新グループの各生成の思考も、次のステップから表示します。実行中のステージからのみ届き、実行のファイルには一切書き込まれません。',
})
JA.update({  # a run on several GPUs: one curve per GPU (gui/dashboard.py)
    'GPU {0}': 'GPU {0}', 'this run, GPU {0}': 'この実行、GPU {0}', 'used, GPU {0}': '使用量、GPU {0}',
})
JA.update({  # the preset picker's words (gui/names.py)
    '12 GB CUDA card, 4-bit (rtx3060-12gb)': '12 GB の CUDA カード、4 ビット (rtx3060-12gb)',
    'CPU only, full precision (cpu)': 'CPU のみ、全精度 (cpu)', 'demo: tiny model on CPU (demo)': 'デモ: CPU 上の小型モデル (demo)',
})
JA.update({  # Qt's own file dialog: texts its shipped qtbase_ja.qm lacks (marked in gui/i18n.py)
    '&Look in:': '場所(&L):', 'Files of &type:': 'ファイルの種類(&T):',
})
# The report (so8t/report/, no Qt): the texts marked there with tr(…) / N_(…), written below into the
# "Report" context of so8t_ja.ts, which `so8t report --lang ja` reads (resources/i18n/README.md).
JA_REPORT = {
    'SO8T report — {0}': 'SO8T レポート — {0}', '{0} — page {1}': '{0} — {1} ページ',
    '{0} — generated {1}, {2} events': '{0} — 作成 {1}、イベント {2} 件', 'Not in this run yet: {0}.': 'この実行にはまだありません: {0}。',
    'Refused {0} record: {1}': '{0} の記録を拒否しました: {1}', '{0} more rows not shown': 'ほか {0} 行は省略',
    'Summary': '概要', 'Configuration': '設定', 'Training curves: loss, KL': '学習曲線: 損失、KL',
    'Training curves: loss, KL, VRAM': '学習曲線: 損失、KL、VRAM', 'Bake verification': 'ベイク検証',
    'GGUF files and fidelity': 'GGUF ファイルと忠実度', 'Triality safety head (ALLOW / ESCALATION / DENY)': 'トライアリティ安全ヘッド (ALLOW / ESCALATION / DENY)',
    'Calibration and reliability diagram': '較正と信頼性ダイアグラム', 'Checkpoints': 'チェックポイント',
    'Memory peaks per stage': 'ステージごとのメモリのピーク',
    'Pretrain demo model': 'デモモデルの事前学習', 'Train gates (QLoRA)': 'ゲートの学習 (QLoRA)', 'Bake gates into weights': 'ゲートを重みにベイク',
    'Export GGUF': 'GGUF 出力', 'Quantize GGUF': 'GGUF 量子化', 'Check GGUF fidelity': 'GGUF 忠実度の検査', 'Triality safety head': 'トライアリティ安全ヘッド',
    'Calibrate': '較正', 'Report': 'レポート',
    'pending': '未実行', 'running': '実行中', 'finished': '完了', 'failed': '失敗', 'interrupted': '中断', 'skipped': 'スキップ',
    'writing this report': 'このレポートを作成中',
    'file': 'ファイル', 'size': 'サイズ', 'top-1 vs HF': 'HF との top-1 一致', 'perplexity': 'パープレキシティ', 'result': '結果',
    'KL below 1e-5': 'KL が 1e-5 未満', 'every top-1 token agrees': 'top-1 トークンがすべて一致',
    'bake error within the fp32 noise floor': 'ベイク誤差が fp32 のノイズフロア以内', 'all figures finite': 'すべての値が有限',
    'the saved folder reloads to the same logits': '保存したフォルダを読み込み直しても同じロジット',
    'class': 'クラス', 'precision': '適合率', 'recall': '再現率', 'F1': 'F1', 'support': '件数',
    'Bake verification {0}: max |Δlogit| {1}, KL {2}, top-1 agreement {3}': 'ベイク検証 {0}: 最大 |Δlogit| {1}、KL {2}、top-1 一致率 {3}',
    'true \\ predicted': '正解 \\ 予測', 'Confusion matrix (test split)': '混同行列 (テスト分割)', 'Per class (test split)': 'クラス別 (テスト分割)',
    'metric': '指標', 'before (T = 1)': '較正前 (T = 1)', 'after (T = {0})': '較正後 (T = {0})',
    'Test split, before and after temperature scaling': 'テスト分割、温度スケーリングの前後', 'none': 'なし',
    'stage': 'ステージ', 'state': '状態', 'attempts': '試行回数', 'seconds': '秒', 'criterion': '基準', 'met': '満たす', 'Criteria': '基準',
    "Reliability diagram: accuracy per confidence bin against the diagonal; the number over each bar is the bin's item count.":
        '信頼性ダイアグラム: 確信度のビンごとの正解率を対角線と比べたもの。棒の上の数はビンの件数です。',
    "Peaks of each stage's process; a dash where it was not measured (no GPU).": '各ステージのプロセスのピーク。測定していない値 (GPU なし) はダッシュ。',
    'pinned': '固定', 'name': '名前', 'step': 'ステップ', 'time': '時刻', 'valid': '有効', 'why not': '無効の理由',
    ' ({0} vs f16)': ' (f16 比 {0})', ' ({0} vs HF)': ' (HF 比 {0})', '{0:.2%} of {1}': '{1} 位置中 {0:.2%}',
    'not checked': '未検査', 'setting': '設定項目', 'value': '値',
    'verification': '検証', 'layers baked': 'ベイクした層', 'SO(8) blocks': 'SO(8) ブロック', 'max |Δlogit|, baked vs gated': '最大 |Δlogit| (ベイク後とゲート付き)',
    'KL(gated ‖ baked)': 'KL(ゲート付き ‖ ベイク後)', 'top-1 agreement': 'top-1 一致率', 'noise floor (fp32 vs float64 logits)': 'ノイズフロア (fp32 と float64 のロジット)',
    'max orthogonality error ‖RᵀR − I‖': '最大直交誤差 ‖RᵀR − I‖', 'weight dtype': '重みの型', 'gates': 'ゲート', 'bake time (s)': 'ベイク時間 (秒)',
    'verification time (s)': '検証時間 (秒)', 'written to': '書き出し先',
    'peak host memory (MiB)': 'ホストメモリのピーク (MiB)', 'peak GPU memory allocated (MiB)': 'GPU メモリ割り当てのピーク (MiB)',
    'peak GPU memory reserved (MiB)': 'GPU メモリ予約のピーク (MiB)', 'peak GPU memory, NVML (MiB)': 'GPU メモリのピーク、NVML (MiB)',
    'final step': '最終ステップ', 'steps planned': '予定ステップ数', 'steps run in the last attempt': '最後の試行で実行したステップ数',
    'final loss': '最終損失', 'tokens per second (median)': '毎秒トークン数 (中央値)', 'resumed from': '再開元', 'last checkpoint': '最後のチェックポイント',
    'time (s)': '時間 (秒)', 'trainable parameters': '学習対象パラメータ数', 'LoRA target layers': 'LoRA を付ける層',
    'scorer': 'スコアラー', 'accuracy': '正解率', 'macro F1': 'マクロ F1', 'negative log-likelihood': '負の対数尤度',
    'expected calibration error': '期待較正誤差', 'Brier score': 'Brier スコア', 'training items': '学習用の件数', 'calibration items': '較正用の件数',
    'test items': 'テスト用の件数', 'training accuracy': '学習データでの正解率', 'final head loss': 'ヘッドの最終損失', 'head file': 'ヘッドのファイル',
    'temperature T': '温度 T', 'fitted on': '最適化の目的', 'T at the search bound': 'T が探索範囲の端', 'ECE before': '較正前の ECE', 'ECE after': '較正後の ECE',
    'Brier before': '較正前の Brier', 'Brier after': '較正後の Brier', 'NLL before': '較正前の NLL', 'NLL after': '較正後の NLL',
    'ECE reduction': 'ECE の減少', 'Brier reduction': 'Brier の減少', 'NLL reduction': 'NLL の減少', 'scored from': 'スコアの算出元',
    'objective before (calibration split)': '較正前の目的関数 (較正用分割)', 'objective after (calibration split)': '較正後の目的関数 (較正用分割)',
    'type': '種類', 'positions compared': '比較した位置数', 'perplexity of the HF model': 'HF モデルのパープレキシティ',
    'perplexity vs HF': 'HF 比のパープレキシティ', 'perplexity of the f16 GGUF': 'f16 GGUF のパープレキシティ', 'perplexity vs f16': 'f16 比のパープレキシティ',
    'texts tokenized as by HF': 'HF と同じにトークン化されたテキスト', 'verdict': '判定', 'quantization fallbacks': '量子化のフォールバック',
    'passed': '合格', 'yes': 'はい', 'no': 'いいえ', '{0} values': '{0} 個の値', '{0} fields': '{0} 項目',
    'peak GPU memory {0:.2f} GiB allocated': 'GPU メモリのピーク 割り当て {0:.2f} GiB', ', {0:.2f} GiB on the card (NVML)': '、カード上 {0:.2f} GiB (NVML)',
    '; estimate {0:.2f} GiB allocated, {1:.2f} GiB on the card': '、見積もり 割り当て {0:.2f} GiB、カード上 {1:.2f} GiB',
    ' (activations offloaded)': ' (活性化を退避)',
    'Reliability diagram': '信頼性ダイアグラム', 'confidence (top label)': '確信度 (最上位ラベル)', 'perfectly calibrated': '完全な較正',
    'before scaling': '較正前', 'after scaling': '較正後', 'Training loss': '学習損失', 'loss': '損失',
    'KL(base ‖ now) on the probe batch': 'プローブバッチでの KL(ベース ‖ 現在)', 'KL (nats)': 'KL (nat)', 'VRAM used': 'VRAM 使用量',
    'seconds since the run began': '実行開始からの秒数', 'MiB': 'MiB', 'Peak CUDA memory of the training process': '学習プロセスの CUDA メモリのピーク',
    'card limit {0:.0f} MiB': 'カード上限 {0:.0f} MiB',
    'Prepare data': 'データの準備', 'kind of samples': 'サンプルの種類', 'samples read': '読み込んだサンプル数',
    'samples written': '書き出したサンプル数', 'training samples': '学習用サンプル数', 'validation samples': '検証用サンプル数',
    'samples by kind': '種類ごとのサンプル数', 'dropped, by reason': '除外 (理由別)', 'files and shapes': 'ファイルと形式',
    'run folder': '実行フォルダ', 'duplicates kept': '重複を保持', 'duplicate clusters': '重複クラスタ数', 'measured with': '計測に使ったトークナイザ',
    'max_length (tokens)': 'max_length (トークン)', 'mean tokens per sample': 'サンプルあたりの平均トークン数',
    'trained (assistant) tokens': '学習対象 (アシスタント) のトークン数', 'prompt tokens': 'プロンプトのトークン数',
    'share cut at max_length': 'max_length で切られる割合', 'tokens lost at max_length': 'max_length で失われるトークン数',
    'thinking-format compliance': '思考形式への準拠', 'token lengths': 'トークン長',
}
REPORT_CONTEXT = 'Report'
JA_REPORT.update({  # the train record's speed figures (so8t/store/records.py)
    'tokens per second (mean)': '毎秒トークン数 (平均)', 'recompiles after the first step': '最初のステップ後の再コンパイル数',
    'compile time (s)': 'コンパイル時間 (秒)',
})
JA_REPORT.update({  # the align stage: its title, record labels, curves and section (so8t/align/)
    'Align (DPO / GRPO)': 'アライン (DPO / GRPO)', 'method': '手法', 'started from': '開始点',
    'preference accuracy': '選好の正解率', 'reward margin': '報酬の差', 'β': 'β',
    'pairs per second (median)': '1 秒あたりのペア数 (中央値)', 'seconds per step (median)': '1 ステップの秒数 (中央値)',
    'reference pass (s)': '参照の計算 (秒)', 'trained': '学習対象', 'align step': 'アラインのステップ',
    'Align loss (DPO / GRPO)': 'アラインの損失 (DPO / GRPO)', 'Reward (weighted sum, mean over the group)': '報酬 (重み付き和、グループ平均)',
    'reward': '報酬', 'KL to the starting policy (k3)': '開始方策への KL (k3)', 'Preference accuracy': '選好の正解率',
    'share of pairs': 'ペアの割合', 'Reward margin (chosen − rejected)': '報酬の差 (選択 − 却下)', 'β · log-ratio': 'β · 対数比',
    'Groups whose rewards all tie': '報酬がすべて同点のグループ', 'share of groups': 'グループの割合',
    'Rewards over the last 10 steps': '直近 10 ステップの報酬', 'mean': '平均', 'std': '標準偏差',
})
JA_REPORT.update({  # words a record field's value is one of (its metadata's "values")
    'conversations': '会話', 'pairs': '選好ペア', 'prompts': 'プロンプト', 'labelled': 'ラベル付き',
    'adapters': 'アダプタ', 'gates': 'ゲート', 'both': '両方',
    'random seed': '乱数シード', 'validation share': '検証用の割合',
    'run folder': '実行フォルダ', 'peak memory of the stage process (MB)': 'ステージのプロセスのメモリのピーク (MB)',
    'stopped by signal': '停止したシグナル',
})


def report_texts() -> list[str]:
    """The texts marked in so8t/report/ (the engine's own collector, run from this checkout)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from so8t.report.words import CONTEXT, marked_texts

    assert CONTEXT == REPORT_CONTEXT
    return marked_texts()


def write_report_context(root: ET.Element, translations: dict[str, str]) -> list[str]:
    """Replace the Report context (lupdate, which reads gui/ only, drops it) by the marked report texts."""
    for context in list(root.iter('context')):
        if context.findtext('name') == REPORT_CONTEXT:
            root.remove(context)
    context = ET.SubElement(root, 'context')
    ET.SubElement(context, 'name').text = REPORT_CONTEXT
    missing = []
    for text in report_texts():
        message = ET.SubElement(context, 'message')
        ET.SubElement(message, 'source').text = text
        translation = ET.SubElement(message, 'translation')
        if text in translations:
            translation.text = translations[text]
        else:
            translation.set('type', 'unfinished')
            missing.append(text)
    _indent(context, 0)
    return missing


def _indent(element: ET.Element, level: int) -> None:
    """Line breaks and indents as lupdate writes them (four spaces a level), so the file diffs cleanly."""
    children = list(element)
    if children:
        element.text = '\n' + '    ' * (level + 1)
        for child in children:
            _indent(child, level + 1)
            child.tail = '\n' + '    ' * (level + 1)
        children[-1].tail = '\n' + '    ' * level
    if level == 0:
        element.tail = '\n'


JA.update({  # progress units, why Run is off, the head's warnings, held answers (issue 23's smaller defects)
    'shards': 'シャード', 'phases': 'フェーズ', 'sequences': '系列', 'models': 'モデル',
    '{0} / {1} {2}': '{0} / {1} {2}', '{0} {1}/s': '{0} {1}/秒',
    'not ready: {0}': '準備未完了: {0}', 'Run is off: {0}': '実行できません: {0}',
    'fix the field marked in red in Settings': '設定で赤く示された項目を修正してください',
    'choose a model folder in Settings': '設定でモデルフォルダを選んでください',
    'choose a data file in Settings': '設定でデータファイルを選んでください',
    'the training settings do not fit the GPU (see the estimate in Settings)':
        '学習設定が GPU に収まりません (設定の見積もりを参照)',
    'checking the settings…': '設定を確認しています…',
    'Workspace {0} does not exist yet: the first run creates it.':
        'ワークスペース {0} はまだありません: 最初の実行で作成されます。',
    '{0} Showing {1} instead.': '{0} 代わりに {1} を表示しています。',
    'The stages after training are done again and their results replaced: {0}.':
        '学習より後のステージはやり直され、その結果は置き換えられます: {0}。',
    'Gate probabilities': 'ゲートの確率', 'Show held answer': '保留中の回答を表示',
    '({0} vs f16)': '(f16 比 {0})', '({0} vs HF)': '(HF 比 {0})',
    '⚠ Test accuracy {0} is under chance ({1}) + {2} points: the head barely tells the classes apart; '
    'do not rely on its decisions.':
        '⚠ テスト正解率 {0} は偶然の水準 ({1}) + {2} ポイントを下回っています: ヘッドはクラスをほとんど'
        '区別できていません。その判定に頼らないでください。',
    '⚠ The head predicts {0} for {1} test samples, while {2} are labelled {0}.':
        '⚠ ヘッドが {0} と予測したテストサンプルは {1} 件ですが、{0} のラベルは {2} 件あります。',
    '⚠ At T = {0} the gate decides {1} for {2} test samples, while {3} are labelled {1}: it rarely reaches '
    'that decision.':
        '⚠ T = {0} ではゲートが {1} と判定したテストサンプルは {2} 件ですが、{1} のラベルは {3} 件あります: '
        'ゲートはこの判定にめったに到達しません。',
    'Training runs on the CPU with this preset: no GPU memory is used.':
        'このプリセットでは学習は CPU で行われます: GPU メモリは使いません。',
})
JA.update({  # runs the window does not own: following, stopping, the background, a read-only workspace (gui/run_control.py)
    'Pause following': '追跡を一時停止', 'Resume following': '追跡を再開',
    "Stop taking the followed run's events and readings for now; the run goes on":
        '追跡中の実行のイベントと計測値の取り込みをいったん止めます。実行は続きます',
    'Workspace {0} cannot be written ({1}): choose a folder you can write to.':
        'ワークスペース {0} に書き込めません ({1})。書き込めるフォルダを選んでください。',
    'The workspace cannot be written': 'ワークスペースに書き込めません',
    'Not started: run {0} is still running.': '開始しませんでした: 実行 {0} がまだ実行中です。',
    'A run is already running': '実行がすでに進行中です',
    'Run {0} is still running. A second run shares the GPU with it: both may run out of memory, and both run slower.':
        '実行 {0} がまだ実行中です。2 つ目の実行は GPU を共有します。両方がメモリ不足になるおそれがあり、どちらも遅くなります。',
    'Start the new run anyway?': 'それでも新しい実行を開始しますか?', 'Start anyway': 'それでも開始',
    'Cannot ask the run to stop ({0}).': '実行に停止を依頼できません ({0})。',
    'stopping: the run writes a checkpoint at its next step…': '停止中: 実行は次のステップでチェックポイントを書き込みます…',
    'Following the run again.': '実行の追跡を再開しました。',
    'Following paused: the run goes on; its figures wait until you resume following.':
        '追跡を一時停止しました。実行は続いています。数値は追跡を再開すると取り込まれます。',
    'running on in the background as process {0}': 'プロセス {0} としてバックグラウンドで実行を続けます',
    'read-only file system': '読み取り専用のファイルシステム', 'permission denied': 'アクセス権がありません',
    'disk full': 'ディスクがいっぱいです',
})
JA.update({  # the compare view, the selected run's settings, the final figures of training (gui/compare_view.py …)
    'Compare': '比較', 'Runs to compare': '比較する実行', 'Tick two or more runs:': '実行を 2 つ以上チェック:',
    'Tick two or more runs to compare them.': '比較するには実行を 2 つ以上チェックしてください。',
    'Loss': '損失', 'loss': '損失', 'nats': 'nat', 'Reward': '報酬', 'mean reward': '平均報酬', 'step': 'ステップ',
    'setting': '設定項目', 'Settings that differ': '異なる設定', 'Evaluation (A/B), side by side': '評価 (A/B) の並列比較',
    'Reading {0} runs…': '{0} 件の実行を読み込んでいます…',
    'These runs cannot be compared: {0}': 'これらの実行は比較できません: {0}',
    'Runs: {0}. Settings that differ: {1}.': '実行 {0} 件、異なる設定 {1} 件。', '(not set)': '(未設定)',
    'Every stage ran with the same settings.': 'すべてのステージが同じ設定で実行されました。',
    'Use these settings': 'この設定を使う',
    "Copy this run's settings into the form on the Settings page": 'この実行の設定を「設定」ページのフォームにコピー',
    'no evaluation': '評価なし', 'The form now holds the settings of run {0}.': 'フォームに実行 {0} の設定を入れました。',
    'Read-only: what this run ran with. Change the form below for a new run.':
        '読み取り専用: この実行が使った設定です。新しい実行には下のフォームを変更してください。',
    'stage': 'ステージ', 'value': '値', "Copy this run's settings into the form below": 'この実行の設定を下のフォームにコピー',
    'Settings of run {0}': '実行 {0} の設定', 'Training: where each stage ended': '学習: 各ステージの最終値',
    'Final step': '最終ステップ', 'Final loss': '最終損失', 'Final KL to the base model': 'ベースモデルとの最終 KL',
    "KL: how far the tuned model's next-token distribution is from the base model's.":
        'KL: チューニング後モデルの次トークン分布がベースモデルからどれだけ離れているか。',
})
JA_REPORT.update({  # so8t compare --pdf --lang ja (so8t/compare/report.py): the window's words where it has them
    **{text: JA[text] for text in ('no evaluation', 'Reward', 'mean reward', 'Training speed', 'tokens/s', '(not set)',
                                   'Settings that differ', 'Runs: {0}. Settings that differ: {1}.')},
    'Runs': '実行', 'SO8T comparison — {0}': 'SO8T 比較 — {0}', 'Curves overlaid': '曲線の重ね描き',
    'Evaluation (A/B)': '評価 (A/B)',
    'The runs ran every stage with the same options.': 'どの実行もすべてのステージを同じオプションで実行しました。',
    'run': '実行', 'folder': 'フォルダ', 'No curves in these runs yet.': 'これらの実行にはまだ曲線がありません。',
})
JA.update({  # the labels of every training option (gui/option_labels.py), for a run's settings
    'model folder': 'モデルフォルダ', 'gate learning rate': 'ゲートの学習率', 'warm-up steps': 'ウォームアップのステップ数',
    'final learning rate (share of the peak)': '最終学習率 (ピークに対する比率)', 'LoRA alpha': 'LoRA の α',
    'LoRA dropout': 'LoRA ドロップアウト', 'gradient norm clip': '勾配ノルムのクリップ',
    'gate α frozen for (steps)': 'ゲート α を固定するステップ数', 'PET λ per phase': 'フェーズごとの PET λ',
    'PET phase ends': 'PET フェーズの終わり', 'optimizer': 'オプティマイザ', 'base weights': 'ベースの重み',
    'compute precision': '計算精度', 'deterministic algorithms': '決定的アルゴリズム',
    'gradient checkpointing': '勾配チェックポイント', 'checkpoints kept': '保持するチェックポイント数',
    'KL probe every (steps)': 'KL プローブの間隔 (ステップ)', 'KL probe samples': 'KL プローブのサンプル数',
    'embeddings and norms in fp32': '埋め込みと正規化を fp32 で保持', 'offload activations to CPU': '活性を CPU に退避',
    'fused kernels': '融合カーネル', 'training processes': '学習プロセス数', 'GPU memory cap (GB)': 'GPU メモリ上限 (GB)',
    'TensorBoard folder': 'TensorBoard フォルダ', 'strict thinking-tag check': '思考タグの厳格な検査',
    'text corpus': 'テキストコーパス', 'extra corpus': '追加コーパス', 'tokenizer': 'トークナイザ',
    'model family': 'モデルの系列', 'hidden size': '隠れ層のサイズ',
    'tokens per sequence': '系列あたりのトークン数', 'preset': 'プリセット', 'stages': 'ステージ',
})
JA.update({  # the checkpoint table with every training stage's store (gui/checkpoint_table.py)
    'stale: trained on a training that has been redone since; kept': '古い: その後やり直された学習の上で作られたもの (保持しています)',
    "The later stages' checkpoints are kept as they are and shown stale: {0}.": '後段ステージのチェックポイントはそのまま保持し、古いものとして表示します: {0}。',
})
JA_REPORT.update({  # the evaluate stage: its title, record labels, A/B table and plain words (so8t/evaluate/)
    'Evaluate (A/B)': '評価 (A/B)', 'held-out set': '評価用データ', 'held-out items': '評価項目数', 'compared': '比較',
    'in plain words': '要約', 'seconds': '秒',
    'held-out loss (nats per answer token)': '評価用損失 (回答トークンあたり nat)', 'answer match': '回答一致',
    'exact match': '完全一致', 'numeric match': '数値一致', 'contains match': '包含一致', 'format compliance': '思考形式の遵守',
    'refusals on DENY prompts': 'DENY プロンプトでの拒否', 'false refusals on ALLOW prompts': 'ALLOW プロンプトでの誤拒否',
    'answers the head judges DENY': 'ヘッドが DENY と判定した回答', 'distinct-2 of the answers': '回答の distinct-2',
    'repeated 4-grams in the answers': '回答中の繰り返し 4-gram', 'collapse flag': '崩壊フラグ',
    'metric': '指標', 'base': 'ベース', 'tuned': 'チューニング後', 'delta': '差', '95 % CI of the delta': '差の 95 % 信頼区間',
    'McNemar p': 'McNemar p 値', 'nats': 'nat', 'points': 'ポイント',
    '{0} by {1} {2} (95 % CI {3} to {4})': '{0}で {1} {2} (95 % 信頼区間 {3}〜{4})',
    '{0} is better on {1}': '{0} は {1} で優れています', 'worse on {0}': '{0} で劣ります',
    '{1} is worse on {0}': '{1} は {0} で劣ります', 'no clear difference on {0}': '{0} では明確な差はありません',
    "{0}'s text has collapsed (repetitive answers)": '{0} の文章は崩壊しています (繰り返しの回答)',
    '{0} and {1} answer alike on this set': 'このデータでは {0} と {1} の回答に差はありません',
    'A/B on {0} held-out items ({1})': '評価項目 {0} 件での A/B ({1})', 'GGUF': 'GGUF',
    'prompt tokens/s': 'プロンプト トークン/秒', 'generation tokens/s': '生成 トークン/秒',
    'prompt tokens/s (llama.cpp)': 'プロンプト トークン/秒 (llama.cpp)',
    'generation tokens/s (llama.cpp)': '生成 トークン/秒 (llama.cpp)',
    'Greedy generation speed in llama.cpp': 'llama.cpp での貪欲生成の速度', 'Collapsed text: {0}': '崩壊した文章: {0}',
})
JA.update({  # the evaluate stage's Results view (gui/evaluate_results.py) and its options (gui/option_labels.py)
    'models compared': '比較するモデル', 'new tokens per answer': '回答あたりの新規トークン数',
    'bootstrap resamples': 'ブートストラップの再標本数', 'lm-eval task folder': 'lm-eval タスクフォルダ',
    'items per lm-eval task': 'lm-eval タスクあたりの項目数',
    'A/B table: base against tuned': 'A/B 表: ベースとチューニング後の比較',
    '{0}: prompt {1} tokens/s, generation {2} tokens/s in llama.cpp':
        '{0}: llama.cpp でプロンプト {1} トークン/秒、生成 {2} トークン/秒',
})
#: The context of the engine's own texts the window shows (stage titles, record field labels).
ENGINE_CONTEXT = 'Names'


def engine_texts() -> list[str]:
    """Stage titles and record field labels: spelled once in the engine (STAGE.title, field metadata)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from so8t.pipeline.stages import built_in_stages
    from so8t.store.records import record_types

    texts = [stage.title for stage in built_in_stages()]
    for record_type in record_types():
        texts += [f.metadata['label'] for f in fields(record_type) if f.metadata.get('label')]
    return list(dict.fromkeys(texts))


def add_engine_texts(ts: Path) -> None:
    """lupdate reads only the window's literal strings: the engine's texts join the Names context here."""
    tree = ET.parse(ts)
    context = next((c for c in tree.getroot().iter('context') if c.findtext('name') == ENGINE_CONTEXT), None)
    if context is None:
        context = ET.SubElement(tree.getroot(), 'context')
        ET.SubElement(context, 'name').text = ENGINE_CONTEXT
    present = {m.findtext('source') for m in context.iter('message')}
    for text in engine_texts():
        if text not in present:
            message = ET.SubElement(context, 'message')
            ET.SubElement(message, 'source').text = text
            ET.SubElement(message, 'translation', type='unfinished')
    ET.indent(context, space='    ', level=1)
    tree.write(ts, encoding='utf-8', xml_declaration=True)


JA.update({text: JA_REPORT[text] for text in engine_texts() if text in JA_REPORT and text not in JA})
for name in ('so8t_en.ts', 'so8t_ja.ts'):
    add_engine_texts(Path(__file__).with_name(name))
path = Path(__file__).with_name('so8t_ja.ts')
t = ET.parse(path)
missing = []
for m in (m for c in t.getroot().iter('context') if c.findtext('name') != REPORT_CONTEXT for m in c.iter('message')):
    src = m.find('source').text
    tr = m.find('translation')
    if src in JA:
        tr.text = JA[src]
        tr.attrib.pop('type', None)
    else:
        missing.append(src)
missing += write_report_context(t.getroot(), JA_REPORT)
t.getroot().set('language', 'ja_JP')
t.write(path, encoding='utf-8', xml_declaration=True)
print('missing', missing)
