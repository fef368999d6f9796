"""Fill so8t_ja.ts with the Japanese texts below (run after pyside6-lupdate, then pyside6-lrelease)."""

import xml.etree.ElementTree as ET
from pathlib import Path

JA = {
'Checkpoints': 'チェックポイント', 'Step': 'ステップ', 'Time': '時刻', 'Size': 'サイズ',
'Valid / why not': '有効性 / 無効の理由', 'Pin': '固定', 'Resume': '再開', 'valid': '有効',
'invalid: {0}': '無効: {0}', 'Resume from here': 'ここから再開',
'This checkpoint is incomplete or damaged and cannot be resumed.': 'このチェックポイントは不完全または破損しているため再開できません。',
'VRAM': 'VRAM', 'MiB': 'MiB', 'seconds': '秒', 'GPU utilisation': 'GPU 使用率', 'GPU temperature': 'GPU 温度',
'GPU power': 'GPU 電力', 'Loss': '損失', 'loss': '損失', 'step': 'ステップ', 'KL to base': 'ベースとの KL',
'nats': 'nat', 'used (card)': '使用量 (カード全体)', 'this run': 'この実行', 'card limit': 'カード上限',
'No GPU telemetry yet.': 'GPU テレメトリはまだありません。', 'card limit {0:.0f} MiB': 'カード上限 {0:.0f} MiB',
'No NVIDIA GPU: telemetry is off.': 'NVIDIA GPU がありません: テレメトリは無効です。', '{0}: {1} / {2} MiB': '{0}: {1} / {2} MiB',
'Log': 'ログ', 'SO8T Control Panel': 'SO8T コントロールパネル', 'Run': '実行', 'Start a new run (Ctrl+R)': '新しい実行を開始 (Ctrl+R)',
'Stop': '停止', 'Stop the running stage; training writes a checkpoint first (Ctrl+.)': '実行中のステージを停止 (学習は先にチェックポイントを書き込みます) (Ctrl+.)',
'Continue the selected run from its newest valid checkpoint': '選択した実行を最新の有効なチェックポイントから再開',
'Export PDF': 'PDF を出力', "Write the selected run's report as a PDF (Ctrl+E)": '選択した実行のレポートを PDF に書き出す (Ctrl+E)',
'idle': '待機中', 'Resume it': '再開する', 'Not now': '後で', 'Runs': '実行一覧', 'Stages': 'ステージ', 'Settings': '設定',
'Dashboard': 'ダッシュボード', 'Results': '結果', 'Choose a valid model folder and data file first': '先に有効なモデルフォルダとデータファイルを選んでください',
' ({0} more in the run list)': ' (実行一覧にほか {0} 件)',
'Run {0} was interrupted before it finished (stages left: {1}){2}. Resuming continues from its newest valid checkpoint.':
    '実行 {0} は完了前に中断されました (残りのステージ: {1}){2}。再開すると最新の有効なチェックポイントから続行します。',
'Fix the settings marked in red first.': '赤で示された設定を先に修正してください。', 'new run from {0}': '{0} から新しい実行',
'This version resumes from the newest valid checkpoint ({0}) only.': 'このバージョンは最新の有効なチェックポイント ({0}) からのみ再開できます。',
'starting…': '開始中…', 'running': '実行中', 'stopping: writing a checkpoint…': '停止中: チェックポイントを書き込んでいます…',
'stopping…': '停止中…', '{0}: starting…': '{0}: 開始中…', 'checkpoint at step {0}: {1}': 'ステップ {0} のチェックポイント: {1}',
'Run finished.': '実行が完了しました。', 'Stopped. Resume continues from the checkpoint written at the stop.': '停止しました。再開すると停止時に書き込んだチェックポイントから続行します。',
'The stage did not stop in time and was killed; resume from the last checkpoint.': 'ステージが時間内に停止しなかったため強制終了しました。最後のチェックポイントから再開してください。',
'The stage failed; see the log.': 'ステージが失敗しました。ログを確認してください。',
'The stage process crashed; see the log, then resume.': 'ステージのプロセスがクラッシュしました。ログを確認してから再開してください。',
'writing the report…': 'レポートを書き出しています…', 'report…': 'レポート…', 'report written': 'レポート出力済み', 'report failed': 'レポート失敗',
'Report written: {0}': 'レポートを書き出しました: {0}', 'Report failed: {0}': 'レポートの出力に失敗しました: {0}',
'The language changes when the panel is started again.': '言語はパネルの次回起動時に切り替わります。',
'A stage is running': 'ステージが実行中です', 'A stage is still running. What should happen to it?': 'ステージがまだ実行中です。どうしますか?',
'Keep running in the background': 'バックグラウンドで実行を続ける', 'Stop with a checkpoint': 'チェックポイントを書いて停止', 'Cancel': 'キャンセル',
'Browse…': '参照…', 'JSON Lines (*.jsonl *.json);;All files (*)': 'JSON Lines (*.jsonl *.json);;すべてのファイル (*)',
'Reliability diagram': '信頼性ダイアグラム', 'confidence': '確信度', 'accuracy': '正解率', 'Bake: not run yet.': 'ベイク: 未実行。',
'File': 'ファイル', 'Fidelity': '忠実度', 'Metric': '指標', 'Value': '値', 'GGUF files': 'GGUF ファイル',
'Triality (ALLOW / ESCALATION / DENY)': 'トライアリティ (ALLOW / ESCALATION / DENY)', 'Calibration': '較正', 'passed': '合格', 'FAILED': '不合格',
'Bake verification {0}: max |Δlogit| {1}, KL {2}, top-1 agreement {3}': 'ベイク検証 {0}: 最大 |Δlogit| {1}、KL {2}、top-1 一致率 {3}',
'not checked': '未検査', 'finished': '完了', 'failed': '失敗', 'INTERRUPTED — can be resumed': '中断 — 再開できます', 'pending': '未実行',
'This run stopped before it finished (crash, power cut or reboot). Select it and press Resume.': 'この実行は完了前に止まりました (クラッシュ、停電、再起動)。選択して「再開」を押してください。',
'Model folder (Hugging Face, safetensors)': 'モデルフォルダ (Hugging Face、safetensors)', 'Use the demo model': 'デモモデルを使う',
'The built-in tiny model, pretrained on the demo corpus at the start of the run: the whole pipeline in minutes on CPU, offline.':
    '内蔵の小さなモデル (実行の最初にデモコーパスで事前学習): CPU・オフラインで数分でパイプライン全体を試せます。',
'SFT data file (JSONL)': 'SFT データファイル (JSONL)', 'Workspace folder': 'ワークスペースフォルダ', 'System language': 'システムの言語',
'Model and data': 'モデルとデータ', 'Model': 'モデル', 'Data': 'データ', 'Workspace': 'ワークスペース', 'GGUF quantization': 'GGUF 量子化',
'Training (defaults fit a 12 GB card)': '学習 (既定値は 12 GB カード向け)',
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
'Calibrate': '較正', 'Report': 'レポート', 'skipped (done before)': 'スキップ (実行済み)', 'interrupted': '中断', 'stopped': '停止', 'training': '学習', 'demo pretraining': 'デモの事前学習', 'no NVIDIA GPU': 'NVIDIA GPU なし', 'This run is running in another process; following its events.': 'この実行は別のプロセスで実行中です。イベントを追跡しています。', 'Later stages (unfold one to change its settings)': '後続のステージ (開くと設定を変更できます)',
}
# The Playground tab (gui/playground.py) and the window texts around it.
JA.update({
'Playground': 'プレイグラウンド', 'You': 'あなた', 'final': '最終回答', 'Needs review': '要レビュー',
'show the held answer': '保留中の回答を表示', 'Refused: the model was not asked.': '拒否: モデルには問い合わせていません。',
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
    ' (with activations offloaded to CPU memory)': ' (活性化を CPU メモリへ退避)',
    "Estimated peak {0:.1f} GiB, more than the card's {1:.1f} GiB: Run is off":
        '推定ピーク {0:.1f} GiB はカードの {1:.1f} GiB を超えます: 実行できません',
    '. Fits with: {0}': '。収まる設定: {0}',
    '. No shorter length fits: choose a smaller model or a larger card':
        '。短くしても収まりません: より小さいモデルか大きいカードを選んでください',
})
path = Path(__file__).with_name('so8t_ja.ts')
t = ET.parse(path)
missing = []
for m in t.getroot().iter('message'):
    src = m.find('source').text
    tr = m.find('translation')
    if src in JA:
        tr.text = JA[src]
        tr.attrib.pop('type', None)
    else:
        missing.append(src)
t.getroot().set('language', 'ja_JP')
t.write(path, encoding='utf-8', xml_declaration=True)
print('missing', missing)
