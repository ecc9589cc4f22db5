"""Help → Verify this copy: the app checks its own bundle (or, from source, the archive), and
the user's own archive of statements added locally, which no signature covers.

The check runs off the GUI thread (the one task runner) with a progress bar. The dialog shows
the result, the key's fingerprint to compare by phone, the plain warning that a tampered app
could lie about itself, and the commands that check the copy without trusting the app.
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
from archive_app.core.record import StatementKey, VerifyReport, verify_archive
from archive_app.gui import labels
from archive_app.gui.i18n import _, ngettext
from archive_app.gui.tasks import Progress, TaskRunner, error_message

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
            ngettext(
                "Not checked: {count} file of your own (the portable marker and Data folder).",
                "Not checked: {count} files of your own (the portable marker and Data folder).",
                len(report.holder_data),
            ).format(count=len(report.holder_data))
        )
    lines += [_("Warning: {problem}").format(problem=p) for p in report.key_problems]
    return "\n".join(lines)


def _intact(report: VerifyReport) -> str:
    """``12 files match their checksums, nothing missing or extra; 2 statements valid.``"""
    files = ngettext(
        "{count} file matches its checksum, nothing missing or extra;",
        "{count} files match their checksums, nothing missing or extra;",
        report.files_checked,
    ).format(count=report.files_checked)
    statements = ngettext(
        "{count} statement valid.", "{count} statements valid.", report.statements_checked
    ).format(count=report.statements_checked)
    return f"{files} {statements}"


def archive_report_text(report: VerifyReport) -> str:
    lines = [
        _(
            "This app is running from its Python sources, not from a signed bundle, so the app "
            "itself cannot be checked. The archive's data was checked instead."
        ),
        _("Archive: {path}").format(path=report.root),
    ]
    if report.ok:
        lines.append(_("The archive is intact:") + " " + _intact(report))
    else:
        lines.append(_("The archive has problems:"))
        lines += [f"  {problem}" for problem in report.problems]
    return "\n".join(lines)


def user_archive_text(report: VerifyReport, local: list[StatementKey]) -> str:
    """The user's own archive: checked, and said plainly to be outside the signature."""
    lines = [
        "",
        _(
            "Your own archive (statements added locally, not signed): {path}. No signature "
            "covers these texts: they are not part of the published archive."
        ).format(path=report.root),
    ]
    if local:
        lines.append(
            ngettext(
                "{count} text added locally, not signed: {names}",
                "{count} texts added locally, not signed: {names}",
                len(local),
            ).format(count=len(local), names=", ".join(labels.statement_label(k) for k in local))
        )
    if report.ok:
        lines.append(_("Its files are intact:") + " " + _intact(report))
    else:
        lines.append(_("Your own archive has problems:"))
        lines += [f"  {problem}" for problem in report.problems]
    return "\n".join(lines)


UpdateChecks = list[tuple[Path, bool, list[str]]]
Outcome = tuple[BundleReport | VerifyReport, VerifyReport | None, UpdateChecks]


def updates_text(checks: UpdateChecks) -> str:
    """Each signed update held: checked again against the built-in keys, named."""
    lines: list[str] = []
    for folder, passed, details in checks:
        if passed:
            lines.append(
                _("Signed update {name}: signature and files intact.").format(name=folder.name)
            )
        else:
            lines.append(
                _("Signed update {name}: FAILED, it is left out of the library.").format(
                    name=folder.name
                )
            )
        lines += [f"    {line}" for line in details]
    return "\n".join(["", *lines]) if lines else ""


class VerifyDialog(QDialog):
    """Checks ``bundle`` (a bundle folder) or, when it is None, the archive at ``archive_root``;
    and the user's own archive at ``user_root`` when it exists (``local`` names its texts)."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        bundle: Path | None,
        archive_root: Path | None = None,
        keys: Iterable[TrustedKey] | None = None,
        user_root: Path | None = None,
        local: list[StatementKey] | None = None,
        updates_dir: Path | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("verify_dialog")
        self.setWindowTitle(_("Verify this copy"))
        self.resize(760, 560)
        self._bundle = bundle
        self._archive_root = archive_root
        self._keys = list(keys) if keys is not None else None
        self._user_root = user_root
        self._updates_dir = updates_dir
        self.update_checks: UpdateChecks = []
        self._local = list(local or [])
        self.outcome: BundleReport | VerifyReport | None = None
        self.user_outcome: VerifyReport | None = None

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

        self.tasks = TaskRunner(self)

    def start(self) -> None:
        self.tasks.run(
            self._job, self._on_done, self._on_failed, on_progress=self._on_progress,
            with_progress=True,
        )  # fmt: skip

    def is_running(self) -> bool:
        return self.tasks.busy

    def _job(self, progress: Progress) -> Outcome:
        main: BundleReport | VerifyReport
        if self._bundle is not None:
            main = verify_bundle(self._bundle, keys=self._keys, progress=progress)
        elif self._archive_root is not None:
            main = verify_archive(self._archive_root)
        else:
            raise RuntimeError("VerifyDialog needs a bundle or an archive folder")
        checks: UpdateChecks = []
        if self._updates_dir is not None and self._updates_dir.is_dir():
            from archive_app.core.distribution import verify_held_updates

            checks = verify_held_updates(self._updates_dir)
        user = self._user_root
        if user is None or not (user / "bagit.txt").is_file():
            return main, None, checks
        return main, verify_archive(user), checks

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_done(self, outcome: Outcome) -> None:
        self.buttons.setEnabled(True)
        result, local, checks = outcome
        self.outcome = result
        self.user_outcome = local
        self.update_checks = checks
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
        if checks:
            self.details.appendPlainText(updates_text(checks))
            if not all(passed for _folder, passed, _lines in checks):
                self.headline.setText(
                    self.headline.text() + " " + _("A signed update held here failed its check.")
                )
        if local is not None:
            self.details.appendPlainText(user_archive_text(local, self._local))
            if not local.ok:
                self.headline.setText(
                    self.headline.text() + " " + _("Your own archive has problems.")
                )
            elif self._local:
                self.headline.setText(
                    self.headline.text()
                    + " "
                    + ngettext(
                        "It also holds {count} text added locally, not signed.",
                        "It also holds {count} texts added locally, not signed.",
                        len(self._local),
                    ).format(count=len(self._local))
                )
        self.commands.setPlainText("\n".join(external_commands(key)))

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        message = error_message(exc)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.headline.setText(_("The check could not be completed."))
        self.details.setPlainText(message)
        self.commands.setPlainText("\n".join(external_commands(None)))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_running():
            self.tasks.wait()  # hashing a bundle takes seconds; let it end before closing
        super().closeEvent(event)

    def reject(self) -> None:
        if self.is_running():
            return
        super().reject()
