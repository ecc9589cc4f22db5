"""Shared by the edition tests: a library with hostile and local texts, and the browser driver.

The browser tests drive Debian's chromium with ``playwright-core`` from npm
(``tests/browser``). On a developer machine without them they skip and say why; with ``CI``
set in the environment a missing piece fails the run instead, so CI never passes by skipping.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import bagit
import pytest

from archive_app.core.record import Archive, Library
from tests.conftest import ARCHIVE, REPO

BROWSER_DIR = REPO / "tests" / "browser"
CHROMIUM = Path(os.environ.get("EDITION_CHROMIUM", "/usr/bin/chromium"))
FONTS = REPO / "resources" / "fonts"

HOSTILE_TITLE = '<img src="https://example.invalid/x.png" onerror="alert(1)"><b>Bold</b> 標題'
HOSTILE_PARAGRAPH = "</script><script>alert(2)</script><b>markup</b> 國家安全法 是文字"
HOSTILE_SIGNATORY = '<iframe src="https://example.invalid/"></iframe>Signer & Co'


def tricky_library(folder: Path) -> Library:
    """The shipped 2021 plus a local second text of 2021 whose title, a paragraph and a
    signatory are markup (which must stay text)."""
    statement = json.loads((ARCHIVE / "data" / "statements" / "2021.json").read_text("utf-8"))
    statement["title"] = HOSTILE_TITLE
    statement["zh"] = [*statement["zh"], HOSTILE_PARAGRAPH]
    statement["en"] = [*statement["en"], "A local paragraph about <script>vigils</script>."]
    statement["signatories"] = [*statement["signatories"], HOSTILE_SIGNATORY]
    statement["source"] = {**statement["source"], "sha256": "0" * 64, "url": "javascript:alert(3)"}
    root = folder / "user-archive"
    (root / "statements").mkdir(parents=True)
    (root / "statements" / "2021.v2.json").write_text(
        json.dumps(statement, ensure_ascii=False, indent=2), "utf-8"
    )
    bagit.make_bag(str(root), {"External-Description": "TEST FIXTURE"}, checksums=["sha256"])
    return Library.combine(Archive.load(ARCHIVE), Archive.load(root), user_root=root)


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.is_file():
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    if shutil.which("node") is None:
        return "no node (apt-get install nodejs npm)"
    if not (BROWSER_DIR / "node_modules" / "playwright-core").is_dir():
        return "playwright-core is not installed (cd tests/browser && npm ci)"
    return None


def require_browser() -> None:
    reason = browser_missing()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


def _fontconfig(folder: Path) -> Path:
    """A fontconfig file adding the app's own CJK font, so screenshots show Chinese even on a
    machine without a Chinese font (the page itself asks only for the system's fonts)."""
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{FONTS}</dir><cachedir>{folder / 'fc-cache'}</cachedir></fontconfig>\n",
        "utf-8",
    )
    return conf


def drive(tasks: list[dict[str, Any]], folder: Path, timeout: float = 120) -> list[Any]:
    """Run ``tests/browser/drive.mjs`` on ``tasks``; what it saw, one object per task."""
    require_browser()
    config = folder / "drive.json"
    config.write_text(json.dumps({"chromium": str(CHROMIUM), "tasks": tasks}), "utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig(folder)), "HOME": str(folder)}
    done = subprocess.run(
        ["node", str(BROWSER_DIR / "drive.mjs"), str(config)],
        cwd=BROWSER_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: list[Any] = json.loads(done.stdout)
    return result
