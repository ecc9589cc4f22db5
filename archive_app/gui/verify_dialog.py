"""Help → Verify this copy: the app checks its own bundle (or, from source, the archive).

The check runs off the GUI thread with a progress bar. The dialog shows the result, the key's
fingerprint to compare by phone, the plain warning that a tampered app could lie about itself,
and the commands that check the copy without trusting the app.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from archive_app.core.distribution import (
    BundleReport,
    SignatureStatus,
    TrustedKey,
    external_commands,
    verify_bundle,
)
from archive_app.core.record import VerifyReport, verify_archive
from archive_app.gui.background import BackgroundTask, Progress
from archive_app.gui.i18n import _

__all__ = ["VerifyDialog", "bundle_report_text", "caveat_text"]


def caveat_text() -> str:
    return _(
        "This check was made by the app itself. A tampered copy of the app could lie about "
        "itself. If it matters, check the copy without trusting the app: on another computer, "
        "run the commands below (they are also in VERIFY.txt beside the app) and compare the "
        "key fingerprint with the person who gave you the copy, by phone or in person."
    )


def _signature_line(report: BundleReport) -> str:
    check = report.signature
    if check.status is SignatureStatus.GOOD:
        return _("Signature: good, made with a key built into this app.")
    if check.status is SignatureStatus.NOT_SIGNED:
        return _(
            "Not signed: this copy carries no signature, so nothing shows who made it. The "
            "checksums only show whether it is complete."
        )
    if check.status is SignatureStatus.UNKNOWN_KEY:
        return _("Signature: made with a key this app does not know (key ID {key_id}).").format(
            key_id=check.key_id
        )
    if check.status is SignatureStatus.NO_TRUSTED_KEYS:
        return _("Signature: cannot be checked, because this app carries no public key.")
    return _("Signature: BAD. The manifest or its signature was changed.")


def bundle_headline(report: BundleReport) -> str:
    if report.problems:
        return _("This copy cannot be checked.")
    if not report.files_ok:
        return _(
            "This copy has been changed. Do not trust it: get a new copy from someone you trust."
        )
    if report.signed:
        return _("This copy is complete and signed: every file matches its checksum.")
    status = report.signature.status
    if status is SignatureStatus.NOT_SIGNED:
        return _("Every file matches its checksum, but this copy is not signed.")
    if status is SignatureStatus.UNKNOWN_KEY:
        return _(
            "Every file matches its checksum, but it is signed with a key this app does not know."
        )
    if status is SignatureStatus.NO_TRUSTED_KEYS:
        return _("Every file matches its checksum, but this app has no key to check the signature.")
    return _("Every file matches its checksum, but the signature is BAD. Do not trust it.")


def bundle_report_text(report: BundleReport) -> str:
    """The details of a bundle check, every line through the UI language."""
    lines = [_("Folder: {path}").format(path=report.root)]
    lines += [_("Problem: {problem}").format(problem=p) for p in report.problems]
    lines.append(_signature_line(report))
    if report.signature.trusted_comment:
        lines.append(
            _("Signed comment: {comment}").format(comment=report.signature.trusted_comment)
        )
    key = report.signature.key
    if key is not None:
        lines.append(_("Key ID: {key_id}").format(key_id=key.key_id))
        lines.append(
            _("Key fingerprint (compare it by phone or in person): {fingerprint}").format(
                fingerprint=key.fingerprint
            )
        )
    if not report.problems:
        lines.append(_("Files checked: {count}").format(count=report.files_checked))
    lines += [
        _("Missing (listed in the manifest, not in this copy): {name}").format(name=n)
        for n in report.missing
    ]
    lines += [
        _("Changed (does not match its checksum): {name}").format(name=n) for n in report.changed
    ]
    lines += [
        _("Extra (not part of the app; it may have been planted): {name}").format(name=n)
        for n in report.extra
    ]
    lines += [
        _(
            "Symbolic link (the app never holds one; it may lead to files outside this copy): "
            "{name}"
        ).format(name=n)
        for n in report.links
    ]
    lines += [
        _("Warning: left by an operating system, safe to delete: {name}").format(name=n)
        for n in report.litter
    ]
    if report.holder_data:
        lines.append(
            _(
                "Not checked: {count} file(s) of your own (the portable marker and Data folder)."
            ).format(count=len(report.holder_data))
        )
    lines += [_("Warning: {problem}").format(problem=p) for p in report.key_problems]
    return "\n".join(lines)


def archive_report_text(report: VerifyReport) -> str:
    lines = [
        _(
            "This app is running from its Python sources, not from a signed bundle, so the app "
            "itself cannot be checked. The archive's data was checked instead."
        ),
        _("Archive: {path}").format(path=report.root),
    ]
    if report.ok:
        lines.append(
            _(
                "The archive is intact: {files} files match their checksums, nothing missing or "
                "extra; {statements} statement(s) valid."
            ).format(files=report.files_checked, statements=report.statements_checked)
        )
    else:
        lines.append(_("The archive has problems:"))
        lines += [f"  {problem}" for problem in report.problems]
    return "\n".join(lines)


class VerifyDialog(QDialog):
    """Checks ``bundle`` (a bundle folder) or, when it is None, the archive at ``archive_root``."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        bundle: Path | None,
        archive_root: Path | None = None,
        keys: Iterable[TrustedKey] | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("verify_dialog")
        self.setWindowTitle(_("Verify this copy"))
        self.resize(760, 560)
        self._bundle = bundle
        self._archive_root = archive_root
        self._keys = list(keys) if keys is not None else None
        self.outcome: BundleReport | VerifyReport | None = None

        self.headline = QLabel(_("Checking every file…"))
        self.headline.setObjectName("verify_headline")
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.details = QPlainTextEdit()
        self.details.setObjectName("verify_details")
        self.details.setReadOnly(True)
        self.caveat = QLabel(caveat_text())
        self.caveat.setObjectName("verify_caveat")
        self.caveat.setWordWrap(True)
        self.commands = QPlainTextEdit()
        self.commands.setObjectName("verify_commands")
        self.commands.setReadOnly(True)
        self.commands.setFont(QFont("monospace"))
        self.commands.setMaximumHeight(110)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.progress)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.caveat)
        layout.addWidget(self.commands)
        layout.addWidget(self.buttons)

        self.task = BackgroundTask(self._job, self)
        self.task.progressed.connect(self._on_progress)
        self.task.succeeded.connect(self._on_done)
        self.task.failed.connect(self._on_failed)
        self.task.finished.connect(lambda: self.buttons.setEnabled(True))

    def start(self) -> None:
        self.task.start()

    def _job(self, progress: Progress) -> BundleReport | VerifyReport:
        if self._bundle is not None:
            return verify_bundle(self._bundle, keys=self._keys, progress=progress)
        if self._archive_root is None:
            raise RuntimeError("VerifyDialog needs a bundle or an archive folder")
        return verify_archive(self._archive_root)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_done(self, result: BundleReport | VerifyReport) -> None:
        self.outcome = result
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        if isinstance(result, BundleReport):
            self.headline.setText(bundle_headline(result))
            self.details.setPlainText(bundle_report_text(result))
            key = result.signature.key
        else:
            if result.ok:
                self.headline.setText(_("The archive is intact; the app is not a signed bundle."))
            else:
                self.headline.setText(
                    _("The archive has problems; the app is not a signed bundle.")
                )
            self.details.setPlainText(archive_report_text(result))
            key = None
        self.commands.setPlainText("\n".join(external_commands(key)))

    def _on_failed(self, message: str) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.headline.setText(_("The check could not be completed."))
        self.details.setPlainText(message)
        self.commands.setPlainText("\n".join(external_commands(None)))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.task.is_running():
            self.task.wait()  # hashing a bundle takes seconds; let it end before closing
        super().closeEvent(event)

    def reject(self) -> None:
        if self.task.is_running():
            return
        super().reject()
