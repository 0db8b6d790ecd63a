"""A validated cache of large tag lists, keyed by file content.

Parsing and validating a 50,000-tag list takes seconds; unpickling the tags it gave takes a
fraction of that. After a project loads without a single problem, its tags are kept in the
data folder under a key made of the project file's bytes, every tag list's name and bytes,
the engine's own source and the Python version. A later load with the same key takes the
tags from there; anything else (a changed file, other code, a missing, stale or corrupt
cache) parses everything as always, so every problem is still reported with its file, line
and key. Only what loaded cleanly is ever kept.

The cache file is owner-only, and only the engine's own classes are unpickled from it.
Small projects (under MIN_BYTES of tag lists) are not cached: they parse in milliseconds.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tags.model import TagDef
from tags.paths import data_dir, private_dir, private_file

log = logging.getLogger(__name__)

MIN_BYTES = 512 * 1024
"""Tag lists smaller than this in total are parsed every time."""
FOLDER = "tag-cache"
CHUNK = 2000
"""Tags per pickle in a cache file: what an unpickler keeps alive until it finishes (every
object it made) stays small, so loading leaves no large holes in the heap."""
_ENGINE = Path(__file__).resolve().parents[1]
_MAGIC = b"tag-cache 1\n"


@functools.cache
def engine_version() -> str:
    """A digest of the engine's source (every module that could shape a tag) and Python's."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(_ENGINE.rglob("*.py")):
        digest.update(str(path.relative_to(_ENGINE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def content_key(project_text: str, tag_files: Iterable[tuple[str, str]]) -> str:
    """The key of a project file's text and its tag lists' (name, text)."""
    digest = hashlib.sha256(engine_version().encode())
    for part in (project_text, *(x for pair in tag_files for x in pair)):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


_MODULES = frozenset({"tags.model", "tags.address"})
"""Where everything a tag definition holds is defined."""


class _EngineUnpickler(pickle.Unpickler):
    """Unpickles only what tag definitions are made of: the classes and functions defined
    in the model and address modules (nothing they import, no attribute of an attribute)."""

    def find_class(self, module: str, name: str) -> Any:
        found = None
        if module in _MODULES and "." not in name:
            found = super().find_class(module, name)
        if getattr(found, "__module__", None) != module:
            raise pickle.UnpicklingError(f"{module}.{name} is not in a tag cache")
        return found


class TagCache:
    """The cache file of one project in a folder (the data folder's tag-cache by default)."""

    def __init__(self, project_path: Path, folder: Path | None = None) -> None:
        self.folder = folder
        name = hashlib.sha256(str(project_path.resolve()).encode()).hexdigest()[:24]
        self.file_name = f"{name}.pickle"

    def _path(self) -> Path:
        folder = self.folder if self.folder is not None else data_dir() / FOLDER
        return private_dir(folder) / self.file_name

    def get(self, key: str) -> dict[str, TagDef] | None:
        """The tags kept under ``key`` in the order they were kept, or None (none kept,
        another key, or unreadable)."""
        header = _MAGIC + key.encode() + b" "
        try:
            with self._path().open("rb") as handle:
                if handle.read(len(header)) != header:
                    return None
                count = int(handle.readline(32))
                tags: dict[str, TagDef] = {}
                while len(tags) < count:
                    chunk = _EngineUnpickler(handle).load()
                    if not isinstance(chunk, list) or not all(type(t) is TagDef for t in chunk):
                        raise pickle.UnpicklingError("not a list of tags")
                    tags.update((tag.name, tag) for tag in chunk)
                if len(tags) != count or handle.read(1):
                    raise pickle.UnpicklingError(f"{len(tags)} tags, expected {count}")
        except OSError:
            return None
        except Exception as exc:  # a corrupt cache is parsed over, never trusted
            log.warning("tag cache %s unreadable (%s): parsing the tag lists", self.file_name, exc)
            return None
        return tags

    def put(self, key: str, tags: dict[str, TagDef]) -> None:
        """Keep ``tags`` under ``key`` (replacing what was kept); a failure is only logged."""
        try:
            path = self._path()
            temporary = private_file(path.with_name(f"{path.name}.{os.getpid()}.tmp"))
            with temporary.open("wb") as handle:
                handle.write(_MAGIC + key.encode() + f" {len(tags)}\n".encode())
                values = list(tags.values())
                for start in range(0, len(values), CHUNK):
                    chunk = values[start : start + CHUNK]
                    pickle.dump(chunk, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except (OSError, pickle.PicklingError) as exc:
            log.warning("tag cache %s not written: %s", self.file_name, exc)
