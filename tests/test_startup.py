"""The collector held while the app starts (archive_app.startup) and given back by the CLI."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from archive_app import cli, commands
from archive_app.startup import hold_collector, release_collector


@pytest.fixture(autouse=True)
def _collector_as_found() -> Iterator[None]:
    was = gc.isenabled()
    yield
    release_collector()
    if was:
        gc.enable()
    else:
        gc.disable()


def test_hold_and_release() -> None:
    gc.enable()
    hold_collector()
    assert not gc.isenabled()
    release_collector()
    assert gc.isenabled()
    release_collector()  # a second release changes nothing
    assert gc.isenabled()


def test_a_collector_someone_else_turned_off_stays_off() -> None:
    gc.disable()
    hold_collector()
    release_collector()
    assert not gc.isenabled()


def test_a_cli_command_runs_with_the_collector_on(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    gc.enable()
    hold_collector()
    seen: list[bool] = []
    real = commands.cmd_list

    def spy(args: object) -> int:
        seen.append(gc.isenabled())
        return real(args)  # type: ignore[arg-type]

    monkeypatch.setattr(commands, "cmd_list", spy)
    assert cli.main(["list"]) == 0
    assert seen == [True]
    assert "2021" in capsys.readouterr().out
