"""The wheelhouse folder's install scripts and signature (the downloads run in make wheelhouse)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import minisign
import pytest

from archive_app.core.distribution import parse_public_key, verify_bundle, write_manifest
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "packaging"))

import wheelhouse

WHEEL = Path("june_fourth_archive-0.1.0-py3-none-any.whl")


@pytest.mark.parametrize("template", wheelhouse.TEMPLATES)
def test_install_scripts_name_the_wheel_and_install_offline(template: str) -> None:
    text = wheelhouse.render(template, WHEEL)
    assert "@" not in text.replace("@echo off", "")  # every placeholder filled
    assert WHEEL.name in text and "--no-index" in text and "wheels" in text
    assert "3.11" in text
    if template.endswith(".bat"):
        assert text.count("\r\n") == text.count("\n")  # cmd.exe wants CRLF
    else:
        assert "\r" not in text


def test_every_platform_is_resolved_for_every_python() -> None:
    assert set(wheelhouse.PLATFORMS) == {
        "windows-x86_64",
        "macos-arm64",
        "macos-x86_64",
        "linux-x86_64",
    }
    assert wheelhouse.PYTHONS[0] == "3.11"
    linux = wheelhouse.PLATFORMS["linux-x86_64"]
    assert "manylinux_2_35_x86_64" in linux  # the glibc floor: Ubuntu 22.04
    assert not any(tag.startswith("manylinux_2_36") for tag in linux)


def _key(tmp_path: Path) -> tuple[Path, Path]:
    pair = minisign.KeyPair.generate()
    secret, public = tmp_path / "k.key", tmp_path / "k.pub"
    secret.write_bytes(bytes(pair.secret_key) + b"\n")
    public.write_bytes(bytes(pair.public_key) + b"\n")
    return secret, public


def test_signing_refuses_an_unknown_key_and_signs_with_a_known_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    house = tmp_path / "house"
    house.mkdir()
    (house / WHEEL.name).write_bytes(b"PK wheel")
    write_manifest(house)
    secret, public = _key(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717459200")
    monkeypatch.setattr(wheelhouse, "KEYS_DIR", tmp_path / "no-keys")
    with pytest.raises(SystemExit, match="refusing to sign"):
        wheelhouse.sign(house, secret)
    assert not (house / "MANIFEST.sha256.minisig").exists()
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "k.pub").write_bytes(public.read_bytes())
    monkeypatch.setattr(wheelhouse, "KEYS_DIR", keys)
    wheelhouse.sign(house, secret)
    report = verify_bundle(house, keys=[parse_public_key(public.read_bytes(), public)])
    assert report.ok, report.lines()
    assert os.environ["SOURCE_DATE_EPOCH"] == "1717459200"
