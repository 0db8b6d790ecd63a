"""Where the console keeps its state: one data folder, one config folder.

The data folder holds users, the audit trail, the historian and client certificates. It is
the platformdirs user data folder unless ``--data-dir`` or ``HMI_DATA_DIR`` says otherwise.
Secrets (OPC UA user names and passwords) live in the config folder, never in a project.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "operator-console"
DATA_ENV = "HMI_DATA_DIR"
CONFIG_ENV = "HMI_CONFIG_DIR"


def data_dir(override: str | Path | None = None) -> Path:
    """The data folder (created if missing): argument, then $HMI_DATA_DIR, then platformdirs."""
    chosen = override or os.environ.get(DATA_ENV) or platformdirs.user_data_dir(APP_NAME)
    path = Path(chosen).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir(override: str | Path | None = None) -> Path:
    """The config folder for secrets: argument, then $HMI_CONFIG_DIR, then platformdirs."""
    chosen = override or os.environ.get(CONFIG_ENV) or platformdirs.user_config_dir(APP_NAME)
    path = Path(chosen).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path
