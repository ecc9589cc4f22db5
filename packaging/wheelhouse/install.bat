@echo off
rem Windows: double-click to install June Fourth Archive from this folder alone, with no network.
rem Needs Python @PYTHONS@ from python.org (tick "Add python.exe to PATH", or use the py launcher).
setlocal
set "HERE=%~dp0"
set "PY=python"
where py >nul 2>nul && set "PY=py -3"
%PY% -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)" 2>nul
if errorlevel 1 (
  echo June Fourth Archive needs Python 3.11 or newer: install it from python.org, then run this again.
  pause
  exit /b 1
)
set "TARGET=%LOCALAPPDATA%\june-fourth-archive\venv"
echo Installing into %TARGET% (offline) ...
%PY% -m venv --clear "%TARGET%" || goto failed
"%TARGET%\Scripts\python.exe" -m pip install --quiet --disable-pip-version-check --no-index --find-links "%HERE%wheels" "%HERE%@WHEEL@" || goto failed
echo Done. Start it with: "%TARGET%\Scripts\june-fourth-archive.exe"
pause
exit /b 0
:failed
echo The installation failed; the messages above say why.
pause
exit /b 1
