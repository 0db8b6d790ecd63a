"""Where the console keeps its state: one data folder, one config folder.

The data folder holds users, the audit trail, the historian and client certificates. It is
the platformdirs user data folder unless ``--data-dir`` or ``HMI_DATA_DIR`` says otherwise.
Secrets (OPC UA user names and passwords) live in the config folder, never in a project.
Both folders are owner-only (0700) and every file the engine makes in them too (0600): a
folder or file found wider is tightened, and that is logged once.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "operator-console"
DATA_ENV = "HMI_DATA_DIR"
CONFIG_ENV = "HMI_CONFIG_DIR"
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_POSIX = os.name == "posix"  # elsewhere the mode bits do not control who may read
_reported: set[Path] = set()


def data_dir(override: str | Path | None = None) -> Path:
    """The data folder (created if missing): argument, then $HMI_DATA_DIR, then platformdirs."""
    chosen = override or os.environ.get(DATA_ENV) or platformdirs.user_data_dir(APP_NAME)
    return private_dir(Path(chosen).expanduser())


def config_dir(override: str | Path | None = None) -> Path:
    """The config folder for secrets: argument, then $HMI_CONFIG_DIR, then platformdirs."""
    chosen = override or os.environ.get(CONFIG_ENV) or platformdirs.user_config_dir(APP_NAME)
    return private_dir(Path(chosen).expanduser())


def private_dir(path: Path) -> Path:
    """``path`` as an owner-only folder: made 0700 (with any missing parents), or tightened."""
    made = not path.exists()
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if made and _POSIX:
        os.chmod(path, PRIVATE_DIR)  # mkdir's mode passes through the umask
    else:
        tighten(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """``path`` as an owner-only file: made empty with mode 0600 when missing, else tightened
    (opening it for writing later keeps the mode)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        tighten(path, PRIVATE_FILE)
        return path
    try:
        if _POSIX:
            os.fchmod(fd, PRIVATE_FILE)  # the umask may have taken the owner's bits too
    finally:
        os.close(fd)
    return path


def tighten(path: Path, allowed: int) -> None:
    """Take from ``path`` the permission bits beyond ``allowed`` (logged once per path)."""
    if not _POSIX:
        return
    mode = stat.S_IMODE(path.stat().st_mode)
    if not mode & ~allowed:
        return
    os.chmod(path, mode & allowed)
    if path not in _reported:
        _reported.add(path)
        log.warning(
            "%s had mode %04o (group or others had access): tightened to %04o",
            path,
            mode,
            mode & allowed,
        )
