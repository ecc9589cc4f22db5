"""Fuzzers' fixture and end-of-run report; the helpers are in ``tests/fuzz/harness.py``."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.fuzz.harness import FUZZ_SECONDS, OUTCOMES, TRIED


@pytest.fixture
def fuzz() -> Callable[[Callable[[], Any]], None]:
    """Run a hypothesis test once (``make test``) or round after round for the budget."""

    def run(test: Callable[[], Any]) -> None:
        if not FUZZ_SECONDS:
            test()
            return
        deadline = time.monotonic() + FUZZ_SECONDS
        while time.monotonic() < deadline:
            test()

    return run


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not TRIED:
        return
    terminalreporter.section("fuzz: inputs tried per target")
    for target in sorted(TRIED):
        detail = ", ".join(f"{k} {v}" for k, v in sorted(OUTCOMES[target].items()))
        terminalreporter.write_line(f"{target:<34} {TRIED[target]:>8}   ({detail})")
    report = os.environ.get("FUZZ_REPORT")
    if report:
        with open(report, "w", encoding="utf-8") as handle:
            payload = {t: {"tried": n, **OUTCOMES[t]} for t, n in TRIED.items()}
            json.dump(payload, handle, indent=2, sort_keys=True)
