# Windows only: installs the setup silently into a temporary folder (per user, no admin
# rights), runs the INSTALLED app's `smartgrowth-cli --version`, `selftest` and the
# window's `--smoke-test` (offscreen), then uninstalls it. The user's data folder is not
# touched: the checks use throwaway profiles.
#
#   powershell -ExecutionPolicy Bypass -File installer\windows\check-installed.ps1 dist\smartgrowth-desk-<version>-windows-x64-setup.exe
param([Parameter(Mandatory = $true)][string]$Setup)
$ErrorActionPreference = "Stop"
$target = Join-Path ([System.IO.Path]::GetTempPath()) ("smartgrowth-check-" + [guid]::NewGuid())
$log = "$target.log"
$install = Start-Process -FilePath $Setup -Wait -PassThru -ArgumentList @(
    "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/CURRENTUSER", "/DIR=$target", "/LOG=$log")
if ($install.ExitCode -ne 0) { Get-Content $log; throw "setup failed ($($install.ExitCode))" }
$cli = Join-Path $target "smartgrowth-cli.exe"
$app = Join-Path $target "smartgrowth.exe"
function Check([string]$Name, [string]$Expected, [scriptblock]$Command) {
    $out = (& $Command 2>&1 | Out-String)
    if ($LASTEXITCODE -ne 0 -or -not $out.Contains($Expected)) {
        Write-Output "FAIL installed $Name`n$out"; exit 1
    }
    Write-Output "PASS installed $Name"
}
Check "smartgrowth-cli --version" "smartgrowth-cli" { & $cli --version }
Check "selftest" "PASS sync an edit, then new linked records" { & $cli selftest }
# a windowed program has no console: the smoke test is judged by its exit code and the
# screenshots it saves (SMARTGROWTH_SMOKE_SCREENSHOT)
$env:QT_QPA_PLATFORM = "offscreen"
$env:SMARTGROWTH_SMOKE_SCREENSHOT = "$target-shots"
$smoke = Start-Process -FilePath $app -ArgumentList "--smoke-test" -Wait -PassThru
if ($smoke.ExitCode -ne 0 -or -not (Test-Path "$target-shots\window.png")) {
    Write-Output "FAIL installed window smoke test (exit $($smoke.ExitCode))"; exit 1
}
Write-Output "PASS installed window smoke test"
$uninstaller = Join-Path $target "unins000.exe"
Start-Process -FilePath $uninstaller -Wait -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES"
Write-Output "installed app checked and uninstalled"
