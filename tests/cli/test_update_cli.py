"""``update build|apply|list`` end to end, in a fresh portable folder, and ``verify`` reporting
each held update with its signature."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive_app.cli import main
from tests.bundle_helpers import SigningKey, new_key
from tests.update_helpers import maintainer_archive


@pytest.fixture
def key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SigningKey:
    """A throwaway release key: its public half is the one key the app trusts."""
    key = new_key()
    keys_dir = tmp_path / "keys"
    key.write_pub(keys_dir)
    monkeypatch.setattr("archive_app.core.distribution.bundle.trusted_keys_dir", lambda: keys_dir)
    return key


def _secret_file(tmp_path: Path, key: SigningKey) -> Path:
    path = tmp_path / "release.key"
    path.write_bytes(bytes(key.pair.secret_key))
    return path


def _build(tmp_path: Path, key: SigningKey, capsys: pytest.CaptureFixture[str]) -> Path:
    archive = maintainer_archive(tmp_path)
    out = tmp_path / "2022.jfa"
    code = main(
        [
            "update",
            "build",
            str(out),
            "--archive",
            str(archive),
            "--years",
            "2022",
            "--sign-key",
            str(_secret_file(tmp_path, key)),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert f"wrote {out}" in printed
    assert "signed comment: june-fourth-archive update made:" in printed
    assert "statements:2022" in printed
    assert key.trusted.fingerprint in printed
    return out


def test_build_apply_and_show_as_a_signed_update(
    tmp_path: Path, key: SigningKey, capsys: pytest.CaptureFixture[str]
) -> None:
    update = _build(tmp_path, key, capsys)
    stick = tmp_path / "stick"
    portable = ["--portable", str(stick)]

    assert main(["update", "apply", str(update), "--dry-run", *portable]) == 0
    out = capsys.readouterr().out
    assert "2022: new: SYNTHETIC TEST FIXTURE" in out and "nothing was written" in out
    assert not (stick / "Data").exists()

    assert main(["update", "apply", str(update), *portable]) == 0
    out = capsys.readouterr().out
    assert "good signature by key" in out and "applied: stored in" in out
    held = sorted(p.name for p in (stick / "Data" / "updates").iterdir())
    assert len(held) == 2 and held[1] == held[0] + ".jfa"

    assert main(["list", *portable]) == 0
    out = capsys.readouterr().out
    short = " ".join(key.trusted.fingerprint.split()[:4])
    assert f"[signed update of {out.split('signed update of ')[1][:10]}, key {short}]" in out
    assert main(["list", "--json", *portable]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["year"], r["origin"]) for r in rows] == [(2021, "shipped"), (2022, "update")]
    assert rows[1]["update"]["fingerprint"] == key.trusted.fingerprint
    assert rows[1]["note"].startswith("signed update of ")

    assert main(["show", "2022", "--lang", "en", *portable]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[2022: signed update of ")
    assert "SYNTHETIC TEST FIXTURE paragraph one" in out

    assert main(["search", "SYNTHETIC", "--format", "json", *portable]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and all(h["origin"] == "update" for h in hits)

    assert main(["update", "list", *portable]) == 0
    assert "signed update of " in capsys.readouterr().out

    # Applying again writes nothing.
    assert main(["update", "apply", str(update), *portable]) == 0
    assert "already applied" in capsys.readouterr().out
    assert len(list((stick / "Data" / "updates").iterdir())) == 2


def test_verify_reports_each_update_and_its_signature(
    tmp_path: Path, key: SigningKey, capsys: pytest.CaptureFixture[str]
) -> None:
    update = _build(tmp_path, key, capsys)
    portable = ["--portable", str(tmp_path / "stick")]
    assert main(["update", "apply", str(update), *portable]) == 0
    capsys.readouterr()
    assert main(["verify", *portable]) == 0
    out = capsys.readouterr().out
    assert "signed update 2026-" in out or "signed update 20" in out
    assert ": OK: " in out and "good signature by key" in out
    assert key.trusted.fingerprint in out

    folder = next(p for p in (tmp_path / "stick" / "Data" / "updates").iterdir() if p.is_dir())
    statement = folder / "data" / "statements" / "2022.json"
    statement.write_bytes(statement.read_bytes().replace(b"SYNTHETIC", b"ALTERED!!"))
    assert main(["verify", *portable]) == 1
    out, err = capsys.readouterr()
    assert ": FAILED: " in out and "2022.json was changed" in err
    # The altered update is no longer shown at all.
    assert main(["list", "--json", *portable]) == 0
    captured = capsys.readouterr()
    assert [r["year"] for r in json.loads(captured.out)] == [2021]
    assert "was changed" in captured.err


def test_apply_refused_names_the_reason_and_writes_nothing(
    tmp_path: Path, key: SigningKey, capsys: pytest.CaptureFixture[str]
) -> None:
    update = _build(tmp_path, key, capsys)
    data = bytearray(update.read_bytes())
    data[data.find(b"SYNTHETIC") + 1] ^= 0x20  # one letter's case, inside a stored entry
    tampered = tmp_path / "tampered.jfa"
    tampered.write_bytes(bytes(data))
    stick = tmp_path / "stick"
    assert main(["update", "apply", str(tampered), "--portable", str(stick)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {tampered}: refused: ")
    assert not (stick / "Data" / "updates").exists()


def test_apply_refuses_an_update_signed_with_another_key(
    tmp_path: Path, key: SigningKey, capsys: pytest.CaptureFixture[str]
) -> None:
    update = _build(tmp_path, new_key(), capsys)  # built with a key the app does not carry
    stick = tmp_path / "stick"
    assert main(["update", "apply", str(update), "--portable", str(stick)]) == 2
    assert "a key this app does not know" in capsys.readouterr().err
    assert not (stick / "Data").exists()
