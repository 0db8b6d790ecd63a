"""The audit trail's secret key: 32 random bytes, hex, in an owner-only file beside the trail.

Every record appended is signed with HMAC-SHA256 under this key, so whoever edits the trail
without the key cannot make a record that verifies. The key is made on the first append
(``audit.db`` -> ``audit.key``, mode 0600) and never replaced: a trail whose key is gone
cannot be checked, and appending to it is refused instead of starting over with a new key.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from tags.paths import private_file
from tags.sqlite_file import DataFileError

KEY_BYTES = 32


class AuditKeyError(DataFileError):
    """The key file is unreadable, malformed, or missing where the trail needs it."""


def key_path(trail: Path) -> Path:
    """Where the key of the trail at ``trail`` lives (``audit.db`` -> ``audit.key``)."""
    return trail.with_suffix(".key")


def load_key(path: Path) -> bytes | None:
    """The key in ``path``, None when there is no such file; AuditKeyError when it is bad."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditKeyError(f"{path}: audit key unreadable ({exc})") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise AuditKeyError(f"{path}: not an audit key ({KEY_BYTES} bytes in hex expected)")
    return key


def create_key(path: Path) -> bytes:
    """Make a new key file at ``path`` (0600), or read the one another process made first."""
    existing = load_key(path)
    if existing is not None:
        return existing
    spare = private_file(path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.new"))
    try:
        spare.write_text(secrets.token_hex(KEY_BYTES) + "\n", encoding="ascii")
        with contextlib.suppress(FileExistsError):  # another process won the race: use its key
            os.link(spare, path)  # appears whole, and never over an existing key
    finally:
        spare.unlink(missing_ok=True)
    key = load_key(path)
    assert key is not None
    return key


def mac(key: bytes, text: str) -> str:
    """HMAC-SHA256 of ``text`` under ``key``, in hex."""
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    """Compare two MACs in constant time."""
    return hmac.compare_digest(a.encode("ascii", "replace"), b.encode("ascii", "replace"))
