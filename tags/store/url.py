"""The store a project records into: ``sqlite`` (the data folder's files, the default) or a
shared PostgreSQL server, ``postgresql://user@host:port/db``.

A password never comes from the project file or the command line (both are read by others):
it comes from the environment (``HMI_STORE_PASSWORD``, or libpq's own ``PGPASSWORD``) or an
owner-only secrets file in libpq's ``.pgpass`` format (``[store] secrets = "PATH"``, else
libpq's ``PGPASSFILE`` or ``~/.pgpass``).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from tags.i18n.catalogue import text as tr

PASSWORD_VARIABLE = "HMI_STORE_PASSWORD"
DEFAULT_PORT = 5432


class StoreConfigError(ValueError):
    """A store URL or ``[store]`` setting that cannot be used; the message says where."""


@dataclass(frozen=True)
class StoreUrl:
    """Which store, and for PostgreSQL how to reach it (never with a password)."""

    kind: Literal["sqlite", "postgresql"]
    host: str = ""
    port: int = DEFAULT_PORT
    user: str = ""
    database: str = ""
    secrets: Path | None = None
    """A libpq password file (owner-only), when the project names one."""
    options: dict[str, str] = field(default_factory=dict)

    @property
    def is_postgresql(self) -> bool:
        return self.kind == "postgresql"

    def __str__(self) -> str:
        if self.kind == "sqlite":
            return "sqlite"
        user = f"{self.user}@" if self.user else ""
        return f"postgresql://{user}{self.host}:{self.port}/{self.database}"

    def as_user(self, user: str) -> StoreUrl:
        """The same server and database, connecting as another role."""
        return StoreUrl(
            self.kind, self.host, self.port, user, self.database, self.secrets, self.options
        )

    def connect_kwargs(self) -> dict[str, str | int]:
        """Keyword arguments for ``psycopg.connect`` (the password from the environment or
        the secrets file; libpq reads PGPASSWORD and ~/.pgpass by itself)."""
        kwargs: dict[str, str | int] = {
            "host": self.host,
            "port": self.port,
            "dbname": self.database,
            "application_name": "operator-console",
        }
        if self.user:
            kwargs["user"] = self.user
        password = os.environ.get(PASSWORD_VARIABLE)
        if password:
            kwargs["password"] = password
        if self.secrets is not None:
            kwargs["passfile"] = str(check_secrets_file(self.secrets))
        kwargs.update(self.options)
        return kwargs


SQLITE = StoreUrl("sqlite")


def parse_store_url(text: str, *, where: str, secrets: str | Path | None = None) -> StoreUrl:
    """``sqlite`` or ``postgresql://user@host:port/db[?option=value]``; ``where`` names the
    file and field (or command-line option) the text came from, for the error."""
    text = text.strip()
    if text in ("", "sqlite"):
        return SQLITE
    parts = urlsplit(text)
    if parts.scheme not in ("postgresql", "postgres"):
        raise StoreConfigError(tr("config.store.not_url", where=where, url=repr(text)))
    if parts.password is not None:
        raise StoreConfigError(tr("config.store.password", where=where, variable=PASSWORD_VARIABLE))
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise StoreConfigError(tr("config.store.port", where=where, url=repr(text))) from None
    database = unquote(parts.path.lstrip("/"))
    if not parts.hostname or not database:
        raise StoreConfigError(tr("config.store.host", where=where, url=repr(text)))
    options: dict[str, str] = {}
    for pair in filter(None, parts.query.split("&")):
        key, _, value = pair.partition("=")
        if key in ("password", "passfile"):
            raise StoreConfigError(tr("config.store.option", where=where, key=key))
        options[unquote(key)] = unquote(value)
    return StoreUrl(
        "postgresql",
        host=parts.hostname,
        port=port,
        user=unquote(parts.username or ""),
        database=database,
        secrets=Path(secrets).expanduser() if secrets else None,
        options=options,
    )


def check_secrets_file(path: Path) -> Path:
    """The secrets file, if it exists and only its owner may read it."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        why = tr("config.store.secrets_unreadable", path=path, why=exc)
        raise StoreConfigError(why) from None
    if os.name != "nt" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        mode_text = f"{stat.S_IMODE(mode):o}"
        raise StoreConfigError(tr("config.store.secrets_open", path=path, mode=mode_text))
    return path
