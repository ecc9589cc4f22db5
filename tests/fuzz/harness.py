"""Hostile-input fuzzers (issue 15): every byte from outside is data.

Each fuzzer is a hypothesis test whose body feeds one input to a public entry point and checks
the promises: no exception but the documented one (an :class:`ArchiveAppError` naming the file),
no hang (each input runs under an alarm of :data:`PER_INPUT_SECONDS`), no silent text loss where
that can be stated.

The shared parts live here (not in ``conftest.py``, which pytest imports under a name of its
own: counters kept there would not be the ones the tests count into).

Budgets: in ``make test`` each fuzzer runs ``FUZZ_EXAMPLES`` inputs (default 40, a few seconds in
all). ``make fuzz`` sets ``FUZZ_SECONDS``: each fuzzer then runs round after round of fresh random
inputs until its time is up. The number of inputs each fuzzer tried is printed at the end of the
run (and written to ``$FUZZ_REPORT`` as JSON when that is set).
"""

from __future__ import annotations

import os
from collections import Counter
from contextlib import AbstractContextManager

from hypothesis import HealthCheck, settings

from tests.hostile import hang_guard

PER_INPUT_SECONDS = 10
FUZZ_SECONDS = float(os.environ.get("FUZZ_SECONDS", "0") or 0)
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))

TRIED: Counter[str] = Counter()
OUTCOMES: dict[str, Counter[str]] = {}

settings.register_profile(
    "fuzz",
    max_examples=FUZZ_EXAMPLES if not FUZZ_SECONDS else 400,
    deadline=None,  # hangs are caught by the alarm; slow machines must not fail the suite
    database=None,  # nothing written into the checkout
    derandomize=False,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
    print_blob=True,
)
FUZZ = settings.get_profile("fuzz")


def per_input_limit(seconds: int = PER_INPUT_SECONDS) -> AbstractContextManager[None]:
    """A hang is a failure: the input that took longer than ``seconds`` is reported."""
    return hang_guard(seconds)


def tried(target: str, outcome: str) -> None:
    """Count one input of ``target`` and what became of it (accepted / refused / ...)."""
    TRIED[target] += 1
    OUTCOMES.setdefault(target, Counter())[outcome] += 1
