"""Help → Verify this copy names symbolic links (a planted ``_internal/libEGL.so.1`` link, a
``Data`` folder that is a link) and calls the copy changed."""

from __future__ import annotations

from pathlib import Path

from archive_app.core.distribution import verify_bundle
from archive_app.gui import i18n
from archive_app.gui.verify_dialog import bundle_headline, bundle_report_text
from tests.bundle_helpers import make_signed_bundle, new_key


def test_links_are_named_and_fail_the_copy(tmp_path: Path) -> None:
    key = new_key()
    bundle = make_signed_bundle(tmp_path / "b", key)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "libEGL.so.1").write_bytes(b"\x7fELF")
    (bundle / "Data").symlink_to(tmp_path / "elsewhere")
    (bundle / "_internal" / "libEGL.so.1").symlink_to("../Data/libEGL.so.1")
    report = verify_bundle(bundle, keys=[key.trusted])
    i18n.set_language("en")
    text = bundle_report_text(report)
    assert "Symbolic link (the app never holds one" in text
    assert text.count("Symbolic link") == 2 and "_internal/libEGL.so.1" in text
    assert bundle_headline(report).startswith("This copy has been changed")
    i18n.set_language("zh_Hant")
    try:
        assert "符號連結" in bundle_report_text(report)
    finally:
        i18n.set_language("en")
