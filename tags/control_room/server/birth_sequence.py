"""The Sparkplug node's bdSeq across restarts: a small file in the server's data folder.

Sparkplug B pairs each NDEATH (the broker's will for one connection) with the NBIRTH of that
connection by ``bdSeq``, counted 0 to 255 and round again over the node's connections. A host
keeps the bdSeq of the birth it follows and ignores a death that names another one: the will
of an earlier session the broker delivers late (a connection it had not yet found dead when
the restarted server connected). That works across restarts only if the count goes on from
where the previous run left it, so each bdSeq taken is written here before its connection is
made (replaced at once, never half-written), and a new run starts with the next one.

A file that cannot be read (damaged, not a number) is logged with its path and the count
starts at 0, as on a first start: the server must not stay down for a counter.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from tags.paths import private_file

log = logging.getLogger(__name__)

BD_SEQ_FILE = "sparkplug-bdseq"
"""The file's name in the server's data folder."""
BD_SEQ_RANGE = 256
"""bdSeq counts 0 to 255, then 0 again."""


class BirthSequence:
    """The node's bdSeq, one per connection, continued from the previous run's file
    (``path`` None: counted in memory from 0)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.last: int | None = read_bd_seq(path) if path is not None else None
        """The bdSeq taken last (by this run or, at start, by the previous one)."""

    def take(self) -> int:
        """The bdSeq of the next connection (kept in the file before it is used)."""
        value = 0 if self.last is None else (self.last + 1) % BD_SEQ_RANGE
        self.last = value
        if self.path is not None:
            try:
                write_bd_seq(self.path, value)
            except OSError as exc:  # the connection goes on; a restart may repeat a bdSeq
                log.error("Sparkplug node: bdSeq %d could not be kept in %s (%s)",
                          value, self.path, exc)  # fmt: skip
        return value


def read_bd_seq(path: Path) -> int | None:
    """The bdSeq a previous run kept in ``path`` (None: none kept, or unreadable: logged)."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("Sparkplug node: %s cannot be read (%s): bdSeq starts at 0", path, exc)
        return None
    if not text.isdigit() or int(text) >= BD_SEQ_RANGE:
        log.warning("Sparkplug node: %s holds %r, not a bdSeq (0 to %d): bdSeq starts at 0",
                    path, text[:20], BD_SEQ_RANGE - 1)  # fmt: skip
        return None
    return int(text)


def write_bd_seq(path: Path, value: int) -> None:
    """Replace ``path`` with ``value`` at once: a spare file beside it, flushed to disk, then
    renamed over it (a crash leaves the old count or the new one, never half of one)."""
    spare = private_file(path.with_name(f".{path.name}.new"))
    with spare.open("w", encoding="ascii") as handle:
        handle.write(f"{value}\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(spare, path)
