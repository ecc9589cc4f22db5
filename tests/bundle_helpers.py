"""Fake app bundles for the tests: a few files, a manifest, and a signature by a test key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import minisign

from archive_app.core.distribution import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    TrustedKey,
    parse_public_key,
    write_manifest,
)


@dataclass
class SigningKey:
    pair: Any
    trusted: TrustedKey

    def sign(self, bundle: Path, comment: str = "version:0.1.0 built:2026-06-04") -> Path:
        data = (bundle / MANIFEST_NAME).read_bytes()
        signature = self.pair.secret_key.sign(data, trusted_comment=comment)
        target = bundle / SIGNATURE_NAME
        target.write_bytes(bytes(signature) + b"\n")
        return target

    def write_pub(self, folder: Path, name: str = "test.pub") -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(bytes(self.pair.public_key) + b"\n")
        return path


def new_key() -> SigningKey:
    pair = minisign.KeyPair.generate()
    return SigningKey(pair, parse_public_key(bytes(pair.public_key), "test.pub"))


def make_bundle(root: Path) -> Path:
    """A small fake bundle: an executable, a library folder, data with a Chinese name."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "june-fourth-archive").write_bytes(b"\x7fELF fake executable\n")
    (root / "june-fourth-archive").chmod(0o755)
    (root / "_internal" / "lib").mkdir(parents=True)
    (root / "_internal" / "lib" / "libfoo.so").write_bytes(b"library" * 1000)
    (root / "_internal" / "archive_data" / "六四").mkdir(parents=True)
    (root / "_internal" / "archive_data" / "六四" / "2021.json").write_text(
        '{"year": 2021}\n', encoding="utf-8"
    )
    (root / "VERIFY.txt").write_text("check me\n", encoding="utf-8")
    return root


def make_signed_bundle(root: Path, key: SigningKey) -> Path:
    make_bundle(root)
    write_manifest(root)
    key.sign(root)
    return root
