; SO8T Control Panel: the Windows installer (Inno Setup 6). Built by packaging/build-installer,
; which stages the [Files] sources in build\installer and passes AppVersion. A per-user install:
; no administrator rights, everything under %LOCALAPPDATA%. The README's Windows section explains it.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "SO8T Control Panel"
#define BuildDir "build\installer"
; The same Python as packaging/bootstrap.py's PYTHON_VERSION (a test keeps them equal).
#define PythonVersion "3.12"
; The same key and value name as `so8t autostart on` (so8t/autostart.py; a test keeps them equal).
#define RunKey "Software\Microsoft\Windows\CurrentVersion\Run"
#define RunValueName "SO8T Control Panel"
; Where the program keeps runs and settings (platformdirs' user data folder, QSettings' key).
#define UserDataDir "{localappdata}\SO8T Control Panel"
#define SettingsKey "Software\SO8T\SO8T Control Panel"

[Setup]
; Fixed forever: upgrades and repairs find the installed copy by it.
AppId={{8E0F6C2A-3B5D-4C71-9A7E-5D2B1F4C8A63}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=SO8T
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64
ArchitecturesInstallIn64BitMode=x64
OutputDir=dist
OutputBaseFilename=SO8T-Control-Panel-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName={#AppName}
SetupLogging=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "ja"; MessagesFile: "compiler:Languages\Japanese.isl"

[CustomMessages]
en.AutostartTask=Resume interrupted runs when I log on
ja.AutostartTask=ログオン時に中断された実行を再開する
en.StepPython=Installing Python {#PythonVersion} into the program folder…
ja.StepPython=プログラムフォルダーに Python {#PythonVersion} をインストールしています…
en.Stepvenv=Creating the Python environment…
ja.Stepvenv=Python 環境を作成しています…
en.Steppackages=Downloading and installing the libraries (about 360 MB)…
ja.Steppackages=ライブラリをダウンロードしてインストールしています（約 360 MB）…
en.Steptorch=Downloading and installing torch (CUDA build about 3 GB, CPU build about 120 MB)…
ja.Steptorch=torch をダウンロードしてインストールしています（CUDA 版 約 3 GB、CPU 版 約 120 MB）…
en.Stepkernels=Installing the fused training kernels (triton-windows, liger-kernel; with the CUDA build of torch only)…
ja.Stepkernels=学習用の融合カーネルをインストールしています（triton-windows、liger-kernel。torch の CUDA 版のときのみ）…
en.Stepllama=Installing llama-cpp-python (for GGUF chat)…
ja.Stepllama=llama-cpp-python をインストールしています（GGUF チャット用）…
en.Stepproject=Installing SO8T Control Panel…
ja.Stepproject=SO8T Control Panel をインストールしています…
en.Stepcheck=Checking the installation (so8t selfcheck)…
ja.Stepcheck=インストールを確認しています（so8t selfcheck）…
en.LogIn=Details: %1
ja.LogIn=詳細: %1
en.BootstrapFailed=Setup could not finish the step "%1" (exit code %3). Nothing of yours was changed. The log %2 says why; after fixing it (often the network), run this setup again: it repairs the installation in place.
ja.BootstrapFailed=手順「%1」を完了できませんでした（終了コード %3）。ユーザーのデータは変更されていません。原因はログ %2 に記録されています。問題（多くはネットワーク）を解決してから、このセットアップをもう一度実行すると、その場で修復されます。
en.BootstrapFailedHeading=SO8T Control Panel is not ready yet
ja.BootstrapFailedHeading=SO8T Control Panel はまだ使える状態ではありません
en.TorchCuda=torch: CUDA build (%1), for your NVIDIA GPU.
ja.TorchCuda=torch: CUDA 版（%1）— NVIDIA GPU 用。
en.TorchCpu=torch: CPU build (no NVIDIA driver new enough for the CUDA build was found).
ja.TorchCpu=torch: CPU 版（CUDA 版に必要な新しさの NVIDIA ドライバーが見つかりませんでした）。
en.KernelsOn=Fused training kernels: on (triton-windows and liger-kernel installed).
ja.KernelsOn=学習用の融合カーネル: 有効（triton-windows と liger-kernel をインストールしました）。
en.KernelsCpu=Fused training kernels: off (they need the CUDA build of torch); training takes the plain PyTorch path.
ja.KernelsCpu=学習用の融合カーネル: 無効（torch の CUDA 版が必要です）。学習は通常の PyTorch の経路で動きます。
en.KernelsFailed=Fused training kernels: off, because triton-windows and liger-kernel could not be installed (the log %1 says why). Training works on the plain PyTorch path, more slowly; run this setup again to retry.
ja.KernelsFailed=学習用の融合カーネル: 無効。triton-windows と liger-kernel をインストールできませんでした（原因はログ %1 に記録されています）。学習は通常の PyTorch の経路で動きますが遅くなります。再試行するにはこのセットアップをもう一度実行してください。
en.LlamaPrebuilt=llama-cpp-python: prebuilt wheel (%1).
ja.LlamaPrebuilt=llama-cpp-python: ビルド済みパッケージ（%1）。
en.LlamaSource=llama-cpp-python: built from source with your Build Tools.
ja.LlamaSource=llama-cpp-python: Build Tools でソースからビルドしました。
en.LlamaMissing=llama-cpp-python: not installed (no prebuilt wheel fits and no Build Tools were found); quantizing and GGUF chat are unavailable until you install Visual Studio Build Tools and run this setup again.
ja.LlamaMissing=llama-cpp-python: 未インストール（合うビルド済みパッケージも Build Tools もありません）。Visual Studio Build Tools を入れてからこのセットアップを再実行するまで量子化と GGUF チャットは使えません。
en.RemoveDataPrompt=Also remove your runs, checkpoints and settings?%n%n%1%n%nChoose No to keep them for a later installation.
ja.RemoveDataPrompt=実行結果、チェックポイント、設定も削除しますか？%n%n%1%n%n後で再インストールするときのために残すには「いいえ」を選んでください。
en.LaunchProgram=Start SO8T Control Panel
ja.LaunchProgram=SO8T Control Panel を起動する

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "autostart"; Description: "{cm:AutostartTask}"; Flags: unchecked

[InstallDelete]
; An upgrade carries a new wheel; the bootstrap installs the one wheel it finds.
Type: files; Name: "{app}\packages\so8t_control_panel-*.whl"

[Files]
Source: "{#BuildDir}\so8t_control_panel-*.whl"; DestDir: "{app}\packages"; Flags: ignoreversion
Source: "{#BuildDir}\windows-lock.txt"; DestDir: "{app}\packages"; Flags: ignoreversion
Source: "{#BuildDir}\uv.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BuildDir}\bootstrap.py"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\env\Scripts\so8t-panel.exe"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\env\Scripts\so8t-panel.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; What `so8t autostart on` writes: pythonw.exe of the environment, `-m so8t resume --interrupted`.
Root: HKCU; Subkey: "{#RunKey}"; ValueType: string; ValueName: "{#RunValueName}"; ValueData: """{app}\env\Scripts\pythonw.exe"" -m so8t resume --interrupted"; Tasks: autostart; Flags: uninsdeletevalue

[Run]
Filename: "{app}\env\Scripts\so8t-panel.exe"; Description: "{cm:LaunchProgram}"; Flags: nowait postinstall skipifsilent; Check: BootstrapSucceeded

[UninstallDelete]
; What the bootstrap created; the user's runs and settings live elsewhere (UserDataDir, SettingsKey).
Type: filesandordirs; Name: "{app}\env"
Type: filesandordirs; Name: "{app}\python"
Type: filesandordirs; Name: "{app}\uv-cache"
Type: files; Name: "{app}\install.log"
Type: files; Name: "{app}\install-summary.ini"
Type: dirifempty; Name: "{app}"

[Code]
const
  StepCount = 7;

var
  BootstrapFailed: Boolean;
  FailedStep, FailedLog: String;
  FailedCode: Integer;
  RemoveUserData: Boolean;

function SetEnvironmentVariable(lpName: String; lpValue: String): BOOL;
  external 'SetEnvironmentVariableW@kernel32.dll stdcall';

{ The bootstrap's steps, in order: packaging/bootstrap.py's STEPS (a test keeps them equal). }
function StepName(I: Integer): String;
begin
  case I of
    1: Result := 'venv';
    2: Result := 'packages';
    3: Result := 'torch';
    4: Result := 'kernels';
    5: Result := 'llama';
    6: Result := 'project';
    7: Result := 'check';
  end;
end;

function LogFile: String;
begin
  Result := ExpandConstant('{app}\install.log');
end;

function BootstrapSucceeded: Boolean;
begin
  Result := not BootstrapFailed;
end;

{ One step: uv.exe with Params, waited for (the wizard keeps repainting), shown on the progress page. }
function RunStep(const Params, Status: String; Index: Integer; var ResultCode: Integer): Boolean;
begin
  WizardForm.StatusLabel.Caption := Status;
  if Index = 0 then
    WizardForm.FilenameLabel.Caption := FmtMessage(CustomMessage('LogIn'), [ExpandConstant('{log}')])
  else
    WizardForm.FilenameLabel.Caption := FmtMessage(CustomMessage('LogIn'), [LogFile]);
  WizardForm.ProgressGauge.Position := Index;
  Log('bootstrap: uv.exe ' + Params);
  Result := Exec(ExpandConstant('{app}\uv.exe'), Params, ExpandConstant('{app}'), SW_HIDE,
                 ewWaitUntilTerminated, ResultCode) and (ResultCode = 0);
  if not Result then
    Log(Format('bootstrap: failed, exit code %d', [ResultCode]));
end;

procedure StepFailed(const Name: String; Code: Integer);
begin
  BootstrapFailed := True;
  FailedStep := Name;
  FailedCode := Code;
  { The python step runs before the bootstrap can keep its log: Setup's own log has its exit code. }
  if Name = 'python' then
    FailedLog := ExpandConstant('{log}')
  else
    FailedLog := LogFile;
  SuppressibleMsgBox(FmtMessage(CustomMessage('BootstrapFailed'), [Name, FailedLog, IntToStr(Code)]),
                     mbCriticalError, MB_OK, IDOK);
end;

procedure RunBootstrap;
var
  I, ResultCode: Integer;
  Common: String;
begin
  { Python, uv's cache and the environment all stay inside the program folder. }
  SetEnvironmentVariable('UV_PYTHON_INSTALL_DIR', ExpandConstant('{app}\python'));
  SetEnvironmentVariable('UV_CACHE_DIR', ExpandConstant('{app}\uv-cache'));
  SetEnvironmentVariable('UV_NO_CONFIG', '1');
  WizardForm.ProgressGauge.Min := 0;
  WizardForm.ProgressGauge.Max := StepCount + 1;
  if not RunStep('python install {#PythonVersion}', CustomMessage('StepPython'), 0, ResultCode) then
  begin
    StepFailed('python', ResultCode);
    exit;
  end;
  Common := 'run --no-project --managed-python --python {#PythonVersion} '
    + AddQuotes(ExpandConstant('{app}\bootstrap.py')) + ' --app ' + AddQuotes(ExpandConstant('{app}'))
    + ' --uv ' + AddQuotes(ExpandConstant('{app}\uv.exe')) + ' --step ';
  for I := 1 to StepCount do
    if not RunStep(Common + StepName(I), CustomMessage('Step' + StepName(I)), I, ResultCode) then
    begin
      StepFailed(StepName(I), ResultCode);
      exit;
    end;
  WizardForm.ProgressGauge.Position := StepCount + 1;
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
    RunBootstrap;
end;

{ What the bootstrap installed (install-summary.ini), in the user's language. }
function InstallSummary: String;
var
  Ini, Torch, Kernels, Llama: String;
begin
  Ini := ExpandConstant('{app}\install-summary.ini');
  Torch := GetIniString('install', 'torch', '', Ini);
  Kernels := GetIniString('install', 'kernels', '', Ini);
  Llama := GetIniString('install', 'llama', '', Ini);
  if Copy(Torch, 1, 2) = 'cu' then
    Result := FmtMessage(CustomMessage('TorchCuda'), [Torch])
  else
    Result := CustomMessage('TorchCpu');
  if Kernels = 'installed' then
    Result := Result + #13#10 + CustomMessage('KernelsOn')
  else if Kernels = 'failed' then
    Result := Result + #13#10 + FmtMessage(CustomMessage('KernelsFailed'), [LogFile])
  else if Kernels = 'cpu' then
    Result := Result + #13#10 + CustomMessage('KernelsCpu');
  if Copy(Llama, 1, 9) = 'prebuilt-' then
    Result := Result + #13#10 + FmtMessage(CustomMessage('LlamaPrebuilt'), [Copy(Llama, 10, Length(Llama))])
  else if Llama = 'source' then
    Result := Result + #13#10 + CustomMessage('LlamaSource')
  else
    Result := Result + #13#10 + CustomMessage('LlamaMissing');
end;

procedure CurPageChanged(CurPageID: Integer);
begin
  if CurPageID = wpFinished then
  begin
    if BootstrapFailed then
    begin
      WizardForm.FinishedHeadingLabel.Caption := CustomMessage('BootstrapFailedHeading');
      WizardForm.FinishedLabel.Caption :=
        FmtMessage(CustomMessage('BootstrapFailed'), [FailedStep, FailedLog, IntToStr(FailedCode)]);
    end
    else
      WizardForm.FinishedLabel.Caption := WizardForm.FinishedLabel.Caption + #13#10#13#10 + InstallSummary;
  end;
end;

{ Uninstall: the program and its environment go; runs and settings stay unless the user says Yes. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usUninstall then
  begin
    RemoveUserData := False;
    if not UninstallSilent then
      RemoveUserData := MsgBox(FmtMessage(CustomMessage('RemoveDataPrompt'), [ExpandConstant('{#UserDataDir}')]),
                               mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
    { A Run-key entry (from the task or `so8t autostart on`) would start a program that is gone. }
    RegDeleteValue(HKEY_CURRENT_USER, '{#RunKey}', '{#RunValueName}');
  end;
  if (CurUninstallStep = usPostUninstall) and RemoveUserData then
  begin
    DelTree(ExpandConstant('{#UserDataDir}'), True, True, True);
    RegDeleteKeyIncludingSubkeys(HKEY_CURRENT_USER, '{#SettingsKey}');
    RegDeleteKeyIfEmpty(HKEY_CURRENT_USER, 'Software\SO8T');
  end;
end;
