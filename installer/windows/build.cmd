@echo off
rem Builds dist\smartgrowth-desk-<version>-windows-x64-setup.exe on Windows.
rem Needs: Python 3.11+ (python.org), Inno Setup 6 (iscc on PATH). From the repository root:
rem   python -m venv .venv && .venv\Scripts\pip install -e .[dist]
rem   installer\windows\build.cmd
setlocal
cd /d "%~dp0\..\.."
for /f %%v in ('.venv\Scripts\python installer\version.py') do set VERSION=%%v
if "%VERSION%"=="" (echo cannot read the version & exit /b 1)
.venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller installer\smartgrowth.spec || exit /b 1
dist\smartgrowth-desk\smartgrowth-cli.exe selftest || exit /b 1
iscc /DAppVersion=%VERSION% installer\windows\smartgrowth.iss || exit /b 1
echo dist\smartgrowth-desk-%VERSION%-windows-x64-setup.exe
