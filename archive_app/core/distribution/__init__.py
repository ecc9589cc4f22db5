"""Distribution: the bundle's manifest and signature, and copies to USB sticks.

The public face of ``archive_app.core.distribution``: other packages import from here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive_app.core._face import lazy_exports

if TYPE_CHECKING:
    from archive_app.core.distribution.bundle import (
        CAVEAT,
        MANIFEST_NAME,
        SIGNATURE_NAME,
        BundleReport,
        ManifestEntry,
        SignatureCheck,
        SignatureStatus,
        TrustedKey,
        check_signature,
        external_commands,
        is_os_litter,
        list_bundle_files,
        load_trusted_keys,
        manifest_text,
        parse_manifest,
        parse_public_key,
        trusted_keys_dir,
        verify_bundle,
        write_manifest,
    )
    from archive_app.core.distribution.stickcopy import (
        PARTIAL_PREFIX,
        CopyFailed,
        CopyPlan,
        CopyResult,
        copy_bundle,
        find_source_bundle,
        plan_copy,
    )

_TABLE = {
    "BundleReport": "bundle",
    "CAVEAT": "bundle",
    "CopyFailed": "stickcopy",
    "CopyPlan": "stickcopy",
    "CopyResult": "stickcopy",
    "MANIFEST_NAME": "bundle",
    "ManifestEntry": "bundle",
    "PARTIAL_PREFIX": "stickcopy",
    "SIGNATURE_NAME": "bundle",
    "SignatureCheck": "bundle",
    "SignatureStatus": "bundle",
    "TrustedKey": "bundle",
    "check_signature": "bundle",
    "copy_bundle": "stickcopy",
    "external_commands": "bundle",
    "find_source_bundle": "stickcopy",
    "is_os_litter": "bundle",
    "list_bundle_files": "bundle",
    "load_trusted_keys": "bundle",
    "manifest_text": "bundle",
    "parse_manifest": "bundle",
    "parse_public_key": "bundle",
    "plan_copy": "stickcopy",
    "trusted_keys_dir": "bundle",
    "verify_bundle": "bundle",
    "write_manifest": "bundle",
}
__all__ = [
    "CAVEAT",
    "MANIFEST_NAME",
    "PARTIAL_PREFIX",
    "SIGNATURE_NAME",
    "BundleReport",
    "CopyFailed",
    "CopyPlan",
    "CopyResult",
    "ManifestEntry",
    "SignatureCheck",
    "SignatureStatus",
    "TrustedKey",
    "check_signature",
    "copy_bundle",
    "external_commands",
    "find_source_bundle",
    "is_os_litter",
    "list_bundle_files",
    "load_trusted_keys",
    "manifest_text",
    "parse_manifest",
    "parse_public_key",
    "plan_copy",
    "trusted_keys_dir",
    "verify_bundle",
    "write_manifest",
]
__getattr__ = lazy_exports(__name__, _TABLE)
